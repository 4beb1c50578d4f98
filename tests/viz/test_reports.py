"""make report: the notebooks run and written as HTML pages that open offline (no widget script from a CDN;
the dashboard shows its static snapshot)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dashboard_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = subprocess.run([sys.executable, "-m", "toolkit", "report", "--only", "05", "--out", str(out)],
                            capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (out / "executed" / "05_dashboard.ipynb").exists()
    return out / "05_dashboard.html"


def test_the_dashboard_page_needs_no_widget_script(dashboard_page):
    page = dashboard_page.read_text(encoding="utf-8")
    assert "html-manager" not in page and "embed-amd" not in page and "widget-state+json" not in page
    assert "tk-snapshot" in page and "20</b> of 20 articles match" in page
    charts = re.findall(r'<img alt="[^"]*"[^>]*src="data:image/png;base64,', page)
    assert len(charts) == 8  # the coverage volume and the seven charts of the tabs


def test_the_dashboard_page_renders_offline_in_a_browser(dashboard_page):
    from test_dashboard_browser import _driver, _missing

    reason = _missing()
    if reason:
        pytest.skip(reason)
    driver = _driver(offline=True)
    try:
        driver.get(dashboard_page.as_uri())
        sizes = driver.execute_script(
            "return Array.from(document.querySelectorAll('.tk-snapshot img')).map(i => i.naturalWidth)")
        assert len(sizes) == 8 and all(s > 300 for s in sizes)
        assert "Matching sentences" in driver.find_element("css selector", ".tk-snapshot").text
    finally:
        driver.quit()


def test_report_checks_its_corpus(tmp_path):
    result = subprocess.run([sys.executable, "-m", "toolkit", "report", str(tmp_path / "missing"), "--out",
                             str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and "no such file or folder" in result.stderr
