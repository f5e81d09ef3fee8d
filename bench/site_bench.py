"""Decorum against Isso, a small Python comment server, on this machine with the same client.

Starts ``decorum serve`` on a fresh data directory (demo content, plus 500 published comments
under one article) and Isso (``isso==0.13.0`` in its own virtualenv, ``bench/.isso-venv``,
created on the first run; git-ignored) with a minimal configuration and 20 comments in one
thread, both on loopback. Then measures, in interleaved rounds (Decorum, Isso, Decorum, ...)
with ``--clients`` concurrent clients for ``--seconds`` each:

  page   Decorum's article page for an anonymous reader   vs  Isso's thread GET (JSON)
  post   Decorum's comment POST (logged in, with screening) vs  Isso's comment POST
  seen   the time from sending a comment until its author's status endpoint shows the
         engine's decision (p50, p95)

and prints the ratios of the medians over rounds (requests per second), the latencies, the
Decorum server's resident memory and the memory of the engine's recent-activity state (an
in-process store, bounded per article: measured filled to its cap).

Run: ``.venv/bin/python bench/site_bench.py [--clients 8] [--seconds 4] [--rounds 3]``
(about three minutes on a first run, most of it installing Isso and loading the demo).
Targets (issue 13): page >= 2x Isso's GET, POST >= 0.5x Isso's POST, decision seen p95 <= 300 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISSO_VERSION = "0.13.0"
ISSO_VENV = ROOT / "bench" / ".isso-venv"
THREAD_COMMENTS = 500
ISSO_COMMENTS = 20
POLL_SECONDS = 0.05  # pause before asking the status endpoint again when it answered early
POSTERS = ("moderator@demo.decorum.invalid", "admin@demo.decorum.invalid")
SETTINGS = """\
from decorum.settings.dev import *  # noqa: F403

DECORUM_COMMUNITY_RATE_PER_USER = 10_000_000
DECORUM_COMMUNITY_RATE_PER_IP = 10_000_000
DECORUM_ENFORCEMENT_WAIT_SECONDS = {wait}
"""
# Run inside the Decorum environment (Django set up on the bench data directory): adds the
# long thread under the first live English article and prints what the bench needs.
SEED = """
import json, django
django.setup()
from django.contrib.auth import get_user_model
from django.utils import timezone
from datetime import timedelta
from decorum.community.models import Comment, CommentStatus
from decorum.news.models import ArticlePage

articles = list(ArticlePage.objects.live().public().filter(locale__language_code="en")
                .order_by("-published_at", "pk")[:2])
thread, other = articles
users = list(get_user_model().objects.filter(is_active=True).order_by("pk"))
start = timezone.now() - timedelta(hours=6)
made = []
for number in range(%(count)d):
    parent = made[number - 1] if number %% 4 and made and made[number - 1].depth < 3 else None
    comment = Comment(
        article_id=thread.pk, author=users[number %% len(users)], parent=parent,
        root_id=(parent.root_id if parent else None), depth=(parent.depth + 1 if parent else 0),
        text=f"Reader remark number {number}: the bridge tolls, the ferry timetable and "
             f"the council's budget https://example.org/{number}",
        status=CommentStatus.PUBLISHED, created_at=start + timedelta(seconds=number),
    )
    comment.save()
    if parent is None:
        comment.root_id = comment.pk
        comment.save(update_fields=["root"])
    made.append(comment)
print(json.dumps({"thread": thread.pk, "thread_path": thread.url, "other": other.pk,
                  "other_path": other.url}))
