"""The generated site in headless Chromium: graphs render, search works, nothing leaves the
machine, hostile text never runs. Skipped (with the reason) when Chromium is not installed."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PAGES = {  # page -> node ids its network must show
    "index.html": (),
    "network.html": ("person/nguyen-thanh-hai", "org/tinh-uy-thai-nguyen",
                     "session/ubnd-tinh-thai-nguyen--phien-hop-2021-12-10", "doc/001_aaaa"),
    "coattendance.html": ("person/nguyen-thanh-hai", "person/trinh-viet-hung"),
    "search.html": (),
    "person/trinh-viet-hung.html": ("person/trinh-viet-hung", "org/ubnd-tinh-thai-nguyen",
                                    "session/ubnd-tinh-thai-nguyen--phien-hop-2021-12-10"),
    "org/ubnd-tinh-thai-nguyen.html": ("org/ubnd-tinh-thai-nguyen", "person/dang-xuan-truong"),
    "session/ban-chap-hanh-dang-bo-tinh-thai-nguyen--hoi-nghi-12-khoa-xx.html": (
        "person/nguyen-thanh-hai", "org/ban-chap-hanh-dang-bo-tinh-thai-nguyen",
        "item/ban-chap-hanh-dang-bo-tinh-thai-nguyen--hoi-nghi-12-khoa-xx--a1b2c3d4e5",
        "cited/nghi-quyet-49-2016-nq-hdnd"),
    "cited/nghi-quyet-49-2016-nq-hdnd.html": ("org/hdnd-tinh-thai-nguyen", "doc/001_aaaa"),
    "doc/001_aaaa.html": (),  # the article itself, no network
    "compare.html": (),
}


def _wait(driver, script: str, timeout: float = 15):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def _open(driver, path) -> None:
    driver.get(path.as_uri() if hasattr(path, "as_uri") else path)
    _wait(driver, "return document.readyState === 'complete'")
    if driver.execute_script("return !!document.getElementById('kg-graph')"):
        _wait(driver, "return !!window.kgNodes && !!window.kgNetwork")


def _shot(driver, name: str) -> None:
    driver.save_screenshot(str(SCREENSHOTS / f"{name.replace('/', '_')}.png"))


def _requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _assert_local(urls) -> None:
    remote = [u for u in urls if not u.startswith(("file://", "data:", "about:"))]
    assert not remote, remote


def _no_alert(driver) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018


def _severe_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_loads_offline_with_expected_nodes(browser, site, page):
    browser.get_log("performance")
    browser.get_log("browser")
    _open(browser, site.parent / page)
    _shot(browser, page)
    for node_id in PAGES[page]:
        assert browser.execute_script("return !!window.kgNodes.get(arguments[0])", node_id), node_id
    if PAGES[page]:
        name = browser.execute_script("return window.kgNodes.get(arguments[0]).name", PAGES[page][0])
        assert name
        assert browser.execute_script("return window.kgNodes.get(arguments[0]).title instanceof Element",
                                      PAGES[page][0])
    assert _severe_errors(browser) == []
    _assert_local(_requested_urls(browser))
    entries = browser.execute_script(
        "return performance.getEntries().map(function (e) { return e.name; })")
    _assert_local(u for u in entries if "://" in u or u.startswith("data:"))


def test_search_box_finds_name_without_diacritics(browser, site):
    from selenium.webdriver.common.by import By
    _open(browser, site)
    box = browser.find_element(By.ID, "kg-q")
    box.send_keys("nguyen thanh hai")
    _wait(browser, "return document.querySelectorAll('#kg-suggest li').length > 0")
    first = browser.find_element(By.CSS_SELECTOR, "#kg-suggest li a")
    assert first.text == "Nguyễn Thanh Hải"
    _shot(browser, "search-suggest")
    first.click()
    _wait(browser, "return location.pathname.endsWith('person/nguyen-thanh-hai.html')")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Nguyễn Thanh Hải")


def test_search_page_filters(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    _open(browser, f"{(site.parent / 'search.html').as_uri()}?q={quote('dang xuan truong')}")
    results = lambda: [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#results li a")]  # noqa: E731
    _wait(browser, "return document.querySelectorAll('#results li').length > 0")  # the index loads on demand
    assert results() == ["Đặng Xuân Trường"]
    browser.find_element(By.ID, "sq").clear()
    Select(browser.find_element(By.ID, "ftype")).select_by_value("session")
    assert len(results()) == 2
    for field, value in (("ffrom", "12/01/2021"), ("fto", "12/31/2021")):
        browser.find_element(By.ID, field).send_keys(value)
    assert results() == ["Phiên họp thường kỳ tháng 12 UBND tỉnh Thái Nguyên"]
    Select(browser.find_element(By.ID, "ftype")).select_by_value("")
    browser.find_element(By.ID, "ffrom").clear()
    browser.execute_script("document.getElementById('ffrom').value='';"
                           "document.getElementById('fto').value='';")
    Select(browser.find_element(By.ID, "fbody")).select_by_visible_text("HĐND tỉnh Thái Nguyên")
    found = results()
    assert "Phạm Hoàng Sơn" in found and "Nghị quyết số 49/2016/NQ-HĐND" in found
    assert "Nguyễn Thanh Hải" not in found
    _shot(browser, "search-filters")


def _node_screen_position(driver, node_id):
    return driver.execute_script("""
        var net = window.kgNetwork, id = arguments[0];
        document.getElementById('kg-graph').scrollIntoView();  // below the tables on an entity's page
        net.fit({animation: false});
        var p = net.canvasToDOM(net.getPosition(id));
        var r = document.getElementById('kg-graph').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];""", node_id)


def _mouse(driver, kind, x, y):
    driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y,
                                                         "button": "left", "clickCount": 1})


def test_click_node_opens_its_page(browser, site):
    _open(browser, site.parent / "network.html")
    x, y = _node_screen_position(browser, "person/pham-hoang-son")
    _mouse(browser, "mouseMoved", x, y)
    _mouse(browser, "mousePressed", x, y)
    _mouse(browser, "mouseReleased", x, y)
    _wait(browser, "return location.pathname.endsWith('person/pham-hoang-son.html')")


def test_tooltip_shows_evidence_as_text(browser, site):
    from selenium.webdriver.common.by import By
    _open(browser, site.parent / "network.html")
    x, y = _node_screen_position(browser, "person/nguyen-thanh-hai")
    _mouse(browser, "mouseMoved", x - 1, y)
    _mouse(browser, "mouseMoved", x, y)
    _wait(browser, "var t = document.querySelector('.vis-tooltip');"
                   "return t && t.style.visibility !== 'hidden' && t.textContent.length > 0")
    text = browser.find_element(By.CSS_SELECTOR, ".vis-tooltip").text
    assert "Nguyễn Thanh Hải" in text and "Nguồn / source: 001_aaaa" in text
    assert "“Nguyễn Thanh Hải”" in text  # the evidence quote
    _shot(browser, "tooltip")


def _hidden(driver, node_ids) -> dict:
    return driver.execute_script(
        "return Object.fromEntries(arguments[0].map(function (id) {"
        " return [id, Boolean(window.kgNodes.get(id).hidden)]; }))", list(node_ids))


def test_network_filters_by_type_body_and_date(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    _open(browser, site.parent / "network.html")
    hai, hung, s1, s2, doc = ("person/nguyen-thanh-hai", "person/trinh-viet-hung",
                              "session/ban-chap-hanh-dang-bo-tinh-thai-nguyen--hoi-nghi-12-khoa-xx",
                              "session/ubnd-tinh-thai-nguyen--phien-hop-2021-12-10", "doc/001_aaaa")
    ids = (hai, hung, s1, s2, doc)
    assert not any(_hidden(browser, ids).values())
    _wait(browser, "return document.querySelectorAll('#gbody option').length > 1")  # the index is loaded when needed
    Select(browser.find_element(By.ID, "gbody")).select_by_visible_text("UBND tỉnh Thái Nguyên")
    assert _hidden(browser, ids) == {hai: True, hung: False, s1: True, s2: False, doc: True}
    _shot(browser, "network-filter-body")
    Select(browser.find_element(By.ID, "gbody")).select_by_value("")
    browser.find_element(By.ID, "gfrom").send_keys("12/01/2021")
    assert _hidden(browser, ids) == {hai: False, hung: False, s1: True, s2: False, doc: False}
    browser.find_element(By.CSS_SELECTOR, 'input[data-kind="person"]').click()
    assert _hidden(browser, ids) == {hai: True, hung: True, s1: True, s2: False, doc: False}


HOSTILE_PAGES = ("index.html", "network.html", "coattendance.html", "person/evil-1.html",
                 "person/evil-2.html", "person/evil-3.html", "org/evil-org.html",
                 "session/evil-org--hoi-nghi.html", "cited/evil-cited.html", "doc/666_evil.html",
                 "compare.html?a=person/evil-1.html&b=person/evil-2.html")


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_hostile_payloads_do_not_run(browser, hostile_site, page):
    browser.get_log("performance")
    browser.get_log("browser")
    path, _, query = page.partition("?")
    _open(browser, (hostile_site.parent / path).as_uri() + (f"?{query}" if query else ""))
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    _no_alert(browser)
    # The pages' Content-Security-Policy would block an injected handler: it must not even try.
    assert _severe_errors(browser) == []
    assert browser.execute_script("return document.querySelectorAll('main img, main svg').length") == 0
    _assert_local(_requested_urls(browser))
    _shot(browser, f"hostile-{path}")


def test_hostile_tooltip_and_search_are_text(browser, hostile_site):
    from selenium.webdriver.common.by import By
    _open(browser, hostile_site.parent / "session/evil-org--hoi-nghi.html")
    x, y = _node_screen_position(browser, "person/evil-2")
    _mouse(browser, "mouseMoved", x - 1, y)
    _mouse(browser, "mouseMoved", x, y)
    _wait(browser, "var t = document.querySelector('.vis-tooltip');"
                   "return t && t.style.visibility !== 'hidden' && t.textContent.length > 0")
    tip = browser.find_element(By.CSS_SELECTOR, ".vis-tooltip")
    assert "<img src=x onerror=" in tip.text
    assert tip.find_elements(By.CSS_SELECTOR, "img, script, svg") == []
    box = browser.find_element(By.ID, "kg-q")
    box.send_keys("img")
    _wait(browser, "return document.querySelectorAll('#kg-suggest li').length > 0")
    assert browser.find_elements(By.CSS_SELECTOR, "#kg-suggest img, #kg-suggest script") == []
    _shot(browser, "hostile-tooltip-search")
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    _no_alert(browser)
