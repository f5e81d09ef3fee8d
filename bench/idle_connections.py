"""Idle connections against ``decorum serve``: how long a request for / takes while N sockets
sit open without sending anything, with Decorum's waitress settings and with waitress's own
defaults (``--connection-limit 100 --channel-timeout 120``) for comparison.

Run: ``.venv/bin/python bench/idle_connections.py [--idle 100 200 500]``. Figures go to stdout.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch_seconds(url: str) -> float | None:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            response.read()
    except OSError:
        return None
    return time.monotonic() - started


def run(label: str, extra: list[str], idle_counts: list[int], data_dir: str) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DECORUM_DATA_DIR"] = data_dir
    process = subprocess.Popen(
        [sys.executable, "-m", "decorum.cli", "serve", "--no-demo", "--port", str(port), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while fetch_seconds(url) is None:
            if time.monotonic() > deadline or process.poll() is not None:
                print(f"{label}: the server did not start")
                return
            time.sleep(0.5)
        for count in idle_counts:
            sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
            time.sleep(0.5)
            seconds = fetch_seconds(url)
            shown = (
                f"{seconds * 1000:.0f} ms"
                if seconds is not None
                else f"no answer in {TIMEOUT:.0f} s"
            )
            print(f"{label:<28} {count:>5} idle connections: GET / {shown}")
            for sock in sockets:
                sock.close()
            time.sleep(1)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--idle", type=int, nargs="+", default=[100, 500])
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="decorum-bench-") as data_dir:
        run("decorum serve", [], opts.idle, data_dir)
        run(
            "waitress defaults",
            ["--connection-limit", "100", "--channel-timeout", "120"],
            opts.idle,
            data_dir,
        )


if __name__ == "__main__":
    main()
