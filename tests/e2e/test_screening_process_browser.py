"""The author's page learns the engine's decision from the screening process, in a browser.

A real ``decorum serve`` (file-based SQLite, its own screening process) and Debian's chromium:
the screening process is held while the author posts, so the post comes back "being checked"
after ``DECORUM_ENFORCEMENT_WAIT_SECONDS``; ``status.js`` then asks for the comment's status
with ``?wait=``, the held answer is released by the screening process's wake-up once it is let
go and decides, and the page shows the comment published, without the author reloading it."""

from __future__ import annotations

import os
import re
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.enforcement.test_screening_worker import STAFF, Site, _decisions, _site, demo_data

__all__ = ["demo_data"]  # the data directory fixture, shared with the screening process tests

TEXT = "Thank you for this, a lovely read. [browser]"  # short: fits under any article


@pytest.fixture
def served(demo_data: Path, tmp_path: Path) -> Iterator[Site]:
    yield from _site(demo_data, tmp_path)


def _log_in(page: Any, site: Site) -> None:
    passwords = dict(
        re.findall(
            r"(\S+@demo\.decorum\.invalid)\s+(\S+)", (site.data / "demo-passwords.txt").read_text()
        )
    )
    page.goto(f"http://127.0.0.1:{site.port}/accounts/login/")
    page.fill("input[name=login]", STAFF)
    page.fill("input[name=password]", passwords[STAFF])
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def test_the_page_shows_the_decision_once_the_screening_process_makes_it(
    served: Site, page: Any
) -> None:
    site = served
    worker = site.wait_for_screening_process(1)
    _log_in(page, site)
    page.goto(f"http://127.0.0.1:{site.port}{site.article_path()}")

    os.kill(worker, signal.SIGSTOP)  # the check waits until the screening process is let go
    released = threading.Event()
    try:
        page.fill("#comment-form textarea[name=text]", TEXT)
        page.click("#comment-form button[type=submit]")
        checking = page.locator(".comment[data-checking='1']")
        checking.wait_for(state="attached", timeout=20_000)
        assert "being checked" in page.content()
        assert TEXT in checking.inner_text()

        def release() -> None:
            os.kill(worker, signal.SIGCONT)
            released.set()

        threading.Timer(1.0, release).start()  # while status.js waits on ?wait=2
        published = page.locator(".comment[data-status=published]", has_text="[browser]")
        published.wait_for(state="visible", timeout=20_000)
    finally:
        if not released.is_set():
            os.kill(worker, signal.SIGCONT)

    comment = int(str(published.get_attribute("data-comment-id")))
    assert _decisions(site, comment) == 1
    assert site.rows("SELECT status FROM community_comment WHERE id = ?", comment) == [
        ("published",)
    ]
