"""The typhoon room in headless Chromium: one duty officer composes a Severe typhoon alert for two
streets, a second approves it from the queue, the first watches the live view's counts change
without a reload while dispatch runs, an area officer marks a resident "needs help" on a
390-pixel-wide page, and the live view shows it.

Started by TyphoonRoomBrowserTests (Swift) with the services' base URLs in the environment.
"""
import os
import sys
import time
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_driver import Browser, Shots, api  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

REGISTRATION = os.environ["REGISTRATION_URL"]
ALERTS = os.environ["ALERTS_URL"]
shots = Shots(os.environ["SCREENSHOTS"])

# Two elders living alone in 保俶路社区 (北山街道), the area officer staff-0310's community.
for identity, name in (("330106193805120047", "王秀英"), ("330106194003030028", "陈桂兰")):
    household = api(REGISTRATION, "/v1/households", "caseworker", '{"areaCode":"330106001001"}')["householdId"]
    api(REGISTRATION, "/v1/residents", "caseworker",
        f'{{"identityNumber":"{identity}","name":"{name}","householdId":"{household}","relationship":"户主","phone":"1390000{identity[-4:]}"}}')

# The alert service learns of residents through Kafka: wait until a Test alert reaches both.
probe = """<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>probe-{n}</identifier><sender>duty@mca.xihu.gov.cn</sender>
<sent>2026-11-29T09:00:00+08:00</sent><status>Test</status><msgType>Alert</msgType><scope>Public</scope>
<info><category>Met</category><event>台风</event><urgency>Expected</urgency><severity>Moderate</severity><certainty>Likely</certainty>
<headline>测试</headline><area><areaDesc>保俶路社区</areaDesc><geocode><valueName>CN-AREA</valueName><value>330106001001</value></geocode></area></info></alert>"""
reached = False
deadline = time.time() + 90
attempt = 0
while not reached and time.time() < deadline:
    attempt += 1
    api(ALERTS, "/v1/alerts", "duty", probe.format(n=attempt), "application/cap+xml")
    for _ in range(40):
        areas = api(ALERTS, f"/v1/alerts/probe-{attempt}/areas", "duty")
        if areas and areas[0].get("dispatch") == "finished":
            reached = areas[0].get("vulnerableToVisit") == 2
            break
        time.sleep(0.1)
if not reached:
    print(f"FAILED: the alert service never learnt of the two residents: {areas}", file=sys.stderr)
    sys.exit(1)
print("ok: the alert service knows the two residents")

# The first duty officer composes the alert from the form and previews it.
duty = Browser(shots, 1280, 1600)
duty.sign_in(ALERTS, "duty", "duty")
duty.get(ALERTS + "/console/alerts/new")
duty.every_input_labelled()
duty.choose("status", "Actual")
duty.choose("severity", "Severe")
duty.fill("event", "台风")
duty.fill("headline", "台风“海葵”橙色预警")
duty.fill("description", "预计今夜至明天白天台风影响我区，有大风暴雨。")
duty.fill("instruction", "请关好门窗，非必要不外出；独居老人请等待社区上门。")
duty.tick("area-330106001")
duty.tick("area-330106101")
duty.shot("compose")
duty.press("intent", "preview")
xml = duty.driver.find_element(By.ID, "cap-xml").text
duty.check("<severity>Severe</severity>" in xml and "<value>330106001</value>" in xml and "<value>330106101</value>" in xml,
           "the CAP 1.2 XML is generated from the form and shown before sending")
duty.check("台风“海葵”橙色预警" in duty.driver.find_element(By.ID, "resident-text").text,
           "the preview shows the text residents will read")
duty.shot("compose-preview")
duty.press("intent", "issue")
duty.check("/console/alerts/" in duty.driver.current_url and duty.text_of("alert-state") == "待审批",
           "the Severe alert waits for a second duty officer")
duty.check(not duty.driver.find_elements(By.CSS_SELECTOR, "form[action$='/approval'] button"),
           "the officer who composed it sees no approve button")
duty.check(duty.driver.find_element(By.ID, "total-notified").text == "0", "nobody is notified before approval")
live_url = duty.driver.current_url
duty.driver.execute_script("window.__sameDocument = 'not reloaded'")

# The second duty officer approves it from the queue, seeing what residents will read.
second = Browser(shots)
second.sign_in(ALERTS, "duty2", "duty2")
second.get(ALERTS + "/console/approvals")
second.check("台风“海葵”橙色预警" in second.text() and "请关好门窗" in second.text(),
             "the approval queue shows the alert as residents will read it")
second.shot("approvals")
second.press(css="form[action$='/approval'] button")
second.check(second.driver.find_element(By.ID, "alert-state").text == "已发布", "the second duty officer's approval issues it")

# The first officer's live view fills in without a reload.
duty.wait_until(lambda: int(duty.driver.find_element(By.ID, "total-notified").text) >= 2,
                "the live view's notified count rises while dispatch runs, through Server-Sent Events")
duty.check(duty.driver.execute_script("return window.__sameDocument") == "not reloaded", "the live view was not reloaded")
duty.check(duty.driver.find_element(By.ID, "alert-state").text == "已发布", "the live view shows the alert issued")
duty.check(duty.driver.find_elements(By.CSS_SELECTOR, "svg.map circle#map-330106001001"), "the district map is drawn")
duty.shot("live-dispatch")

# The area officer, on a phone, marks one resident "needs help".
officer = Browser(shots, 390, 844)
officer.sign_in(ALERTS, "officer", "officer")
officer.get(ALERTS + "/console/follow-up")
visits = officer.driver.find_elements(By.CSS_SELECTOR, "li.visit")
officer.check(len(visits) == 2, "the area officer's list holds the two elders still to visit")
officer.check(officer.driver.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]") == [390, 390],
              "the follow-up list fits a 390-pixel-wide phone")
officer.shot("follow-up-phone")
officer.press(css="li.visit button[value='needs-help']")
officer.check("需要帮助" in officer.text() and "已记录" in officer.text(), "the officer's answer is recorded")
officer.shot("follow-up-recorded")

duty.wait_until(lambda: duty.driver.find_element(By.ID, "total-needsHelp").text == "1",
                "the live view shows the resident who needs help, without a reload")
duty.check(duty.driver.execute_script("return window.__sameDocument") == "not reloaded", "still the same page")
duty.check(duty.driver.find_element(By.ID, "a-330106001001-needsHelp").text == "1", "the community's row counts them")
duty.shot("live-needs-help")

# A Cancel starts from the issued alert: the form comes filled in, referencing it.
duty.get(ALERTS + "/console/alerts")
alert_path = live_url.split("/console/alerts/")[1]
duty.driver.find_element(By.CSS_SELECTOR, f"a[href='/console/alerts/new?from={alert_path}&msgType=Cancel']").click()
duty.check("Cancel" in duty.text(), "a Cancel starts from the issued alert")
duty.press("intent", "preview")
xml = duty.driver.find_element(By.ID, "cap-xml").text
duty.check("<msgType>Cancel</msgType>" in xml and "<references>duty@mca.xihu.gov.cn," in xml,
           "the Cancel's CAP references the alert it cancels")
duty.check(duty.text_of("resident-text").startswith("【预警取消】"), "residents will read that the alert is cancelled")
duty.shot("compose-cancel")

for browser in (duty, second, officer):
    browser.quit()
print("all typhoon room checks passed")
