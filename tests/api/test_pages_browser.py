"""The pages in a real headless Chromium, against the server on loopback: they render, their links resolve,
a reader can click from the home page to a resolution, a state and a mandate, and the roll call sorts."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import httpx
import pytest

from support.api_builds import free_port
from support.browser import chromium, serving
from support.linked_data import publish_fixture

pytest.importorskip("selenium", reason="selenium (PyPI) drives the browser tests")
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from hrcgraph.api.app import create_app
from hrcgraph.settings import Settings

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/id/text/A/HRC/RES/55/25",
    "/id/text/A/HRC/RES/S-33/1",
    "/id/text/E/CN.4/RES/2005/1",
    "/id/state/MLI",
    "/id/mandate/independent-expert-on-the-situation-of-human-rights-in-mali",
    "/id/session/hrc/S-33",
    "/id/agenda/chr/61/3",
    "/agenda/Item10",
    "/id/group/african-states",
    "/id/body/hrc",
    "/search?q=mali",
    "/dumps/",
    "/.well-known/void?format=html",
    "/ontology",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a loopback port, over the fixture minted under the server's own address."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    root = tmp_path_factory.mktemp("browser") / "var"
    publish_fixture(root, url + "/")
    with serving(create_app(Settings(data_dir=root, base_iri=url + "/", query_workers=1)), port) as served:
        yield served


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    with chromium(tmp_path_factory.mktemp("chromium-profile"),
                  flags=("--disable-quic", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync")) as driver:
        yield driver


def _wait_for_url(driver: WebDriver, url: str) -> None:
    """Wait until a click's navigation has landed (a click returns before the next page loads)."""
    WebDriverWait(driver, 15).until(expected_conditions.url_to_be(url))


