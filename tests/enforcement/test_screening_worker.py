"""``decorum serve`` screens comments in a process of its own: a comment posted over HTTP is
decided there, a screening process killed with a check in hand is replaced and the comment
decided once, it stops with serve, and with ``DECORUM_SCREENING_PROCESS=false`` the web
process decides. Real servers on a file-based SQLite database, read back with sqlite3."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

TEXT = "The ferry timetable change helps early commuters, thanks for the clear report. [{}]"
READY = re.compile(r"Screening process (\S+):(\d+) ready")
STAFF = "moderator@demo.decorum.invalid"  # staff: outside the sanction ladder, still screened


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(data: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DECORUM_DEBUG"} and not k.startswith("PYTEST")
    }
    env["DECORUM_DATA_DIR"] = str(data)
    env.update(extra)
    return env


def _decorum(*args: str) -> list[str]:
    return [sys.executable, "-c", "from decorum.cli import main; raise SystemExit(main())", *args]


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the demo site loaded, copied by each test (no server running)."""
    data = tmp_path_factory.mktemp("screening-demo") / "data"
    for command in (["migrate", "--verbosity", "0"], ["load_demo", "--verbosity", "0"]):
        subprocess.run(_decorum("manage", *command), env=_env(data), check=True, timeout=600)
    return data


class Site:
    """One ``decorum serve`` on a copy of the demo data, and an HTTP client for it."""

    def __init__(self, data: Path, log: Path, **env: str) -> None:
        self.data, self.log, self.port = data, log, _free_port()
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                _decorum("serve", "--no-demo", "--port", str(self.port)),
                env=_env(data, **env),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}
        try:
            self._wait(lambda: self._up(), "the site to answer")
        except BaseException:
            self.stop()  # a server that never answered is not left running
            raise

    def _wait(self, ready: object, what: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"decorum serve exited while waiting for {what}:\n{self.text()}")
            if ready():  # type: ignore[operator]
                return
            time.sleep(0.2)
        pytest.fail(f"gave up waiting for {what}:\n{self.text()[-3000:]}")

    def _up(self) -> bool:
        try:
            return self.request("GET", "/")[0] == 200
        except OSError:
            return False

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, *, anonymous: bool = False
    ) -> tuple[int, dict[str, str], str]:
        cookies = {} if anonymous else self.cookies
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read().decode(errors="replace")
        finally:
            conn.close()
        for raw in [] if anonymous else response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(raw)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def log_in(self, email: str) -> None:
        passwords = dict(
            re.findall(
                r"(\S+@demo\.decorum\.invalid)\s+(\S+)",
                (self.data / "demo-passwords.txt").read_text(),
            )
        )
        self.request("GET", "/accounts/login/")
        status, _h, _b = self.request(
            "POST", "/accounts/login/", {"login": email, "password": passwords[email]}
        )
        assert status == 302, self.text()[-3000:]

    def article_path(self) -> str:
        status, _h, home = self.request("GET", "/", anonymous=True)
        found = re.search(r'<h3 class="card-title"><a href="([^"]+)"', home)
        assert status == 200 and found is not None
        return found.group(1)

    def post_comment(self, marker: str) -> int:
        status, _h, page = self.request("GET", self.article_path())
        article = re.search(r'name="article" value="(\d+)"', page)
        assert status == 200 and article is not None, page[:2000]
        status, headers, _b = self.request(
            "POST", "/comments/post/", {"article": article.group(1), "text": TEXT.format(marker)}
        )
        comment = re.search(r"#comment-(\d+)", headers.get("location", ""))
        assert status == 302 and comment is not None, self.text()[-3000:]
        return int(comment.group(1))

    def wait_until_checked(self, comment_id: int) -> None:
        def checked() -> bool:
            status, _h, body = self.request("GET", f"/comments/{comment_id}/status/")
            return status == 200 and '"checked": true' in body

        self._wait(checked, f"a decision on comment {comment_id}")

    def screening_pids(self) -> list[int]:
        return [int(pid) for _host, pid in READY.findall(self.text())]

    def wait_for_screening_process(self, count: int) -> int:
        self._wait(lambda: len(self.screening_pids()) >= count, f"screening process #{count}")
        return self.screening_pids()[count - 1]

    def rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.data / "decorum.sqlite3", timeout=20) as db:
            return list(db.execute(sql, params))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _site(demo_data: Path, tmp_path: Path, **env: str) -> Iterator[Site]:
    data = tmp_path / "data"
    shutil.copytree(demo_data, data)
    site = Site(data, tmp_path / "serve.log", **env)
    try:
        yield site
    finally:
        site.stop()
        for pid in site.screening_pids():  # never leave one behind, whatever the test found
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture
def site(demo_data: Path, tmp_path: Path) -> Iterator[Site]:
    yield from _site(demo_data, tmp_path)


