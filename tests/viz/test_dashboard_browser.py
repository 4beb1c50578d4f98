"""End to end: serve the dashboard with Voila (``python -m toolkit dashboard [PATH]``, what ``make dashboard
[CORPUS=PATH]`` runs, on the sample and on a corpus of one's own), open it in headless
Chromium, change the outlet filter, and check that the article count, a chart and the sentence table change.
Saves screenshots under a temporary folder.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and the ``voila`` and
``selenium`` packages; skipped with the reason otherwise.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "05_dashboard.ipynb"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.slow


def _missing() -> str | None:
    if not CHROMIUM or not CHROMEDRIVER:
        return "no Chromium/ChromeDriver installed (apt-get install chromium chromium-driver)"
    for module in ("selenium", "voila"):
        try:
            __import__(module)
        except ImportError:
            return f"the {module} package is not installed (pip install -e '.[dev,dashboard]')"
    if not NOTEBOOK.exists():
        return f"{NOTEBOOK} is missing"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SAMPLE = ROOT / "data" / "sample"
#: Articles of the sample copied as "a corpus of one's own": three outlets, 6 of the sample's 20 articles.
OWN_CORPUS = sorted(SAMPLE.glob("*.md"))[:6]


@pytest.fixture(params=["sample", "own corpus"])
def served(request, tmp_path):
    """(url, number of articles) of a running dashboard."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    port = _free_port()
    if request.param == "sample":
        command = [sys.executable, "-m", "toolkit", "dashboard", f"--port={port}"]
        articles = len(list(SAMPLE.glob("*.md")))
    else:
        corpus = tmp_path / "my articles"  # a space in the path, as users' folders have
        corpus.mkdir()
        for path in OWN_CORPUS:
            shutil.copy(path, corpus / path.name)
        command = [sys.executable, "-m", "toolkit", "dashboard", str(corpus), f"--port={port}"]
        articles = len(OWN_CORPUS)
    log = (tmp_path / "voila.log").open("w")
    # a session of its own: `toolkit dashboard` starts voila, which starts a kernel; all of them are stopped below
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None:
                    pytest.fail("voila exited early:\n" + (tmp_path / "voila.log").read_text())
                time.sleep(0.5)
        else:
            pytest.fail("voila did not start within 60 s")
        yield url, articles
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # (terminating the command alone left voila and its kernel running)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def _driver(offline: bool = False):
    """Headless Chromium; ``offline``: every host name fails to resolve, as on a machine without internet."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--window-size=1400,2400"):
        options.add_argument(flag)
    if offline:
        options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND")
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def _chart_sources(driver) -> list[str]:
    return [img.get_attribute("src") or "" for img in driver.find_elements("css selector", ".tk-dashboard img")]


def _table_text(driver) -> str:
    tables = driver.find_elements("css selector", ".tk-dashboard table.tk-table")
    return tables[0].text if tables else ""


def test_dashboard_in_a_real_browser(served, tmp_path):
    from selenium.webdriver.support.ui import Select, WebDriverWait

    url, articles = served
    driver = _driver()
    try:
        driver.get(url)
        wait = WebDriverWait(driver, 120, poll_frequency=0.5)
        wait.until(lambda d: len([s for s in _chart_sources(d) if s.startswith("blob:") or s.startswith("data:")]) >= 1)
        wait.until(lambda d: _table_text(d).strip() != "")
        driver.save_screenshot(str(tmp_path / "dashboard_before.png"))
        before_charts = _chart_sources(driver)
        before_table = _table_text(driver)
        before_status = driver.find_element("css selector", ".tk-dashboard").text
        assert f"{articles} of {articles} articles match" in before_status  # the corpus asked for

        selects = driver.find_elements("css selector", ".tk-dashboard select[multiple]")
        outlets = next(s for s in selects if "Outlets" in s.find_element("xpath", "./../..").text)
        options = Select(outlets).options
        assert len(options) >= 2
        chosen = options[-1].text  # the outlet with the fewest articles
        Select(outlets).select_by_visible_text(chosen)

        wait.until(lambda d: _chart_sources(d) != before_charts)
        wait.until(lambda d: _table_text(d) != before_table)
        after_table = _table_text(driver)
        driver.save_screenshot(str(tmp_path / "dashboard_after.png"))
        assert chosen in after_table
        rows = [line for line in after_table.splitlines()[1:] if re.match(r"\d{4}-\d\d-\d\d", line)]
        assert rows and all(chosen in line for line in rows)
        status = driver.find_element("css selector", ".tk-dashboard").text
        assert status != before_status
        assert (tmp_path / "dashboard_after.png").stat().st_size > 20_000
        shots = os.environ.get("TOOLKIT_SCREENSHOT_DIR")
        if shots:  # keep a copy for people who want to look at it
            Path(shots).mkdir(parents=True, exist_ok=True)
            shutil.copy(tmp_path / "dashboard_after.png", Path(shots) / "dashboard.png")
    finally:
        driver.quit()
