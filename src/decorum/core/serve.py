"""``decorum serve``: migrate the embedded database, seed demo content once, serve with waitress."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time


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


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="decorum serve")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--threads", type=int, default=8)
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
        from decorum.core.demo import load_demo_content_once

        load_demo_content_once(stdout=sys.stdout)

    _start_scheduled_publishing()
    _start_screening_reconciler()
    _warm_up_in_background()

    from waitress import serve as waitress_serve

    from decorum.wsgi import application

    print(f"Serving Decorum on http://{opts.host}:{opts.port}/ (Ctrl+C to stop)", flush=True)
    waitress_serve(application, host=opts.host, port=opts.port, threads=opts.threads)
    return 0
