"""The query editor in a real headless Chromium: type a query, run it, see the results table."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hrcgraph.api.routes.editor import yasgui_installed

from support.api_builds import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed (scripts/install-assets --test)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                                    "(scripts/install-assets --test installs it)")
    if not yasgui_installed():
        pytest.fail("YASGUI is not installed in api/static/vendor/yasgui: run scripts/install-assets")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="hrcgraph-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait(condition: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the page")


def test_type_run_and_see_the_results_table(browser: Any, live_server: LiveServer, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(live_server.url + "/sparql")
    editor = _wait(lambda: browser.find_elements(By.CSS_SELECTOR, ".yasqe .CodeMirror"))[0]
    assert "PREFIX hrc:" in browser.execute_script("return window.hrcYasgui.getTab().getYasqe().getValue()")

    query = ("SELECT ?symbol WHERE { ?t <https://w3id.org/hrcgraph/ontology#symbol> ?symbol } "
             "ORDER BY ?symbol LIMIT 5")
    editor.click()
    area = browser.find_element(By.CSS_SELECTOR, ".yasqe .CodeMirror textarea")
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys(Keys.DELETE)
    area.send_keys(query)
    typed = browser.execute_script("return window.hrcYasgui.getTab().getYasqe().getValue()")
    assert typed.strip() == query

    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    cells = _wait(lambda: [c.text for c in browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody td")
                           if "A/HRC/RES/55/" in c.text])
    assert cells[:2] == ["A/HRC/RES/55/1", "A/HRC/RES/55/10"]
    browser.save_screenshot(str(tmp_path / "editor.png"))
    shutil.copy(tmp_path / "editor.png", Path(tempfile.gettempdir()) / "hrcgraph-editor.png")

    # Everything the page loaded came from this server: no fonts, scripts or calls elsewhere.
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert urls and all(u.startswith(live_server.url) for u in urls), urls


def test_examples_fill_the_editor(browser: Any, live_server: LiveServer) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from hrcgraph.api.editor import examples

    assert examples(), "queries/ ships no .rq files"
    browser.get(live_server.url + "/sparql")
    _wait(lambda: browser.find_elements(By.CSS_SELECTOR, ".yasqe .CodeMirror"))
    select = Select(browser.find_element(By.ID, "hrc-examples"))
    select.select_by_index(1)
    value = browser.execute_script("return window.hrcYasgui.getTab().getYasqe().getValue()")
    assert value == examples()[0].query
