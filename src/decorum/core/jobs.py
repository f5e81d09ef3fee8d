"""The one seam for background work: jobs take plain ids and run after the transaction commits.

In the embedded default they run in a small in-process thread pool; when
``DECORUM_CELERY_BROKER_URL`` is set they are sent to Celery workers instead.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()
_pending: list[Future[Any]] = []

JobId = int | str


def _get_executor() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="decorum-job")
        return _executor


def task_path(task: Callable[..., Any]) -> str:
    return f"{task.__module__}.{task.__qualname__}"


def resolve(path: str) -> Callable[..., Any]:
    module_name, _, attr = path.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)  # type: ignore[no-any-return]


def run_job(path: str, *ids: JobId) -> None:
    """Run one job by dotted path; errors are logged, never raised into the caller's thread."""
    close_old_connections()
    try:
        resolve(path)(*ids)
    except Exception:  # a job's own failure must not take the worker down
        logger.exception("Background job %s%r failed", path, ids)
    finally:
        close_old_connections()


def _dispatch(path: str, ids: tuple[JobId, ...]) -> None:
    if getattr(settings, "DECORUM_JOBS_EAGER", False):
        run_job(path, *ids)
        return
    if settings.DECORUM_CELERY_BROKER_URL:
        from decorum.core.celery import app as celery_app

        celery_app.send_task("decorum.run_job", args=[path, *ids])
        return
    future = _get_executor().submit(run_job, path, *ids)
    with _lock:
        _pending.append(future)


def enqueue_on_commit(task: Callable[..., Any], *ids: JobId) -> None:
    """Schedule ``task(*ids)`` once the surrounding transaction commits (at once if none)."""
    for value in ids:
        if not isinstance(value, int | str):
            raise TypeError("Background jobs take plain ids, not objects.")
    path = task_path(task)
    transaction.on_commit(lambda: _dispatch(path, tuple(ids)))


def wait_for_jobs(timeout: float = 30.0) -> None:
    """Block until in-process jobs submitted so far are done (tests and the CLI use it)."""
    with _lock:
        futures = list(_pending)
        _pending.clear()
    for future in futures:
        future.result(timeout=timeout)
