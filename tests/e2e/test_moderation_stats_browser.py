"""In a real browser, on the demo site: an administrator opens the moderation statistics and
the DSA transparency report, sees charts drawn from the demo's four weeks of moderation
history, and the report prints one page per section. Screenshots go to the docs."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from decorum.demo.build import load_demo_content_once
from tests.e2e.test_comments_browser import log_browser_in
from tests.e2e.test_editor_publishes import _wagtail_basics

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _drawn_bars(page: Any, chart: str) -> int:
    """Bars with a height or width above zero in one chart (legend swatches are 10x10)."""
    return int(
        page.locator(f'figure[data-chart="{chart}"] svg rect').evaluate_all(
            """rects => rects.filter(r => {
                const w = parseFloat(r.getAttribute('width'));
                const h = parseFloat(r.getAttribute('height'));
                return w > 0 && h > 0 && !(w === 10 && h === 10);
            }).length"""
        )
    )


def _to_docs(shot: Path, name: str) -> None:
    """The copies in docs/ are committed; refresh them on request so runs leave the tree clean."""
    target = DOCS / name
    if os.environ.get("DECORUM_UPDATE_DOCS_SCREENSHOT") == "1" or not target.exists():
        shutil.copyfile(shot, target)


def test_an_administrator_sees_the_demo_history_in_charts_and_the_transparency_report(
    live_server: Any, page: Any, screenshot_dir: Path
) -> None:
    _wagtail_basics()
    load_demo_content_once(stdout=io.StringIO())
    admin = get_user_model().objects.get(username="admin")
    log_browser_in(page, live_server, admin)

    page.goto(f"{live_server.url}/moderation/stats/")
    assert page.locator("h1").inner_text() == "Moderation statistics"
    for chart in ("comments", "rules", "sources", "reports", "appeals", "blocks", "accuracy"):
        assert _drawn_bars(page, chart) > 0, chart
    # Hours to a moderator's decision: a line that leaves zero on some days.
    heights = page.locator('figure[data-chart="wait"] svg polyline').evaluate_all(
        "lines => lines.map(l => new Set(l.getAttribute('points').split(' ')"
        ".map(p => p.split(',')[1])).size)"
    )
    assert heights and max(heights) > 1
    assert _drawn_bars(page, "comments") > 40  # four weeks of days with comments
    assert "Nothing in this period." not in page.locator("#chart-accuracy").inner_text()
    shot = screenshot_dir / "moderation-stats.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    _to_docs(shot, "moderation-stats.png")

    page.click("#transparency-link")
    page.wait_for_url("**/moderation/transparency/**")
    sections = page.locator("section.transparency-section")
    assert sections.count() == 5
    suspensions = page.locator('[data-section="suspensions"]').inner_text()
    assert "Site blocks\n1" in suspensions or "Site blocks\t1" in suspensions
    assert page.locator('[data-section="complaints"] table tbody tr').count() == 2
    shot = screenshot_dir / "transparency-report.png"
    page.screenshot(path=str(shot), full_page=True)
    _to_docs(shot, "transparency-report.png")

    # Printed: no site chrome or form, and each section ends its page.
    page.emulate_media(media="print")
    assert not page.locator("#site-header").is_visible()
    assert not page.locator(".transparency-period").is_visible()
    breaks = sections.evaluate_all("ss => ss.map(s => getComputedStyle(s).breakAfter)")
    assert breaks[:-1] == ["page"] * 4
