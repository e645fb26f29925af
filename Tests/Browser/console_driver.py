"""What the console tests do in a browser, as a person would: sign in, fill, press, look.

One Browser per person at the screen (a duty officer and a second one can watch the same
alert at once). Every check prints what it saw; the first that fails takes a screenshot, prints
the page's text and ends the run with a non-zero status.
"""
import json
import os
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


class Shots:
    """Numbered screenshots in one folder, emptied at the start of a run."""

    def __init__(self, folder):
        self.folder = folder
        self.number = 0
        os.makedirs(folder, exist_ok=True)
        for old in os.listdir(folder):
            os.remove(os.path.join(folder, old))

    def path(self, name):
        self.number += 1
        return os.path.join(self.folder, f"{self.number:02d}-{name}.png")


class Browser:
    def __init__(self, shots, width=1280, height=900, scripts=True):
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         f"--window-size={width},{height}", "--lang=zh-CN"):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
        # Chromium's window is at least 500 pixels wide; a phone's viewport is set by emulation.
        if width < 500:
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
        if not scripts:
            self.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        self.shots = shots

    def check(self, condition, what):
        if not condition:
            self.shot("failed")
            print(f"FAILED: {what}\nat {self.driver.current_url}\n{self.text()[:1500]}", file=sys.stderr)
            sys.exit(1)
        print(f"ok: {what}")

    def shot(self, name):
        self.driver.save_screenshot(self.shots.path(name))

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def text_of(self, element_id):
        """The text of the element with this id, or None when the page has none."""
        found = self.driver.find_elements(By.ID, element_id)
        return found[0].text if found else None

    def get(self, url):
        self.driver.get(url)

    def fill(self, field_id, value):
        # A page that has just replaced another can hand out a node of the old one: try again.
        for attempt in range(5):
            try:
                element = self.driver.find_element(By.ID, field_id)
                element.clear()
                element.send_keys(value)
                return
            except WebDriverException:
                if attempt == 4:
                    raise
                time.sleep(0.3)

    def choose(self, field_id, value):
        Select(self.driver.find_element(By.ID, field_id)).select_by_value(value)

    def tick(self, field_id):
        box = self.driver.find_element(By.ID, field_id)
        if not box.is_selected():
            self.driver.find_element(By.CSS_SELECTOR, f"label[for='{field_id}']").click()

    @staticmethod
    def gone(element):
        """Whether a node belongs to a page that has been replaced (Chromium says so in more than one way)."""
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True

    def press(self, name=None, value=None, css=None):
        """Clicks a submit button and waits until the answer's page has replaced this one."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        selector = css or f"button[name='{name}'][value='{value}']"
        self.driver.find_element(By.CSS_SELECTOR, selector).click()
        WebDriverWait(self.driver, 20).until(lambda d: self.gone(page))
        WebDriverWait(self.driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def sign_in(self, base, token, name):
        self.get(base + "/console/")
        self.check("/console/sign-in" in self.driver.current_url, f"{name}: an unsigned browser is sent to sign in")
        self.fill("token", token)
        self.shot(f"{name}-sign-in")
        self.press(css="form[action='/console/sign-in'] button[type=submit]")
        self.check("/console/sign-in" not in self.driver.current_url, f"{name}: signed in")
        cookie = self.driver.get_cookie("civil_console")
        self.check(cookie is not None and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict" and cookie.get("expiry"),
                   f"{name}: the session cookie is HttpOnly, SameSite=Strict, with an expiry")

    def sign_out(self, name):
        self.press(css="form.sign-out button")
        self.check("/console/sign-in" in self.driver.current_url, f"{name}: signed out")
        self.get(self.driver.current_url.split("/console/")[0] + "/console/")
        self.check("/console/sign-in" in self.driver.current_url, f"{name}: after sign-out the console asks to sign in again")

    def every_input_labelled(self):
        unlabelled = self.driver.execute_script("""
            return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                .filter(e => !(e.id && document.querySelector('label[for="' + e.id + '"]')))
                .map(e => e.name);""")
        self.check(unlabelled == [], f"every input on {self.driver.current_url.split('/console')[1]} has a label ({unlabelled})")

    def wait_until(self, condition, what, seconds=60):
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                if condition():
                    break
            except WebDriverException:
                pass
            time.sleep(0.25)
        self.check(condition(), what)

    def quit(self):
        self.driver.quit()


def api(base, path, token, body=None, content_type="application/json"):
    headers = {"Authorization": "Bearer " + token}
    data = None
    if body is not None:
        data = body.encode("utf-8")
        headers["Content-Type"] = content_type
    request = urllib.request.Request(base + path, data=data, headers=headers, method="POST" if body is not None else "GET")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)
