"""The HTML report opens in headless Chromium: no console errors, charts drawn, a
screenshot taken. Needs /usr/bin/chromium (`apt-get install -y chromium`); the test
fails, never skips, when it is missing, so CI cannot pass without looking."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scribe.evaluation.backends import identity_of
from scribe.evaluation.runner import RunConfig, run
from tests.evaluation.fakes import OracleExtractor, drop_side

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.mark.browser
def test_html_report_renders_in_headless_chromium_without_errors(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` "
        "(the browser test does not skip)"
    )
    ext = OracleExtractor(perturb={"rt-thigh": drop_side}, fail={"lt-calf": 1})
    run(ext.dataset, ext, identity_of(ext, "openai"), RunConfig(out=tmp_path, bootstrap=100))
    report = tmp_path / "report.html"
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']https?:""", html), "report must be self-contained"

    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri(), wait_until="load")
            assert page.locator("svg").count() >= 4  # fields, rules, regions, latency
            assert page.locator("details.case").count() == 4
            assert page.locator("#case-count").inner_text() == "4"
            page.locator("#only-bad").check()
            assert page.locator("#case-count").inner_text() == "2"  # rt-thigh, lt-calf
            page.locator("#only-bad").uncheck()
            page.locator("details.case summary").first.click()
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert requests == [report.as_uri()]  # nothing fetched beyond the file itself
    assert shot.stat().st_size > 10_000
