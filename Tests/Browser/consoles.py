"""Drives the three department consoles in headless Chromium, as staff would use them.

Started by ConsoleBrowserTests (Swift) with the services' base URLs and tokens in the environment.
Each step checks what a person would see; a screenshot of every page goes to SCREENSHOTS.
Exits non-zero (with the failed check) on the first thing that is not as it should be.
"""
import datetime
import os
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_driver import Browser, Shots, api  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

REGISTRATION = os.environ["REGISTRATION_URL"]
RELIEF = os.environ["RELIEF_URL"]
ORGANIZATIONS = os.environ["ORGANIZATIONS_URL"]
shots = Shots(os.environ["SCREENSHOTS"])
b = Browser(shots)
driver = b.driver


def check(condition, what):
    b.check(condition, what)


def shot(name):
    b.shot(name)


def text():
    return b.text()


def fill(field_id, value):
    b.fill(field_id, value)


def choose(field_id, value):
    b.choose(field_id, value)


def press(name=None, value=None, css=None):
    b.press(name, value, css)


def sign_in(base, token, name):
    b.sign_in(base, token, name)


def sign_out(name):
    b.sign_out(name)


def every_input_labelled():
    b.every_input_labelled()


# --- Registration: a household, a resident, dibao submitted by one and approved by another ---
sign_in(REGISTRATION, "caseworker", "caseworker")
driver.get(REGISTRATION + "/console/households/new")
every_input_labelled()
choose("areaCode", "330106101201")
shot("household-new")
press(css="form[action='/console/households'] button")
check("家庭已登记" in text(), "registration: the household is registered")
household_url = driver.current_url.split("?")[0]
every_input_labelled()
fill("identityNumber", "330106193805120048")
fill("name", "王秀英")
fill("relationship", "户主")
press(css="form[action$='/residents'] button")
error = driver.find_elements(By.ID, "identityNumber-error")
check(error and error[0].text, "registration: a wrong check digit is refused with the message beside the identity number")
shot("resident-refused")
check(driver.find_element(By.ID, "name").get_attribute("value") == "王秀英", "registration: what was typed is kept after a refusal")
fill("identityNumber", "330106193805120047")
press(css="form[action$='/residents'] button")
check("成员已登记" in text() and "王秀英" in text(), "registration: the resident is registered and listed")
shot("household")
driver.find_element(By.LINK_TEXT, "申请救助").click()
every_input_labelled()
choose("program", "dibao")
fill("householdMonthlyIncomeFen", "30000")
press("intent", "assess")
check(driver.find_element(By.ID, "top-up").text == "945.00", "registration: the means test shows the top-up before submitting")
shot("application-assessed")
choose("program", "dibao")
press("intent", "submit")
check("申请已提交" in text(), "registration: dibao is submitted")
application_url = driver.current_url.split("?")[0]
check(not driver.find_elements(By.CSS_SELECTOR, "button[value=approve]"), "registration: the caseworker sees no approve button")
shot("application-submitted")

# A form posted without its CSRF token changes nothing.
driver.get(household_url)
driver.execute_script("document.querySelector(\"form[action$='/residents'] input[name=_csrf]\").remove()")
fill("identityNumber", "330106193805120047")
fill("name", "无令牌")
fill("relationship", "配偶")
press(css="form[action$='/residents'] button")
check("表单已失效" in text(), "a form posted without its CSRF token is refused")
shot("csrf-refused")
driver.get(household_url)
check("无令牌" not in text(), "the refused form changed nothing")
sign_out("caseworker")

# A staff member who both submits and approves never sees an approve button on their own submission.
sign_in(REGISTRATION, "caseworker-approver", "caseworker-approver")
driver.get(REGISTRATION + "/console/households/new")
choose("areaCode", "330106101201")
press(css="form[action='/console/households'] button")
fill("identityNumber", "33010619500101001X")
fill("name", "李建国")
fill("relationship", "户主")
press(css="form[action$='/residents'] button")
driver.find_element(By.LINK_TEXT, "申请救助").click()
choose("program", "temporary-relief")
fill("oneOffAmountFen", "50000")
press("intent", "submit")
check("申请已提交" in text(), "registration: a second application is submitted by the caseworker-approver")
check(not driver.find_elements(By.CSS_SELECTOR, "button[value=approve]"), "an approver sees no approve button on their own submission")
driver.get(REGISTRATION + "/console/approvals")
check("本人提交" in text(), "the approvers' queue marks their own submission and offers no review link for it")
driver.get(REGISTRATION + "/console/imports")
every_input_labelled()
fill("csv", "household_ref,area_code,identity_number,name,relationship\nH-1,330106101201,330106193805120047,重复,户主\n")
press("intent", "dry-run")
check("预检报告（未写入）" in text(), "the import shows its dry-run report before anything is written")
shot("import-dry-run")
sign_out("caseworker-approver")

sign_in(REGISTRATION, "approver", "approver")
driver.get(REGISTRATION + "/console/approvals")
shot("approvals")
check(len(driver.find_elements(By.CSS_SELECTOR, "a.review")) == 2, "the approver's queue lists both applications to review")
driver.get(application_url)
press(css="button[value=approve]")
check("审批已记录" in text() and driver.find_element(By.ID, "status").text == "在保", "registration: dibao approved by a second person")
shot("application-approved")
driver.get(REGISTRATION + "/console/residents?program=dibao")
check("王秀英" in text(), "resident search by program finds the new dibao beneficiary")
shot("residents")
sign_out("approver")

