"""Fault injection for comment screening: is any comment lost or left undecided?

Starts ``decorum serve`` (the embedded default, its own temporary data directory, short retry
settings), posts bursts of comments over HTTP as the demo moderator and administrator (exempt
from the sanction ladder, so every post is accepted), injects one fault per round, restarts
the server and waits for the screening reconciler. Prints per fault: comments posted
(acknowledged to the reader), stored, decided, queued for a human, lost and decided twice.

Run: ``.venv/bin/python bench/faults.py [--burst N] [--keep]`` (a few minutes).

Faults:
  sigkill       the server is killed with SIGKILL in the middle of a burst, then restarted
  broker-down   the Celery broker is unreachable during the burst (127.0.0.1:1), then the
                server restarts with the broker back (here: in-process jobs)
  broker-gone   the broker stays unreachable: every check fails until the comment is handed
                to a moderator with the reason
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOSED_BROKER = "redis://127.0.0.1:1/0"
SETTINGS = """\
from decorum.settings.dev import *  # noqa: F403

DECORUM_ENFORCEMENT_RETRY_AFTER_SECONDS = 3
DECORUM_ENFORCEMENT_RECONCILE_SECONDS = 2
DECORUM_ENFORCEMENT_MAX_ATTEMPTS = 3
DECORUM_ENFORCEMENT_WAIT_SECONDS = 0
DECORUM_COMMUNITY_RATE_PER_USER = 100_000
DECORUM_COMMUNITY_RATE_PER_IP = 100_000
"""
TEXTS = [
    "The new bridge should cut my commute by ten minutes, which is good news for the town.",
    "You are a pathetic idiot and everyone here knows you are a moron.",
    "I wonder how the council will pay for the repairs next year.",
    "Buy cheap watches now at http://cheap-watches.example.com best prices!!!",
    "Thanks for the clear reporting, the timeline helped a lot.",
]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Reader:
    """One logged-in browser session (cookies and CSRF token)."""

    def __init__(self, base: str, email: str, password: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        page = self._get("/accounts/login/")
        self._post("/accounts/login/", {"login": email, "password": password}, page)

    def _csrf(self, html: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return found.group(1) if found else ""

    def _get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return str(response.read().decode())

    def _post(self, path: str, data: dict[str, str], page_html: str) -> int:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._csrf(page_html)})
        try:
            with self.opener.open(self.base + path, body.encode(), timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as err:
            return int(err.code)

    def article(self) -> tuple[int, str]:
        home = self._get("/")
        for link in re.findall(r'href="(/[a-z0-9-]+/[a-z0-9-]+/)"', home):
            html = self._get(link)
            found = re.search(r'name="article" value="(\d+)"', html)
            if found:
                return int(found.group(1)), html
        raise SystemExit("no commentable article found on the demo home page")

    def post_comment(self, article: int, page_html: str, text: str) -> int:
        return self._post("/comments/post/", {"article": str(article), "text": text}, page_html)


@dataclass
class Server:
    data_dir: Path
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self, *, broker: str = "") -> None:
        env = {k: v for k, v in os.environ.items() if k != "DECORUM_DEBUG"}
        env.update(
            DECORUM_DATA_DIR=str(self.data_dir),
            DJANGO_SETTINGS_MODULE="bench_faults_settings",
            PYTHONPATH=os.pathsep.join([str(self.data_dir.parent), str(ROOT / "src")]),
            DECORUM_CELERY_BROKER_URL=broker,
        )
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "decorum.cli", "serve", "--port", str(self.port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"decorum serve exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/", timeout=5):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise SystemExit("decorum serve did not answer within 180 s")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _passwords(data_dir: Path) -> dict[str, str]:
    text = (data_dir / "demo-passwords.txt").read_text()
    return dict(re.findall(r"(\S+@demo\.decorum\.invalid)\s+(\S+)", text))


def _db(data_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{data_dir / 'decorum.sqlite3'}?mode=ro", uri=True, timeout=30)


def _counts(data_dir: Path, marker: str) -> dict[str, int]:
    like = f"%{marker}%"
    with _db(data_dir) as db:

        def one(sql: str) -> int:
            return int(db.execute(sql, (like,)).fetchone()[0])

        return {
            "stored": one("SELECT COUNT(*) FROM community_comment WHERE text LIKE ?"),
            "decided": one(
                "SELECT COUNT(DISTINCT c.id) FROM community_comment c JOIN enforcement_decision d"
                " ON d.comment_id = c.id WHERE c.text LIKE ?"
            ),
            "queued_for_human": one(
                "SELECT COUNT(DISTINCT c.id) FROM community_comment c JOIN enforcement_decision d"
                " ON d.comment_id = c.id WHERE c.text LIKE ? AND d.action = 'queue'"
            ),
            "handed_after_failures": one(
                "SELECT COUNT(DISTINCT c.id) FROM community_comment c JOIN enforcement_decision d"
                " ON d.comment_id = c.id WHERE c.text LIKE ? AND d.source = 'system'"
            ),
            "undecided": one(
                "SELECT COUNT(*) FROM community_comment c WHERE c.text LIKE ? AND NOT EXISTS"
                " (SELECT 1 FROM enforcement_decision d WHERE d.comment_id = c.id)"
            ),
            "decided_twice": one(
                "SELECT COUNT(*) FROM (SELECT c.id FROM community_comment c JOIN"
                " enforcement_decision d ON d.comment_id = c.id WHERE c.text LIKE ?"
                " AND d.source != 'moderator' GROUP BY c.id HAVING COUNT(*) > 1)"
            ),
        }


def _burst(
    readers: list[tuple[Reader, int, str]],
    marker: str,
    count: int,
    on_half: threading.Event | None = None,
) -> tuple[list[str], int]:
    """Post ``count`` comments four at a time; returns the acknowledged texts and errors."""
    acknowledged: list[str] = []
    errors = 0
    lock = threading.Lock()

    def one(i: int) -> None:
        nonlocal errors
        reader, article, html = readers[i % len(readers)]
        text = f"{TEXTS[i % len(TEXTS)]} [{marker}-{i}]"
        try:
            status = reader.post_comment(article, html, text)
        except (urllib.error.URLError, OSError):
            status = 0
        with lock:
            if status == 302:
                acknowledged.append(text)
            else:
                errors += 1
            if on_half is not None and len(acknowledged) == count // 2:
                on_half.set()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(one, range(count)))
    return acknowledged, errors


def _wait_until_settled(data_dir: Path, marker: str, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if _counts(data_dir, marker)["undecided"] == 0:
            break
        time.sleep(1)
    return time.monotonic() - started


def _report(
    name: str,
    data_dir: Path,
    marker: str,
    acknowledged: list[str],
    errors: int,
    waited: float,
    undecided_after_fault: int,
) -> dict[str, int]:
    counts = _counts(data_dir, marker)
    with _db(data_dir) as db:
        stored = {
            row[0]
            for row in db.execute(
                "SELECT text FROM community_comment WHERE text LIKE ?", (f"%{marker}%",)
            )
        }
    missing = sum(1 for text in acknowledged if text not in stored)
    lost = missing + counts["undecided"]
    print(
        f"{name:12} posted {len(acknowledged):3} (refused {errors:2})  stored {counts['stored']:3}"
        f"  undecided after the fault {undecided_after_fault:3}"
        f"  decided {counts['decided']:3}  queued for a human {counts['queued_for_human']:3}"
        f" (after failed checks {counts['handed_after_failures']:3})  lost {lost:2}"
        f"  decided twice {counts['decided_twice']:2}  settled in {waited:5.1f} s",
        flush=True,
    )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--burst", type=int, default=60, help="comments per fault")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="decorum-faults-"))
    (tmp / "bench_faults_settings.py").write_text(SETTINGS)
    server = Server(data_dir=tmp / "data", port=_free_port(), log=tmp / "serve.log")
    print(f"data directory {server.data_dir}, server log {server.log}", flush=True)
    failures = 0
    try:
        server.start()
        passwords = _passwords(server.data_dir)

        def sessions() -> list[tuple[Reader, int, str]]:
            out = []
            for email in ("moderator@demo.decorum.invalid", "admin@demo.decorum.invalid"):
                reader = Reader(server.base, email, passwords[email])
                article, html = reader.article()
                out.append((reader, article, html))
            return out

        # 1. SIGKILL in the middle of a burst.
        readers = sessions()
        half = threading.Event()
        killer = threading.Thread(target=lambda: (half.wait(120), server.kill()))
        killer.start()
        acknowledged, errors = _burst(readers, "sigkill", args.burst, on_half=half)
        killer.join()
        stranded = _counts(server.data_dir, "sigkill")["undecided"]
        server.start()
        waited = _wait_until_settled(server.data_dir, "sigkill", 120)
        counts = _report(
            "sigkill", server.data_dir, "sigkill", acknowledged, errors, waited, stranded
        )
        failures += counts["undecided"] + counts["decided_twice"]

        # 2. The broker is unreachable during the burst, then comes back.
        server.stop()
        server.start(broker=CLOSED_BROKER)
        acknowledged, errors = _burst(sessions(), "brokerdown", args.burst)
        server.stop()
        stranded = _counts(server.data_dir, "brokerdown")["undecided"]
        server.start()
        waited = _wait_until_settled(server.data_dir, "brokerdown", 120)
        counts = _report(
            "broker-down", server.data_dir, "brokerdown", acknowledged, errors, waited, stranded
        )
        failures += counts["undecided"] + counts["decided_twice"]

        # 3. The broker stays unreachable: the comments reach a moderator with the reason.
        server.stop()
        server.start(broker=CLOSED_BROKER)
        acknowledged, errors = _burst(sessions(), "brokergone", args.burst)
        stranded = _counts(server.data_dir, "brokergone")["undecided"]
        waited = _wait_until_settled(server.data_dir, "brokergone", 120)
        counts = _report(
            "broker-gone", server.data_dir, "brokergone", acknowledged, errors, waited, stranded
        )
        failures += counts["undecided"] + counts["decided_twice"]
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print("no comment lost or decided twice" if failures == 0 else f"{failures} faults found")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