def _severe_console_messages(driver: WebDriver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_renders_and_its_links_resolve(server: str, browser: WebDriver, path: str) -> None:
    driver = browser
    driver.get(server + path)
    heading = driver.find_element(By.TAG_NAME, "h1").text
    assert heading.strip(), path
    assert "Internal Server Error" not in driver.page_source
    assert _severe_console_messages(driver) == [], path
    # The stylesheet was applied (served by us, no CDN): the header band is dark.
    band = driver.find_element(By.CSS_SELECTOR, "header.site").value_of_css_property(
        "background-color")
    assert band.replace(" ", "") in ("rgba(23,50,77,1)", "rgb(23,50,77)")
    # The links as the browser resolved them, read in one script (one WebDriver call per link took seconds
    # on the pages with hundreds).
    hrefs = driver.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    links = {str(urldefrag(str(href))[0]) for href in hrefs}
    internal = sorted(u for u in links if urlsplit(u).netloc == urlsplit(server).netloc)
    assert internal, path
    with httpx.Client(follow_redirects=True, timeout=30, headers={"Accept": "text/html"}) as client:
        for u in internal:
            if u not in _STATUS:  # a link on several pages (the header's, the states') is fetched once
                _STATUS[u] = client.get(u).status_code
    broken = [(u, _STATUS[u]) for u in internal if _STATUS[u] != 200]
    assert broken == [], path


#: The status of each internal link fetched by the test above, over all its pages (the server's data does not
#: change during the module).
_STATUS: dict[str, int] = {}


def test_a_reader_clicks_from_home_to_the_resolution_mali_and_the_mandate(server: str, browser: WebDriver) -> None:
    driver = browser
    driver.get(server + "/")
    driver.find_element(By.LINK_TEXT, "A/HRC/RES/55/25").click()
    _wait_for_url(driver, server + "/id/text/A/HRC/RES/55/25.html")
    assert driver.find_element(By.TAG_NAME, "h1").text == "A/HRC/RES/55/25"
    concerned = driver.find_element(
        By.XPATH, "//dt[text()='States concerned']/following-sibling::dd[1]")
    concerned.find_element(By.LINK_TEXT, "Mali").click()
    _wait_for_url(driver, server + "/id/state/MLI.html")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Mali"
    assert driver.find_elements(By.CSS_SELECTOR, "#votes-by-year svg rect")
    driver.find_element(
        By.LINK_TEXT, "Independent Expert on the situation of human rights in Mali").click()
    _wait_for_url(driver, server + "/id/mandate/independent-expert-on-the-situation-of-human-rights-in-mali.html")
    assert driver.find_element(By.TAG_NAME, "h1").text == (
        "Independent Expert on the situation of human rights in Mali")
    assert "A/HRC/RES/55/25" in driver.find_element(By.ID, "actions").text
    driver.get(server + "/")
    driver.find_element(By.LINK_TEXT, "the dumps").click()
    _wait_for_url(driver, server + "/dumps/")
    assert "hrcgraph.nq.gz" in driver.find_element(By.TAG_NAME, "table").text


def test_search_from_the_header(server: str, browser: WebDriver) -> None:
    driver = browser
    driver.get(server + "/")
    box = driver.find_element(By.CSS_SELECTOR, "header form.search input[name=q]")
    box.send_keys("A/HRC/RES/S-33")
    box.submit()
    _wait_for_url(driver, server + "/search?q=A%2FHRC%2FRES%2FS-33")
    hits = driver.find_element(By.CSS_SELECTOR, "ul.hits").text
    assert "A/HRC/RES/S-33/1" in hits


def _letters(name: str) -> str:
    """A name as a reader sorts it: accents do not move a letter (Côte d'Ivoire comes before Cuba)."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _column(driver: WebDriver, index: int) -> list[str]:
    rows = driver.find_elements(By.CSS_SELECTOR, "table#votes tbody tr")
    return [r.find_elements(By.TAG_NAME, "td")[index].text for r in rows]


def test_the_roll_call_sorts(server: str, browser: WebDriver) -> None:
    driver = browser
    driver.get(server + "/id/text/A/HRC/RES/S-33/1")
    states = _column(driver, 0)
    assert states == sorted(states, key=_letters) and len(states) == 6
    headers = driver.find_elements(By.CSS_SELECTOR, "table#votes thead th[data-sort]")
    headers[1].click()  # by vote: yes, no, abstain, absent
    order = ["Yes", "No", "Abstain", "Absent"]
    votes = [v.capitalize() for v in _column(driver, 1)]
    assert votes == sorted(votes, key=lambda v: next(i for i, o in enumerate(order) if v.startswith(o)))
    assert headers[1].get_attribute("aria-sort") == "ascending"
    headers[1].click()
    assert _column(driver, 1)[0].capitalize().startswith("Absent")
    assert headers[1].get_attribute("aria-sort") == "descending"
    headers[0].click()
    assert _column(driver, 0) == states
    headers[0].click()
    assert _column(driver, 0) == states[::-1]


def test_screenshots_of_a_resolution_and_of_mali(server: str, browser: WebDriver,
                                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    driver = browser
    out = tmp_path_factory.mktemp("screenshots")
    for name, path in (("resolution", "/id/text/A/HRC/RES/S-33/1"), ("mali", "/id/state/MLI")):
        driver.get(server + path)
        target = Path(out) / f"{name}.png"
        assert driver.save_screenshot(str(target))
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert target.stat().st_size > 10_000


def test_the_home_page_has_a_cite_this_box_to_copy(server: str, browser: WebDriver) -> None:
    driver = browser
    driver.get(server + "/")
    plain = driver.find_element(By.ID, "cite-plain")
    bibtex = driver.find_element(By.ID, "cite-bibtex")
    assert plain.is_displayed() and bibtex.is_displayed()
    version = httpx.get(server + "/dumps/index.json", timeout=30).json()["version"]
    assert f"dataset version {version[:12]}" in plain.text
    assert server + "/" in plain.text and "noncommercial" in plain.text.lower()
    text = bibtex.text
    assert text.startswith("@misc{hrcgraph") and text.rstrip().endswith("}")
    assert f"version = {{{version[:12]}}}" in text and f"url = {{{server}/}}" in text
    assert text.count("{") == text.count("}")
    # The Copy buttons are wired: a reader can select the whole citation, and the button copies it.
    driver.execute_script("window.copied = null; navigator.clipboard.writeText = "
                          "function (t) { window.copied = t; return Promise.resolve(); };")
    driver.find_element(By.CSS_SELECTOR, "button[data-copy='cite-bibtex']").click()
    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return window.copied") is not None)
    assert driver.execute_script("return window.copied") == text + ("\n" if not text.endswith("\n") else "")
    assert _severe_console_messages(driver) == []