"""
ISSO_CONFIG = """\
[general]
dbpath = {db}
host = {origin}
[server]
listen = http://127.0.0.1:{port}/
[guard]
enabled = false
[moderation]
enabled = false
"""
BENIGN = [
    "The new timetable should help commuters on the early ferry, good to see it.",
    "I wonder how the council will pay for the bridge repairs next year.",
    "Thanks for the clear reporting, the timeline of the vote helped a lot.",
    "Our street flooded last spring too; the drains were never cleaned.",
    "Interesting figures on the budget, I would like to see the full table.",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Client:
    """One HTTP/1.1 client: keeps the connection while the server does, keeps cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=sent)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                continue
            got = {k.lower(): v for k, v in response.getheaders()}
            for raw in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(raw)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            if response.will_close:
                self.conn.close()
                self.conn = None
            return response.status, got, data
        raise RuntimeError("unreachable")

    def read_message(self) -> None:
        """Forget the one-time message a post leaves (Django's ``messages`` cookie), as the
        page a browser is sent to after posting shows it and clears it. Kept, the next posts
        would carry every earlier message back and forth, which no reader does."""
        self.cookies.pop("messages", None)

    def form(self, path: str, data: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        body = urllib.parse.urlencode(
            {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        )
        return self.request(
            "POST",
            path,
            body.encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/",
            },
        )


@dataclass
class Round:
    name: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_round(
    name: str, clients: list[Client], seconds: float, one: Callable[[Client, int], bool]
) -> Round:
    """Every client repeats ``one`` for ``seconds``; ``one`` returns whether it succeeded."""
    result = Round(name, seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = iter(range(10**9))

    def worker(client: Client) -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                ok = one(client, next(counter))
            except (http.client.HTTPException, OSError):
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1

    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result


def wait_for(
    port: int, path: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 240
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited:\n{log.read_text()[-3000:]}")
        try:
            status, _h, _b = Client(port).request("GET", path)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"no answer on port {port} within {timeout} s")


def isso_python() -> Path:
    python = ISSO_VENV / "bin" / "python"
    if not (ISSO_VENV / "bin" / "isso").exists():
        print(f"installing isso=={ISSO_VERSION} into {ISSO_VENV} ...", flush=True)
        shutil.rmtree(ISSO_VENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(ISSO_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", f"isso=={ISSO_VERSION}"], check=True
        )
    return ISSO_VENV / "bin" / "isso"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def engine_state_mib(texts: list[str]) -> tuple[int, float]:
    """Memory of the engine's in-process recent-activity store filled to its cap for one
    article (events shaped as the engine records them: folded text, 512-number embedding)."""
    import tracemalloc

    import numpy as np

    sys.path.insert(0, str(ROOT / "src"))
    from decorum.moderation.state import MemoryStateStore, StateEvent

    store = MemoryStateStore()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    now = time.time()
    for number in range(store.max_per_article * 2):  # twice the cap: the deque keeps the cap
        store.record(
            StateEvent(
                comment_id=str(number),
                article_id="1",
                author=f"author-{number % 50}",
                ts=now + number / 100,
                folded=texts[number % len(texts)][:1000],
                embedding=np.random.default_rng(number).random(512, dtype=np.float32),
            )
        )
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return store.max_per_article, used / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--wait-seconds",
        type=float,
        default=0.0,
        help="DECORUM_ENFORCEMENT_WAIT_SECONDS for the run: 0 answers the post at once and the "
        "page polls the status endpoint; Decorum's default, 1.5, holds the post for the decision",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)

    isso = isso_python()
    tmp = Path(tempfile.mkdtemp(prefix="decorum-site-bench-"))
    (tmp / "bench_site_settings.py").write_text(SETTINGS.format(wait=args.wait_seconds))
    data_dir = tmp / "data"
    env = {k: v for k, v in os.environ.items() if k != "DECORUM_DEBUG"}
    env.update(
        DECORUM_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="bench_site_settings",
        PYTHONPATH=os.pathsep.join([str(tmp), str(ROOT / "src")]),
    )
    decorum_port, isso_port = _free_port(), _free_port()
    processes: list[subprocess.Popen[bytes]] = []
    try:
        log = tmp / "decorum.log"
        with log.open("ab") as out:
            decorum = subprocess.Popen(
                [sys.executable, "-m", "decorum.cli", "serve", "--port", str(decorum_port)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        processes.append(decorum)
        print(f"data directory {data_dir}; logs in {tmp}", flush=True)
        wait_for(decorum_port, "/", decorum, log)
        seeded = subprocess.run(
            [sys.executable, "-c", SEED % {"count": THREAD_COMMENTS}],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        facts = json.loads(seeded.stdout.strip().splitlines()[-1])
        passwords = dict(
            re.findall(
                r"(\S+@demo\.decorum\.invalid)\s+(\S+)",
                (data_dir / "demo-passwords.txt").read_text(),
            )
        )

        isso_log = tmp / "isso.log"
        (tmp / "isso.cfg").write_text(
            ISSO_CONFIG.format(
                db=tmp / "isso.db", origin=f"http://127.0.0.1:{decorum_port}/", port=isso_port
            )
        )
        with isso_log.open("ab") as out:
            isso_process = subprocess.Popen(
                [str(isso), "-c", str(tmp / "isso.cfg"), "run"],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        processes.append(isso_process)
        wait_for(isso_port, "/?uri=/", isso_process, isso_log)
        isso_thread = urllib.parse.quote(facts["thread_path"])
        isso_posts = urllib.parse.quote(facts["other_path"])
        json_headers = {"Content-Type": "application/json"}
        seeder = Client(isso_port)
        for number in range(ISSO_COMMENTS):
            body = json.dumps(
                {"text": f"{BENIGN[number % 5]} ({number})", "author": f"Reader {number}"}
            )
            status, _h, _b = seeder.request(
                "POST", f"/new?uri={isso_thread}", body.encode(), json_headers
            )
            assert status == 201, status
        print(
            f"Decorum article {facts['thread_path']} with {THREAD_COMMENTS} comments; "
            f"Isso thread with {ISSO_COMMENTS} comments; {args.clients} clients, "
            f"{args.rounds} x {args.seconds:.0f} s rounds; DECORUM_ENFORCEMENT_WAIT_SECONDS="
            f"{args.wait_seconds:g}",
            flush=True,
        )

        # Logged-in Decorum clients (two demo staff accounts, exempt from the sanction ladder).
        posters: list[Client] = []
        for index in range(args.clients):
            client = Client(decorum_port)
            email = POSTERS[index % len(POSTERS)]
            client.request("GET", "/accounts/login/")
            status, _h, _b = client.form(
                "/accounts/login/", {"login": email, "password": passwords[email]}
            )
            assert status == 302, f"login failed: {status}"
            posters.append(client)

        def decorum_page(client: Client, _n: int) -> bool:
            status, _h, body = client.request("GET", facts["thread_path"])
            return status == 200 and b'class="comment comment--published' in body

        def isso_get(client: Client, _n: int) -> bool:
            status, _h, body = client.request("GET", f"/?uri={isso_thread}")
            return status == 200 and body.count(b'"author"') >= ISSO_COMMENTS

        marker = f"{time.time():.0f}"

        posted: list[str] = []

        def decorum_post(client: Client, n: int) -> bool:
            text = f"{BENIGN[n % len(BENIGN)]} [{marker}-{n}]"
            status, headers, _b = client.form(
                "/comments/post/", {"article": str(facts["other"]), "text": text}
            )
            found = re.search(r"#comment-(\d+)", headers.get("location", ""))
            client.read_message()
            if status != 302 or found is None:
                return False
            posted.append(found.group(1))
            return True

        def drain() -> float:
            """Wait until the engine has decided every comment posted so far (its checks run
            in the server's process after the posts were answered, and would otherwise slow
            the next round); returns the seconds waited."""
            started = time.monotonic()
            while posted and time.monotonic() - started < 300:
                status, _h, body = posters[0].request("GET", f"/comments/{posted[-1]}/status/")
                if status == 200 and json.loads(body)["checked"]:
                    posted.pop()
                else:
                    time.sleep(0.05)
            return time.monotonic() - started

        def isso_post(client: Client, n: int) -> bool:
            body = json.dumps(
                {"text": f"{BENIGN[n % len(BENIGN)]} [{marker}-{n}]", "author": "Bench"}
            )
            status, _h, _b = client.request(
                "POST", f"/new?uri={isso_posts}", body.encode(), json_headers
            )
            return status == 201

        seen: list[float] = []
        seen_lock = threading.Lock()

        def decorum_post_until_seen(client: Client, n: int) -> bool:
            started = time.perf_counter()
            text = f"{BENIGN[n % len(BENIGN)]} [seen-{marker}-{n}]"
            status, headers, _b = client.form(
                "/comments/post/", {"article": str(facts["other"]), "text": text}
            )
            found = re.search(r"#comment-(\d+)", headers.get("location", ""))
            client.read_message()
            if status != 302 or found is None:
                return False
            while time.perf_counter() - started < 30:
                # as the page asks (status.js): the server holds the answer until the decision
                status, _h, body = client.request(
                    "GET", f"/comments/{found.group(1)}/status/?wait=2"
                )
                if status == 200 and json.loads(body)["checked"]:
                    with seen_lock:
                        seen.append(time.perf_counter() - started)
                    return True
                time.sleep(POLL_SECONDS)
            return False

        anonymous = [Client(decorum_port) for _ in range(args.clients)]
        isso_clients = [Client(isso_port) for _ in range(args.clients)]
        # Warm both: the engine's first checks, Decorum's first page render, Isso's thread.
        for n in range(4):
            decorum_post_until_seen(posters[0], 10**6 + n)
            decorum_page(anonymous[0], n)
            isso_get(isso_clients[0], n)
            isso_post(isso_clients[0], 10**6 + n)
        seen.clear()
        rss_start = rss_mib(decorum.pid)

        rounds: dict[str, list[Round]] = {}
        drains: list[float] = []
        plan = [
            ("decorum page", anonymous, decorum_page),
            ("isso get", isso_clients, isso_get),
            ("decorum post", posters, decorum_post),
            ("isso post", isso_clients, isso_post),
            ("decorum seen", posters, decorum_post_until_seen),
        ]
        for number in range(args.rounds):
            for name, clients, one in plan:
                result = run_round(name, clients, args.seconds, one)
                rounds.setdefault(name, []).append(result)
                waited = drain()
                if waited > 0.05:
                    drains.append(waited)
                print(
                    f"round {number + 1} {name:13} {result.rate:8.1f} req/s  "
                    f"p50 {percentile(result.latencies, 0.5) * 1000:7.1f} ms  "
                    f"p99 {percentile(result.latencies, 0.99) * 1000:7.1f} ms  "
                    f"errors {result.errors}",
                    flush=True,
                )
        rss_end = rss_mib(decorum.pid)

        def median_rate(name: str) -> float:
            return statistics.median(r.rate for r in rounds[name])

        def latencies(name: str) -> list[float]:
            return [x for r in rounds[name] for x in r.latencies]

        page = median_rate("decorum page") / median_rate("isso get")
        post = median_rate("decorum post") / median_rate("isso post")
        p50, p95 = percentile(seen, 0.5) * 1000, percentile(seen, 0.95) * 1000
        print()
        for name in ("decorum page", "isso get", "decorum post", "isso post"):
            lat = latencies(name)
            print(
                f"{name:13} median {median_rate(name):8.1f} req/s"
                f"  p50 {percentile(lat, 0.5) * 1000:7.1f} ms"
                f"  p99 {percentile(lat, 0.99) * 1000:7.1f} ms"
            )
        print(
            f"page  ratio Decorum/Isso {page:5.2f}x  (target >= 2)   "
            f"{'met' if page >= 2 else 'MISSED'}"
        )
        print(
            f"post  ratio Decorum/Isso {post:5.2f}x  (target >= 0.5) "
            f"{'met' if post >= 0.5 else 'MISSED'}"
        )
        print(
            f"decision seen by the author: p50 {p50:.0f} ms, p95 {p95:.0f} ms"
            f" over {len(seen)} comments"
            f"  (target p95 <= 300 ms) {'met' if p95 <= 300 else 'MISSED'}"
        )
        if drains:
            print(
                f"after a post round the engine needed {statistics.median(drains):.1f} s "
                "(median) more to decide the comments it had answered"
            )
        cap, state = engine_state_mib(BENIGN)
        print(
            f"memory: Decorum server RSS {rss_start:.0f} MiB before the rounds,"
            f" {rss_end:.0f} MiB after; "
            f"engine state (in-process, {cap} events per article for "
            f"{3600 / 60:.0f} min at most) {state:.1f} MiB for one article at its cap"
        )
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
