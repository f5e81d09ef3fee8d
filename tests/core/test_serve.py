"""``decorum serve`` from a fresh data directory: migrate, seed, serve pages and media."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_serve_runs_the_demo_site_from_a_fresh_data_directory(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DECORUM_DEBUG"}
    }
    env["DECORUM_DATA_DIR"] = str(tmp_path / "data")
    log = tmp_path / "serve.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from decorum.cli import main; raise SystemExit(main())",
                "serve",
                "--port",
                str(port),
            ],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        status = 0
        home = b""
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"decorum serve exited early:\n{log.read_text()}")
            try:
                status, home = _fetch(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, log.read_text()
        html = home.decode()
        assert 'id="latest-news"' in html
        article_path = re.search(r'<h3 class="card-title"><a href="([^"]+)"', html)
        assert article_path is not None
        status, article = _fetch(f"http://127.0.0.1:{port}{article_path.group(1)}")
        assert status == 200, log.read_text()[-3000:]
        assert b'id="article-headline"' in article
        image = re.search(r'src="(/media/[^"]+)"', article.decode())
        assert image is not None
        status, data = _fetch(f"http://127.0.0.1:{port}{image.group(1)}")
        assert status == 200 and data[:8] == b"\x89PNG\r\n\x1a\n"
        status, _css = _fetch(f"http://127.0.0.1:{port}/static/decorum/site.css")
        assert status == 200
        output = log.read_text()
        assert "reader@" in output and "admin@" in output
        assert (tmp_path / "data" / "demo-passwords.txt").exists()
        key_file = tmp_path / "data" / "secret_key"
        assert key_file.stat().st_mode & 0o777 == 0o600
        assert len(key_file.read_text().strip()) >= 32
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
