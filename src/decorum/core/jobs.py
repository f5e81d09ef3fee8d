"""The one seam for background work: jobs take plain ids and run after the transaction commits.

In the embedded default they run in a small in-process thread pool, or, for a job enqueued with
``process=name``, in that helper process when one listens (``decorum.core.processes``; the
helper runs it, the pool does when none is up; a helper whose queue is full is left to find
the work in the database, which such helpers sweep after each batch); when
``DECORUM_CELERY_BROKER_URL`` is set they are sent to Celery workers instead.

Handing a job over can fail (the broker is down) and so can the job (the database restarts):
neither reaches the caller. Both are logged with the job's name, its ids and the traceback,
and written down as a :class:`~decorum.core.models.JobFailure`, which is how they are counted.
Work that must not be lost is recorded in the database by its owner in the same transaction
and re-dispatched by a reconciler (comment screening: ``enforcement.screening.reconcile``);
this seam never retries by itself.
"""

from __future__ import annotations

import importlib
import logging
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, transaction

from decorum.core import processes

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()
_pending: list[Future[Any]] = []

JobId = int | str

# Celery's publisher retries a refused connection; a reader's request waits at most this long
# (about half a second) before the comment is left to the reconciler.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}


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


def record_failure(path: str, ids: tuple[JobId, ...], *, stage: str, error: BaseException) -> None:
    """Write down one failure (best effort: the database may be what failed)."""
    from decorum.core.models import JobFailure

    close_old_connections()  # drop a connection the failure left unusable
    try:
        with transaction.atomic():
            JobFailure.objects.create(
                job=path[:200],
                ids=list(ids),
                stage=stage,
                error=f"{type(error).__name__}: {error}"[:2000],
                traceback="".join(traceback.format_exception(error))[-20000:],
            )
    except DatabaseError:
        logger.warning("Could not record the failure of job %s%r", path, ids, exc_info=True)


def run_job(path: str, *ids: JobId, reraise: bool = False) -> bool:
    """Run one job by dotted path. A failure is logged and recorded; it reaches the caller's
    thread only with ``reraise`` (Celery, so the worker marks the task failed)."""
    close_old_connections()
    try:
        resolve(path)(*ids)
        return True
    except Exception as err:
        logger.exception("Background job %s failed for ids %r", path, list(ids))
        record_failure(path, ids, stage="run", error=err)
        if reraise:
            raise
        return False
    finally:
        close_old_connections()


def _send_to_celery(path: str, ids: tuple[JobId, ...]) -> None:
    from decorum.core.celery import app as celery_app

    with celery_app.connection_for_write(settings.DECORUM_CELERY_BROKER_URL) as connection:
        celery_app.send_task(
            "decorum.run_job",
            args=[path, *ids],
            connection=connection,
            retry=True,
            retry_policy=PUBLISH_RETRY_POLICY,
        )


def run_inline() -> bool:
    """Whether a job runs in the caller's thread when its transaction commits
    (``DECORUM_JOBS_EAGER``, tests and imports), so its effects are there right after."""
    return bool(getattr(settings, "DECORUM_JOBS_EAGER", False))


def _dispatch(path: str, ids: tuple[JobId, ...], process: str) -> None:
    if run_inline():
        run_job(path, *ids)
        return
    if settings.DECORUM_CELERY_BROKER_URL:
        _send_to_celery(path, ids)
        return
    if process:
        delivery = processes.deliver(process, {"job": path, "ids": list(ids)})
        if delivery is not processes.Delivery.ABSENT:
            return
    future = _get_executor().submit(run_job, path, *ids)
    with _lock:
        _pending.append(future)


def dispatch(path: str, ids: tuple[JobId, ...], process: str = "") -> bool:
    """Hand a job to the queue now; False (logged and recorded) when that failed."""
    try:
        _dispatch(path, ids, process)
    except Exception as err:
        logger.warning(
            "Could not hand job %s%r to the queue, so it did not run; work its owner keeps in "
            "the database (a comment's check) is sent again by a reconciler",
            path,
            ids,
            exc_info=True,
        )
        record_failure(path, ids, stage="dispatch", error=err)
        return False
    return True


def enqueue_on_commit(task: Callable[..., Any], *ids: JobId, process: str = "") -> None:
    """Schedule ``task(*ids)`` once the surrounding transaction commits (at once if none).

    ``process`` names the helper process that runs it when one is up (embedded default only).
    A queue that cannot be reached is logged and recorded, never raised: the caller's
    transaction has committed already."""
    for value in ids:
        if not isinstance(value, int | str):
            raise TypeError("Background jobs take plain ids, not objects.")
    path = task_path(task)
    transaction.on_commit(lambda: dispatch(path, tuple(ids), process))


def wait_for_jobs(timeout: float = 30.0) -> None:
    """Block until in-process jobs submitted so far are done (tests and the CLI use it)."""
    with _lock:
        futures = list(_pending)
        _pending.clear()
    for future in futures:
        future.result(timeout=timeout)