# --- Relief: draft, approve and release the payroll run, see its reconciliation ---
now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
months = [now.strftime("%Y-%m"), (now.replace(day=1) + datetime.timedelta(days=32)).strftime("%Y-%m")]
period = None
deadline = time.time() + 90
while period is None and time.time() < deadline:
    for month in months:
        items = api(RELIEF, f"/v1/entitlements?month={month}", "finance").get("items", [])
        if any(item.get("payable") for item in items):
            period = month
            break
    else:
        time.sleep(1)
check(period is not None, "relief holds the approved dibao as a payable entitlement (through Kafka)")

sign_in(RELIEF, "finance", "finance")
driver.get(RELIEF + "/console/programs")
check("最低生活保障" in text() or "低保" in text(), "relief: the program catalog is listed")
shot("programs")
driver.get(RELIEF + "/console/runs")
every_input_labelled()
choose("program", "dibao")
driver.execute_script(f"document.getElementById('period').value = '{period}'")
press(css="form[action='/console/runs'] button")
check("/console/runs/" in driver.current_url and driver.find_element(By.ID, "run-state").text == "草稿", "relief: the run is drafted")
run_url = driver.current_url
check("945.00" in text(), "relief: the draft run pays the approved top-up")
check(not driver.find_elements(By.CSS_SELECTOR, "form[action$='/approval']"), "relief: the drafter cannot approve their own run")
shot("run-draft")
sign_out("finance")
sign_in(RELIEF, "finance-approver", "finance-approver")
driver.get(run_url)
press(css="form[action$='/approval'] button")
check(driver.find_element(By.ID, "run-state").text == "已审批", "relief: the run is approved by a second person")
sign_out("finance-approver")
sign_in(RELIEF, "finance", "finance")
driver.get(run_url)
press(css="form[action$='/release'] button")
check(driver.find_element(By.ID, "run-state").text in ("已发放", "发放中"), "relief: the run is released")
check(driver.find_elements(By.CSS_SELECTOR, "svg.bars rect"), "relief: the reconciliation is drawn as bars")
shot("run-released")
export = driver.find_element(By.LINK_TEXT, "导出支付明细（CSV）").get_attribute("href")
session = driver.get_cookie("civil_console")["value"]
request = urllib.request.Request(export, headers={"Cookie": "civil_console=" + session})
with urllib.request.urlopen(request, timeout=10) as answer:
    csv = answer.read().decode("utf-8-sig")
check(csv.startswith("payment_id,") and "94500" in csv, "relief: the payments export holds the payment")
sign_out("finance")

# --- Organizations: file and approve a name reservation, find it in the public register ---
sign_in(ORGANIZATIONS, "clerk", "clerk")
driver.get(ORGANIZATIONS + "/console/filings/new")
every_input_labelled()
choose("kind", "name-reservation")
fill("name", "西湖区银龄志愿者协会")
choose("organizationKind", "social-group")
fill("domicileAreaCode", "330106")
fill("documents", "名称预先核准申请表")
shot("filing-new")
press(css="form[action='/console/filings'] button")
check("/console/filings/F-" in driver.current_url, "organizations: the name reservation is filed")
filing_url = driver.current_url
check(not driver.find_elements(By.CSS_SELECTOR, "button[value=approve]"), "organizations: the clerk sees no decision buttons")
sign_out("clerk")
sign_in(ORGANIZATIONS, "registrar", "registrar")
driver.get(ORGANIZATIONS + "/console/filings")
check("西湖区银龄志愿者协会" in text(), "organizations: the filing is in the registrar's queue")
shot("filings-queue")
driver.get(filing_url)
shot("filing")
check(not driver.find_elements(By.CSS_SELECTOR, "button[value=approve]"), "organizations: a filing is accepted before it can be approved")
press("action", "accept")
check(driver.find_element(By.ID, "filing-status").text == "已受理", "organizations: the registrar accepts the filing")
press("action", "approve")
check(driver.find_element(By.ID, "filing-status").text == "准予登记", "organizations: the name reservation is approved")
sign_out("registrar")
driver.get(ORGANIZATIONS + "/console/register?name=银龄")
check("/console/sign-in" not in driver.current_url and "西湖区银龄志愿者协会" in text(),
      "organizations: the public register finds it without signing in")
every_input_labelled()
shot("public-register")

# Pages work without JavaScript: the whole sign-in and a search, with scripts switched off.
b.quit()
b = Browser(shots, 390, 844, scripts=False)
driver = b.driver
driver.get(ORGANIZATIONS + "/console/register?name=银龄")
check("西湖区银龄志愿者协会" in text(), "the public register works without JavaScript on a phone-sized page")
shot("public-register-phone")
sign_in(REGISTRATION, "approver", "approver-no-script")
driver.get(REGISTRATION + "/console/residents")
check("王秀英" in text(), "resident search works without JavaScript")
shot("residents-phone")
b.quit()
print("all console checks passed")
