"""Idle connections do not stop the site: 100 open sockets that never send a request (what a
slow or hostile client, or a proxy's spare connections, leave behind) and a reader still gets
the home page at once. With waitress's defaults (connection_limit 100) the site stopped
answering until the idle ones timed out two minutes later."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

IDLE_CONNECTIONS = 100


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, timeout: float) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
        return int(response.status)


def test_serve_answers_while_100_idle_connections_are_open(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DECORUM_DEBUG"}
    }
    env["DECORUM_DATA_DIR"] = str(tmp_path / "data")
    log = tmp_path / "serve.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "decorum.cli", "serve", "--no-demo", "--port", str(port)],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    idle: list[socket.socket] = []
    try:
        home = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"decorum serve exited early:\n{log.read_text()}")
            try:
                assert _get(home, timeout=10) == 200
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"decorum serve did not answer:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)

        for _ in range(IDLE_CONNECTIONS):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        # A request half sent is idle too: it holds the connection without finishing.
        idle[0].sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(0.5)  # let the server accept them all

        started = time.monotonic()
        assert _get(home, timeout=5) == 200
        assert time.monotonic() - started < 5
    finally:
        for sock in idle:
            sock.close()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
