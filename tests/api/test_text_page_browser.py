"""The text page with its paragraphs, in a real headless Chromium at a phone's width."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("selenium", reason="selenium (PyPI) drives the browser tests")
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from hrcgraph.api.app import create_app
from hrcgraph.graph.build import BuildConfig, build
from hrcgraph.settings import Settings

from support.api_builds import free_port
from support.browser import chromium, serving

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    root = tmp_path_factory.mktemp("text-browser")
    texts = root / "texts"
    texts.mkdir()
    shutil.copy(FIXTURES / "texts" / "good" / "docs-2090.json", texts)
    build(BuildConfig(data_dir=root / "var",
                      sources={"ohchr": [FIXTURES / "ohchr"], "texts": [texts]}, base_iri=url + "/"),
          log=lambda _: None)
    with serving(create_app(Settings(data_dir=root / "var", base_iri=url + "/", query_workers=1)), port) as served:
        yield served


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    with chromium(tmp_path_factory.mktemp("chromium-profile"), window="390,844") as driver:
        yield driver


def test_the_paragraphs_read_on_a_phone_and_citations_lead_both_ways(server: str, phone: WebDriver) -> None:
    phone.get(server + "/id/text/A/HRC/RES/90/1")
    paragraphs = phone.find_elements(By.CSS_SELECTOR, "ol.paragraphs > li.paragraph")
    assert [p.get_attribute("id") for p in paragraphs] == [
        "pp-1", "pp-2", "op-1", "op-2", "op-3", "op-3-a", "op-3-b", "op-4", "op-5"]
    assert phone.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    phrase = phone.find_element(By.CSS_SELECTOR, "#op-2 strong.phrase")
    assert phrase.text == "Also strongly condemns"
    # each paragraph's label sits above its words on a narrow screen, not beside them
    label = phone.find_element(By.CSS_SELECTOR, "#op-3-a > a.anchor")
    words = phone.find_element(By.CSS_SELECTOR, "#op-3-a > p")
    assert label.location["y"] < words.location["y"]
    phone.find_element(By.CSS_SELECTOR, "#pp-2 p.cites a").click()
    WebDriverWait(phone, 15).until(expected_conditions.url_contains("/id/text/A/RES/90/100"))
    cited_by = phone.find_element(By.ID, "citations")
    assert "A/HRC/RES/90/1" in cited_by.text
