"""Fixtures for the network views: a small MODEL.md-shaped graph, its site, a hostile one,
and (for tests marked `browser`) headless Chromium driven by selenium."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.views import write_site
from .sample_graph import hostile_graph, sample_graph

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1400,1000",
                  "--host-resolver-rules=MAP * ~NOTFOUND")


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: needs headless Chromium + chromedriver "
                                       "(scripts/install-browser.sh) and selenium")


def _chromium() -> tuple[str | None, str | None]:
    browser = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
    return browser, shutil.which("chromedriver")


def pytest_collection_modifyitems(config, items):
    browser, driver = _chromium()
    reason = None
    if not browser or not driver:
        reason = "chromium/chromedriver not installed: run scripts/install-browser.sh"
    else:
        try:
            import selenium  # noqa: F401
        except ImportError:
            reason = "selenium not installed: pip install selenium (the `test` extra)"
    if reason:
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def rdf_graph():
    return sample_graph()


@pytest.fixture(scope="session")
def site(tmp_path_factory, rdf_graph) -> Path:
    return write_site(rdf_graph, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    return write_site(hostile_graph(), tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download anything
    chromium, chromedriver = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    options.set_capability("unhandledPromptBehavior", "ignore")
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_page_load_timeout(60)
    driver.get("about:blank")
    driver.get_log("performance")  # drop what the browser's own start-up pages asked for
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()
