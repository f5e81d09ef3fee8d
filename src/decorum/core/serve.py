"""``decorum serve``: migrate the embedded database, seed demo content once, serve with waitress.
``decorum run-production``: the same server tuned for production, serving only."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from typing import Any

from decorum.core.processes import Supervisor


def manage(argv: list[str]) -> int:
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    execute_from_command_line(["decorum manage", *argv])
    return 0


def _publish_scheduled_forever(interval: float) -> None:
    from django.core.management import call_command
    from django.db import close_old_connections

    while True:
        time.sleep(interval)
        close_old_connections()
        try:
            call_command("publish_scheduled", verbosity=0)
            call_command("purge_deleted_accounts", verbosity=0)
        except Exception:  # a failed round must not stop later rounds
            logging.getLogger(__name__).exception("Scheduled publishing failed")
        finally:
            close_old_connections()


def reconcile_round() -> bool:
    """One round of the screening reconciler; False (logged) when it failed, e.g. because the
    database restarted: the broken connection is dropped so the next round reconnects."""
    from django.core.management import call_command
    from django.db import close_old_connections

    close_old_connections()
    try:
        call_command("reconcile_screening", verbosity=0)
        return True
    except Exception:  # a failed round must not stop later rounds
        logging.getLogger(__name__).exception("Screening reconciliation failed")
        return False
    finally:
        close_old_connections()


def _reconcile_screening_forever(interval: float) -> None:
    while True:
        reconcile_round()
        time.sleep(interval)


def _start_screening_reconciler() -> None:
    """Comments whose check was lost (the server killed mid-burst, a database restart) are
    checked again: a daemon thread runs ``reconcile_screening`` at start and then every
    ``DECORUM_ENFORCEMENT_RECONCILE_SECONDS`` (30); production runs it from Celery beat.
    By command name: core stays below the apps."""
    from django.conf import settings

    interval = float(getattr(settings, "DECORUM_ENFORCEMENT_RECONCILE_SECONDS", 30))
    thread = threading.Thread(
        target=_reconcile_screening_forever,
        args=(interval,),
        name="decorum-reconciler",
        daemon=True,
    )
    thread.start()


def _start_scheduled_publishing() -> None:
    """Wagtail publishes scheduled pages (go_live_at) only when ``publish_scheduled`` runs.

    The embedded default runs it in a daemon thread every ``DECORUM_SCHEDULE_SECONDS``
    (60); production runs the same command from cron or Celery beat instead.
    """
    from django.conf import settings

    interval = float(getattr(settings, "DECORUM_SCHEDULE_SECONDS", 60))
    thread = threading.Thread(
        target=_publish_scheduled_forever, args=(interval,), name="decorum-scheduler", daemon=True
    )
    thread.start()


def _warm_up_in_background() -> None:
    """Load the moderation engine's models (a few seconds) while the server starts, so the
    first comment is decided as fast as the rest. By dotted path: core stays below the apps."""
    from decorum.core.jobs import run_job

    threading.Thread(
        target=run_job,
        args=("decorum.enforcement.engine_adapter.warm_up",),
        name="decorum-warm-up",
        daemon=True,
    ).start()


SWITCH_INTERVAL = 0.0005  # seconds: how often a thread waiting for the GIL may take it
SCREENING_HELPER = "screening"  # enforcement.screening.SCREENING_PROCESS, by name


def _start_screening_process() -> Supervisor | None:
    """Comments are screened in a process of their own beside the web server, restarted if it
    dies and stopped with it (``decorum screening-worker``), unless Celery does the work or
    ``DECORUM_SCREENING_PROCESS`` is false. Its cache writes (pages a decision made stale)
    are repeated here, and its wake-ups reach the requests waiting for a decision. By command
    name: core stays below the apps."""
    from django.conf import settings

    from decorum.core import processes, wakeups
    from decorum.core.cache import apply_forwarded

    def on_message(message: processes.Message) -> None:
        if not wakeups.apply_wake(message):
            apply_forwarded(message)

    if settings.DECORUM_CELERY_BROKER_URL or not settings.DECORUM_SCREENING_PROCESS:
        return None
    supervisor = processes.Supervisor(
        SCREENING_HELPER,
        [sys.executable, "-m", "decorum.cli", "screening-worker"],
        reply_path=processes.socket_path(f"{SCREENING_HELPER}-replies"),
        on_message=on_message,
    )
    supervisor.start()
    return supervisor


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(0)  # waitress returns, and serve stops its helper process


def waitress_options(
    *, threads: int, connection_limit: int, channel_timeout: int
) -> dict[str, object]:
    """How waitress is run, by ``decorum serve`` and ``decorum run-production`` alike.

    Waitress reads requests in one event loop and hands only complete ones to its threads, so
    idle connections cost a socket each, not a thread. Its defaults still let 100 idle
    connections (``connection_limit``) stop the site: past the limit it accepts nobody, and an
    idle one is dropped only after two minutes. Here the limit is far higher, idle connections
    are closed sooner and checked for more often, and ``poll()`` replaces ``select()``, which
    cannot watch descriptors numbered above 1024.

    Proxy headers (X-Forwarded-For, X-Forwarded-Proto) reach Django untouched: waitress would
    otherwise strip them all, and Django believes them only from DECORUM_TRUSTED_PROXIES
    (decorum.core.client_ip, ProxyHeadersMiddleware).
    """
    return {
        "threads": threads,
        "connection_limit": connection_limit,
        "channel_timeout": channel_timeout,
        "cleanup_interval": max(1, min(10, channel_timeout // 2)),
        "asyncore_use_poll": True,
        "backlog": 2048,
        "clear_untrusted_proxy_headers": False,
        "ident": "Decorum",
    }


def _add_server_arguments(
    parser: argparse.ArgumentParser, *, threads: int, connection_limit: int
) -> None:
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--threads", type=int, default=threads, help="requests run at once")
    parser.add_argument(
        "--connection-limit",
        type=int,
        default=connection_limit,
        help="open connections accepted at once, idle ones included",
    )
    parser.add_argument(
        "--channel-timeout",
        type=int,
        default=60,
        help="seconds after which an idle connection is closed",
    )


def run_production(argv: list[str]) -> int:
    """``decorum run-production``: serve the site and nothing else. The database is migrated
    and static files collected beforehand (README, "Production"); Celery workers and beat run
    the background work, so no threads of the embedded default are started here."""
    parser = argparse.ArgumentParser(prog="decorum run-production")
    _add_server_arguments(parser, threads=16, connection_limit=2000)
    opts = parser.parse_args(argv)

    import django

    django.setup()
    from waitress import serve as waitress_serve

    from decorum.wsgi import application

    options = waitress_options(
        threads=opts.threads,
        connection_limit=opts.connection_limit,
        channel_timeout=opts.channel_timeout,
    )
    print(f"Serving Decorum on http://{opts.host}:{opts.port}/ with {options}", flush=True)
    waitress_serve(application, host=opts.host, port=opts.port, **options)
    return 0


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="decorum serve")
    _add_server_arguments(parser, threads=12, connection_limit=1000)
    parser.add_argument("--no-demo", action="store_true", help="do not load demo content")
    opts = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    print(f"Decorum data directory: {settings.DATA_DIR}", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not opts.no_demo:
        call_command("load_demo", verbosity=0)  # decorum.demo, the top layer: no import here

    _start_scheduled_publishing()
    _start_screening_reconciler()
    _warm_up_in_background()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    screening = _start_screening_process()

    from waitress import serve as waitress_serve

    from decorum.wsgi import application

    print(f"Serving Decorum on http://{opts.host}:{opts.port}/ (Ctrl+C to stop)", flush=True)
    # Writers take turns (core.sqlite_backend), and the one whose turn it is gives up the GIL
    # at each SQLite call; with Python's 5 ms switch interval it could then wait that long for
    # it behind a thread rendering a page, while every other writer waits behind it. Under a
    # burst of posts, 0.5 ms served about a tenth more of them.
    sys.setswitchinterval(SWITCH_INTERVAL)
    options = waitress_options(
        threads=opts.threads,
        connection_limit=opts.connection_limit,
        channel_timeout=opts.channel_timeout,
    )
    try:
        waitress_serve(application, host=opts.host, port=opts.port, **options)
    finally:
        if screening is not None:
            screening.stop()
    return 0
