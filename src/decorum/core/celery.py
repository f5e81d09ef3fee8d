"""The Celery application used in production (``celery -A decorum.core.celery worker``).

``celery -A decorum.core.celery beat`` runs the periodic work: the screening reconciler every
minute (comments whose check was lost in a broker outage, a worker crash or a database
restart are checked again, or handed to a moderator after repeated failures).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decorum.settings.production")

app = Celery("decorum")
# The same variables as the web side (settings.production): DECORUM_BROKER_URL, then the older
# DECORUM_CELERY_BROKER_URL; RabbitMQ by default, a broker that keeps queued jobs on disk.
app.conf.broker_url = (
    os.environ.get("DECORUM_BROKER_URL")
    or os.environ.get("DECORUM_CELERY_BROKER_URL")
    or "amqp://guest:guest@127.0.0.1:5672//"
)
app.conf.task_acks_late = True
app.conf.worker_prefetch_multiplier = 1
# By dotted path: core stays below the apps (the reconciler lives in enforcement).
RECONCILE_SCREENING = "decorum.enforcement.screening.reconcile_screening"
RESEND_NOTICE_EMAILS = "decorum.enforcement.notices.resend_notice_emails"
app.conf.beat_schedule = {
    "reconcile-screening": {
        "task": "decorum.run_job",
        "args": [RECONCILE_SCREENING],
        "schedule": float(os.environ.get("DECORUM_RECONCILE_SECONDS", "60")),
    },
    "resend-notice-emails": {
        "task": "decorum.run_job",
        "args": [RESEND_NOTICE_EMAILS],
        "schedule": float(os.environ.get("DECORUM_RECONCILE_SECONDS", "60")),
    },
}


@app.task(name="decorum.run_job")  # type: ignore[untyped-decorator]
def run_job_task(path: str, *ids: int | str) -> None:
    """Run one job; a failure is logged with its traceback and raised, so the worker marks
    the task failed (the reconciler, not Celery, retries screening)."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from decorum.core.jobs import run_job

    run_job(path, *ids, reraise=True)
