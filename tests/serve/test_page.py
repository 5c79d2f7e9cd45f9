"""`kg serve`'s query page: nothing is loaded from elsewhere, and it works in Chromium."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from kg.queries import load_saved

from .conftest import ROOT, get


def test_page_loads_nothing_from_elsewhere(server) -> None:
    status, headers, body = get(server, "")
    html = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert re.findall(r'(?:src|href)="([^"]*)"', html) == ["app.css", "app.js"]
    assert "&lt;https://w3id.org/kg-vn/def#&gt;" in html  # the default query is escaped
    _, headers, js = get(server, "app.js")
    js = js.decode()
    assert headers["Content-Type"].startswith("text/javascript")
    assert not re.search(r"https?://", js)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in js
    _, _, css = get(server, "app.css")
    assert b"url(" not in css and b"@import" not in css


def _chromium():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None
    return (browser, driver) if browser and driver else None


@pytest.mark.skipif(_chromium() is None, reason="needs chromium, chromedriver and selenium")
def test_page_in_a_browser(server, tmp_path) -> None:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser, driver_path = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--window-size=1300,900"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=driver_path)
    driver = webdriver.Chrome(options=options, service=service)
    wait = WebDriverWait(driver, 20)
    try:
        driver.get(server.url + "#positions")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#saved button.active"))
        assert driver.find_element(By.ID, "title").text == load_saved("positions").title
        driver.find_element(By.ID, "run").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results td"))
        cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#results tr")[1:][0]
                 .find_elements(By.TAG_NAME, "td")]
        assert len(cells) == 5
        assert "Trịnh Việt Hùng" in driver.find_element(By.ID, "results").text

        # a saved query with a parameter, run through /saved/NAME
        button = next(b for b in driver.find_elements(By.CSS_SELECTOR, "#saved button")
                      if b.find_element(By.TAG_NAME, "code").text == "person-career")
        button.click()
        field = driver.find_element(By.CSS_SELECTOR, "input[data-param=name]")
        field.clear()
        field.send_keys("Phạm Hoàng Sơn")
        driver.find_element(By.ID, "run").click()
        wait.until(lambda d: "row(s)" in d.find_element(By.ID, "status").text)
        names = {tr.find_elements(By.TAG_NAME, "td")[0].text
                 for tr in driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")}
        assert names == {"Phạm Hoàng Sơn"}
        shots = ROOT / "test-output" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(shots / "serve-query-page.png"))

        # hostile values are shown as text, never run
        hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
        editor = driver.find_element(By.ID, "query")
        text = f'SELECT ?x WHERE {{ BIND({json.dumps(hostile)} AS ?x) }}'
        driver.execute_script("arguments[0].value = arguments[1]", editor, text)
        driver.find_element(By.ID, "run").click()
        wait.until(lambda d: "1 row(s)" in d.find_element(By.ID, "status").text)
        assert driver.find_element(By.CSS_SELECTOR, "#results td").text == hostile
        assert driver.execute_script("return window.pwned === undefined")
        assert not driver.find_elements(By.CSS_SELECTOR, "#results img, #results script")

        # a malformed query: the error names line and column
        driver.execute_script("arguments[0].value = arguments[1]", editor, "SELECT ?x\nWHERE { ?x ?y }")
        driver.find_element(By.ID, "run").click()
        wait.until(lambda d: d.find_element(By.ID, "error").is_displayed())
        assert re.search(r"HTTP 400: .*line 2, column", driver.find_element(By.ID, "error").text)
    finally:
        driver.quit()


