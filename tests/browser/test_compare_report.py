"""The HTML comparison report in a real browser (headless Debian chromium; .ci/run installs it):
it loads, logs no console error, requests nothing but itself, and a screenshot is saved to look at."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newscoder.core.compare import export
from newscoder.core.defaults import create_seeded_project
from tests.browser.cdp import chromium, load

BINARY = chromium()


@pytest.mark.skipif(BINARY is None, reason="chromium is not installed (.ci/run installs it)")
def test_report_of_the_sample_project_in_chromium(tmp_path: Path) -> None:
    assert BINARY is not None
    project = create_seeded_project(tmp_path / "sample.newscoder")
    out = tmp_path / "compare.html"
    export.write_report(project, out, "html")
    project.close()
    page = load(out, BINARY)
    assert page.title == "Newscoder: compare the outlets"
    assert page.console_errors == []
    assert page.requests[0] == out.resolve().as_uri()
    assert [r for r in page.requests[1:] if not r.startswith("data:")] == []  # inline SVG images only
    assert page.screenshot.startswith(b"\x89PNG") and len(page.screenshot) > 20_000
    shot = tmp_path / "compare-report.png"
    shot.write_bytes(page.screenshot)
    keep = os.environ.get("NEWSCODER_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)


@pytest.mark.skipif(BINARY is None, reason="chromium is not installed (.ci/run installs it)")
def test_the_check_sees_an_external_request_and_a_console_error(tmp_path: Path) -> None:
    """The browser check itself can fail: a page with a remote image and a script error."""
    assert BINARY is not None
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><title>x</title><img src='http://192.0.2.1/x.png'>"
                   "<script>console.error('boom'); undefined_function();</script>", encoding="utf-8")
    page = load(bad, BINARY)
    assert any("boom" in e for e in page.console_errors)
    assert any("undefined_function" in e for e in page.console_errors)
    assert "http://192.0.2.1/x.png" in page.requests
