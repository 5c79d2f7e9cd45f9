"""The views on the real dataset built by the pipeline from data/corpus (when it exists)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg import network
from kg.views import write_site

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus_dataset():
    try:
        from kg.pipeline import build_dataset
    except ImportError as exc:
        pytest.skip(f"kg.pipeline.build_dataset not available yet: {exc}")
    return build_dataset([str(REPO / "data" / "corpus")])


def test_corpus_to_networkx(corpus_dataset):
    g = network.to_networkx(corpus_dataset)
    kinds = {t for _, t in g.nodes(data="type")}
    assert {"person", "org", "session", "document"} <= kinds
    assert any(r == "holds" for _, _, r in g.edges(data="relation"))
    assert all(d.get("label") for _, d in g.nodes(data=True))
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert "Nguyễn Thanh Hải" in labels


@pytest.fixture(scope="module")
def corpus_site(corpus_dataset, tmp_path_factory) -> Path:
    return write_site(corpus_dataset, tmp_path_factory.mktemp("corpus-site"))


def test_corpus_site(corpus_site):
    index, tmp_path = corpus_site, corpus_site.parent
    assert (tmp_path / "network.html").is_file() and (tmp_path / "coattendance.html").is_file()
    assert (tmp_path / "person" / "nguyen-thanh-hai--thai-nguyen.html").is_file()  # one node per name and province
    for path in tmp_path.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, path
    assert "Nguyễn Thanh Hải" in index.read_text(encoding="utf-8")


@pytest.mark.browser
def test_corpus_site_in_browser(browser, corpus_site):
    from selenium.webdriver.common.by import By

    from .test_browser import _assert_local, _open, _requested_urls, _severe_errors, _shot, _wait
    browser.get_log("performance")
    browser.get_log("browser")
    for page in ("index.html", "network.html", "coattendance.html", "person/nguyen-thanh-hai--thai-nguyen.html"):
        _open(browser, corpus_site.parent / page)
        _shot(browser, f"corpus-{page}")
        if page != "index.html":
            assert browser.execute_script("return !!window.kgNodes.get('person/nguyen-thanh-hai--thai-nguyen')")
    sessions = sorted((corpus_site.parent / "session").glob("*.html"))
    _open(browser, sessions[0])
    assert browser.execute_script("return window.kgNodes.length") > 1
    _shot(browser, "corpus-session")
    box = browser.find_element(By.ID, "kg-q")
    box.send_keys("nguyen thanh hai")
    _wait(browser, "return document.querySelectorAll('#kg-suggest li').length > 0")
    assert browser.find_element(By.CSS_SELECTOR, "#kg-suggest li a").text == "Nguyễn Thanh Hải"
    assert _severe_errors(browser) == []
    _assert_local(_requested_urls(browser))
