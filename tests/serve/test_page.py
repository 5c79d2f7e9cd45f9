"""`kg serve`'s query page: a CodeMirror SPARQL editor (vendored), saved queries with their
parameters as a form, a paged table whose IRIs run a DESCRIBE, errors marked where they are;
nothing is loaded from elsewhere (checked in the files, and in Chromium with the network off)."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from kg.queries import load_saved
from kg.serve.page import STATIC

from .conftest import ROOT, get

SHOTS = ROOT / "test-output" / "screenshots"
URL = re.compile(r"https?://[^\s\"'<>)]+")
OURS = ["vendor/codemirror/codemirror.css", "vendor/codemirror/show-hint.css", "app.css",
        "vendor/codemirror/codemirror.js", "vendor/codemirror/sparql.js",
        "vendor/codemirror/show-hint.js", "app.js"]


def _strip_js_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(^|\s)//[^\n]*", r"\1", text)


def test_page_loads_nothing_from_elsewhere(server) -> None:
    status, headers, body = get(server, "")
    html = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert re.findall(r'(?:src|href)="([^"]*)"', html) == OURS
    assert not URL.search(html.replace("&lt;https://w3id.org/kg-vn/def#&gt;", "")
                          .replace("&lt;http://xmlns.com/foaf/0.1/&gt;", ""))
    assert "&lt;https://w3id.org/kg-vn/def#&gt;" in html  # the default query is escaped
    for name in OURS:
        status, headers, text = get(server, name)
        assert status == 200, name
        text = text.decode()
        assert headers["Content-Type"].startswith("text/javascript" if name.endswith(".js") else "text/css")
        if name.endswith(".css"):
            assert "url(" not in text and "@import" not in text, name
        else:  # URLs only in comments (the vendored licence lines)
            assert not URL.search(_strip_js_comments(text)), (name, URL.search(_strip_js_comments(text)))
    js = (STATIC / "app.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in js
    assert (STATIC / "vendor" / "codemirror" / "LICENSE").read_text().startswith("MIT License")
    assert get(server, "vendor/codemirror/LICENSE")[0] == 404  # only what the page uses is served
    assert get(server, "vendor/../page.py")[0] == 404


def _chromium():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None
    return (browser, driver) if browser and driver else None


def _driver(offline: bool = False):
    from selenium import webdriver

    browser, driver_path = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--window-size=1300,900"):
        options.add_argument(flag)
    if offline:  # no name resolves but 127.0.0.1, and every other request goes to a dead proxy
        options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")
        options.add_argument("--proxy-server=http://127.0.0.1:9")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver_path))


def _wait(driver, condition, timeout: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def _status(driver) -> str:
    return driver.find_element("id", "status").text


def _set_query(driver, text: str) -> None:
    driver.execute_script("window.kgEditor.setValue(arguments[0])", text)


def _run(driver, expect: str = "row(s)") -> None:
    driver.find_element("id", "run").click()
    _wait(driver, lambda d: expect in _status(d) or d.find_element("id", "error").is_displayed())


needs_chromium = pytest.mark.skipif(_chromium() is None, reason="needs chromium, chromedriver and selenium")


@needs_chromium
def test_page_in_a_browser(server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    SHOTS.mkdir(parents=True, exist_ok=True)
    driver = _driver()
    try:
        driver.get(server.url + "#positions")
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#saved button.active"))
        assert driver.find_element(By.ID, "title").text == load_saved("positions").title
        assert "Store: 5 documents" in driver.find_element(By.ID, "info").text
        assert driver.find_elements(By.CSS_SELECTOR, ".CodeMirror .cm-keyword")  # highlighted
        _run(driver)
        cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")[0]
                 .find_elements(By.TAG_NAME, "td")]
        assert len(cells) == 5
        assert "Trịnh Việt Hùng" in driver.find_element(By.ID, "results").text

        # a saved query with a parameter, run through /saved/NAME; editing it turns the form off
        button = next(b for b in driver.find_elements(By.CSS_SELECTOR, "#saved button")
                      if b.find_element(By.TAG_NAME, "code").text == "person-career")
        button.click()
        field = driver.find_element(By.CSS_SELECTOR, "input[data-param=name]")
        field.clear()
        field.send_keys("Phạm Hoàng Sơn")
        _run(driver)
        names = {tr.find_elements(By.TAG_NAME, "td")[0].text
                 for tr in driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")}
        assert names == {"Phạm Hoàng Sơn"}
        driver.save_screenshot(str(SHOTS / "serve-query-page.png"))
        params, notice = driver.find_element(By.ID, "params"), driver.find_element(By.ID, "edited")
        assert params.is_enabled() and not notice.is_displayed()
        driver.execute_script("window.kgEditor.replaceRange('# my note\\n', {line: 0, ch: 0})")
        assert not driver.find_element(By.CSS_SELECTOR, "input[data-param=name]").is_enabled()
        assert notice.is_displayed() and "parameters are off" in notice.text
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(SHOTS / "serve-edited-saved-query.png"))
        driver.find_element(By.ID, "restore").click()
        assert driver.find_element(By.CSS_SELECTOR, "input[data-param=name]").is_enabled()

        # prefix completion: the ontology's prefixes, declared when picked
        _set_query(driver, "SELECT * WHERE { ?s a k")
        driver.execute_script("window.kgEditor.focus(); window.kgEditor.setCursor({line: 0, ch: 99});"
                              "window.kgEditor.execCommand('autocomplete')")
        hints = _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"))
        assert any(h.text.startswith("kg:") for h in hints), [h.text for h in hints]
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        text = driver.execute_script("return window.kgEditor.getValue()")
        assert text.startswith("PREFIX kg: <https://w3id.org/kg-vn/def#>\n") and text.endswith("?s a kg:")

        # a paged table; an IRI opens its DESCRIBE
        _set_query(driver, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 250")
        _run(driver)
        assert driver.find_element(By.ID, "range").text == "rows 1–100 of 250"
        assert len(driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")) == 100
        driver.find_element(By.ID, "next").click()
        assert driver.find_element(By.ID, "range").text == "rows 101–200 of 250"
        link = driver.find_element(By.CSS_SELECTOR, "#results td.iri a")
        iri = link.get_attribute("title").removeprefix("DESCRIBE ")
        link.click()
        _wait(driver, lambda d: d.execute_script("return window.kgEditor.getValue()") == f"DESCRIBE <{iri}>"
              and "row(s)" in _status(d))
        assert [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#results th")] == \
            ["subject", "predicate", "object"]
        subjects = {tr.find_elements(By.TAG_NAME, "td")[0].get_attribute("title")
                    for tr in driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")}
        assert subjects == {iri}
        driver.save_screenshot(str(SHOTS / "serve-describe.png"))

        # hostile values are shown as text, never run
        hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
        _set_query(driver, f'SELECT ?x WHERE {{ BIND({json.dumps(hostile)} AS ?x) }}')
        _run(driver, "1 row(s)")
        assert driver.find_element(By.CSS_SELECTOR, "#results td").text == hostile
        assert driver.execute_script("return window.pwned === undefined")
        assert not driver.find_elements(By.CSS_SELECTOR, "#results img, #results script")

        # a malformed query: the error names line and column, and the editor marks them
        _set_query(driver, "SELECT ?x\nWHERE { ?x ?y }")
        _run(driver)
        assert re.search(r"HTTP 400: .*line 2, column 15", driver.find_element(By.ID, "error").text)
        marked = driver.find_elements(By.CSS_SELECTOR, ".CodeMirror .error-mark")
        assert [m.text for m in marked] == ["}"]
        # an undefined prefix is named, and its use is marked
        _set_query(driver, "PREFIX kg: <https://w3id.org/kg-vn/def#>\nSELECT * WHERE {\n  ?x a kg:Person ; ex:name ?n }")
        _run(driver)
        assert "undefined prefix ex:" in driver.find_element(By.ID, "error").text
        assert "line 3, column 20" in driver.find_element(By.ID, "error").text
        assert [m.text for m in driver.find_elements(By.CSS_SELECTOR, ".CodeMirror .error-mark")] == ["e"]
        assert not driver.find_element(By.ID, "pager").is_displayed()
        driver.save_screenshot(str(SHOTS / "serve-undefined-prefix.png"))
    finally:
        driver.quit()


@needs_chromium
def test_page_works_with_the_network_off(server) -> None:
    driver = _driver(offline=True)
    try:
        driver.get(server.url + "#persons")
        _wait(driver, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
        _run(driver)
        assert len(driver.find_elements("css selector", "#results tbody tr")) >= 4
        requested = [json.loads(entry["message"])["message"]["params"]["request"]["url"]
                     for entry in driver.get_log("performance")
                     if '"Network.requestWillBeSent"' in entry["message"]]
        assert len(requested) >= 9, requested  # the page, 7 files, queries.json, the query
        assert all(url.startswith(server.url) for url in requested), requested
        driver.save_screenshot(str(SHOTS / "serve-offline.png"))
    finally:
        driver.quit()
