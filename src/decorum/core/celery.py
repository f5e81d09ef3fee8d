"""The Celery application used in production (``celery -A decorum.core.celery worker``)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decorum.settings.production")

app = Celery("decorum")
app.conf.broker_url = os.environ.get("DECORUM_CELERY_BROKER_URL", "redis://127.0.0.1:6379/1")
app.conf.task_acks_late = True
app.conf.worker_prefetch_multiplier = 1


@app.task(name="decorum.run_job")  # type: ignore[untyped-decorator]
def run_job_task(path: str, *ids: int | str) -> None:
    import django

    django.setup()
    from decorum.core.jobs import run_job

    run_job(path, *ids)
