"""The README's production steps on this machine: a throwaway PostgreSQL database, migrate,
collectstatic, ``decorum run-production`` with production settings, the home page fetched,
a Celery worker that connects to RabbitMQ; then the database is dropped.

Skips, saying why, when PostgreSQL on 127.0.0.1:5432 does not answer (``make services``)."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

BIN = Path(sys.executable).parent


def _reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def throwaway_database() -> Iterator[str]:
    if not _reachable(5432):
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432; start it with `make services`.")
    name = f"decorum_smoke_{secrets.token_hex(4)}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    try:
        yield name
    finally:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", "--if-exists", name],
            check=True,
        )


def test_the_readme_production_steps_give_a_working_site(
    tmp_path: Path, throwaway_database: str
) -> None:
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DECORUM_") and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="decorum.settings.production",
        DECORUM_SECRET_KEY=secrets.token_urlsafe(50),
        DECORUM_BASE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{throwaway_database}",
        REDIS_URL="redis://127.0.0.1:6379/0",
        DECORUM_BROKER_URL="amqp://guest:guest@127.0.0.1:5672//",
        DECORUM_DATA_DIR=str(tmp_path / "data"),
        DECORUM_SSL_REDIRECT="false",
        DECORUM_SECURE_COOKIES="false",
    )
    for step in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        run = subprocess.run(
            [str(BIN / "decorum"), "manage", *step],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr[-3000:]
    assert (tmp_path / "data" / "static" / "decorum" / "site.css").exists()

    log = tmp_path / "web.log"
    with log.open("wb") as log_file:
        web = subprocess.Popen(
            [str(BIN / "decorum"), "run-production", "--port", str(port)],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    worker = None
    try:
        deadline = time.monotonic() + 90
        while True:
            if web.poll() is not None:
                pytest.fail(f"decorum run-production exited:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                    status, headers = response.status, response.headers
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"no answer from the site:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        assert status == 200
        assert "script-src 'self';" in headers["Content-Security-Policy"]
        assert headers["Server"] == "Decorum"

        if _reachable(5672):
            worker_log = tmp_path / "worker.log"
            with worker_log.open("wb") as log_file:
                worker = subprocess.Popen(
                    [
                        str(BIN / "celery"),
                        "-A",
                        "decorum.core.celery",
                        "worker",
                        "-c",
                        "1",
                        "--loglevel",
                        "INFO",
                    ],
                    env=env,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                )
            deadline = time.monotonic() + 90
            while "ready." not in worker_log.read_text():
                if worker.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the Celery worker did not start:\n{worker_log.read_text()}")
                time.sleep(0.5)
            assert "Connected to amqp://guest:**@127.0.0.1:5672//" in worker_log.read_text()
    finally:
        _stop(web)
        if worker is not None:
            _stop(worker)
