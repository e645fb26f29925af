"""The half-year report as a person opens it: a file in a browser, with nothing fetched from elsewhere.

Checks that it renders its four sections, that its charts are drawn (SVG bars with a width),
that the figures are in the tables, and that it reads on a phone-sized window. Screenshots go
to $SCREENSHOTS.
"""
import os

from selenium.webdriver.common.by import By

from console_driver import Browser, Shots

shots = Shots(os.environ["SCREENSHOTS"])
page = "file://" + os.environ["REPORT_HTML"]

browser = Browser(shots)
browser.get(page)
driver = browser.driver
browser.check(driver.title.startswith("民政工作半年报告"), f"the report has its title ({driver.title})")
sections = [h.text for h in driver.find_elements(By.TAG_NAME, "h2")]
browser.check(sections == ["一、社会救助", "二、养老服务", "三、社会组织", "四、防灾减灾"], f"four sections in the bureau's order ({sections})")
bars = driver.execute_script("""
    return [...document.querySelectorAll('svg.bars')].map(svg => ({
        label: svg.getAttribute('aria-label'),
        drawn: [...svg.querySelectorAll('rect')].filter(r => r.getBoundingClientRect().width > 1).length }));""")
labels = [chart["label"] for chart in bars]
browser.check(len(bars) >= 5 and all(chart["drawn"] > 0 for chart in bars), f"the charts are drawn ({bars})")
for chart in ("临时救助、医疗救助与儿童福利", "低保退出原因", "社会组织登记（本期办结）", "预警信息发布"):
    browser.check(chart in labels, f"a chart of {chart}")
text = browser.text()
for figure in ("2308", "698,000.00", "2,230,000.00", "78,000.00", "1,060.00", "110,000.00"):
    browser.check(figure in text, f"the report shows {figure}")
resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
browser.check(resources == [], f"nothing is fetched from elsewhere ({resources})")
browser.shot("report")
driver.execute_script("window.scrollTo(0, document.body.scrollHeight / 2)")
browser.shot("report-middle")
driver.quit()

phone = Browser(shots, width=390, height=844)
phone.get(page)
overflow = phone.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
phone.check(overflow <= 40, f"the report reads on a phone without much sideways scrolling ({overflow} px)")
phone.shot("report-phone")
phone.driver.quit()
print("all report checks passed")