@pytest.fixture
def site_without_process(demo_data: Path, tmp_path: Path) -> Iterator[Site]:
    yield from _site(demo_data, tmp_path, DECORUM_SCREENING_PROCESS="false")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _claim(site: Site, comment_id: int) -> str:
    rows = site.rows(
        "SELECT claimed_by, done_at IS NOT NULL FROM enforcement_screeningwork"
        " WHERE comment_id = ?",
        comment_id,
    )
    assert rows and rows[0][1] == 1, rows
    return str(rows[0][0])


def _decisions(site: Site, comment_id: int) -> int:
    rows = site.rows("SELECT COUNT(*) FROM enforcement_decision WHERE comment_id = ?", comment_id)
    return int(str(rows[0][0]))


def test_a_posted_comment_is_decided_by_the_screening_process(site: Site) -> None:
    worker = site.wait_for_screening_process(1)
    assert worker not in {os.getpid(), site.process.pid}
    site.log_in(STAFF)
    article = site.article_path()
    os.kill(worker, signal.SIGSTOP)  # held while a reader caches the page without the comment
    try:
        comment = site.post_comment("worker")
        site.request("GET", article, anonymous=True)
        _s, cached, page = site.request("GET", article, anonymous=True)
        assert cached.get("x-decorum-cache") == "hit" and TEXT.format("worker") not in page
    finally:
        os.kill(worker, signal.SIGCONT)
    site.wait_until_checked(comment)

    assert _claim(site, comment) == f"{socket.gethostname()}:{worker}"
    assert _decisions(site, comment) == 1
    status = site.rows("SELECT status FROM community_comment WHERE id = ?", comment)
    assert status == [("published",)]
    # published in the screening process, the comment reaches the web process's cached page
    _s, _h, page = site.request("GET", article, anonymous=True)
    assert TEXT.format("worker") in page


def test_a_killed_screening_process_is_replaced_and_the_comment_decided_once(site: Site) -> None:
    first = site.wait_for_screening_process(1)
    site.log_in(STAFF)
    os.kill(first, signal.SIGSTOP)  # it holds the comment's check unread, then dies
    comment = site.post_comment("killed")
    assert site.rows(
        "SELECT done_at FROM enforcement_screeningwork WHERE comment_id = ?", comment
    ) == [(None,)]
    os.kill(first, signal.SIGKILL)

    second = site.wait_for_screening_process(2)
    site.wait_until_checked(comment)

    assert second != first
    assert _claim(site, comment) == f"{socket.gethostname()}:{second}"
    assert _decisions(site, comment) == 1
    assert "exited with -9; starting it again" in site.text()


def test_stopping_serve_stops_its_screening_process(site: Site) -> None:
    worker = site.wait_for_screening_process(1)

    site.stop()

    assert site.process.returncode == 0, site.text()[-3000:]
    assert not _alive(worker)


def test_with_the_screening_process_off_the_web_process_decides(
    site_without_process: Site,
) -> None:
    site = site_without_process
    site.log_in(STAFF)

    comment = site.post_comment("in-process")
    site.wait_until_checked(comment)

    assert _claim(site, comment) == ""
    assert _decisions(site, comment) == 1
    assert site.screening_pids() == []
