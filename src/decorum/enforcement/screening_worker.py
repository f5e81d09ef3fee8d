"""The screening process of the embedded default (``decorum screening-worker``).

``decorum serve`` runs it beside the web server (``DECORUM_SCREENING_PROCESS``), so the engine's
few milliseconds of CPU per comment no longer compete with the request threads for the GIL.
The web process wakes it as each posting commits (``core.jobs`` sends ``screen_comment``'s
ids to ``core.processes``' socket); when no screening process listens, the web process runs
the check itself as before, and the reconciler covers anything lost in between.

Under a burst the socket's queue fills (a few messages); a post that finds it full leaves its
check to this process instead of running it in the web process, and the loop takes up such
unheld work after each batch it was sent.

The loop claims open ``ScreeningWork`` rows by writing its ``host:pid`` on them, then runs the
same job the web process would (``screening.screen_comment``), which decides at most once
and closes the row. On start it also claims every open row no live screening process holds,
so a check held by one that was killed is taken up by its successor; a check also running in
the web process meanwhile decides once (the job settles under the write lock).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterable

from django.core.cache import caches
from django.db import close_old_connections, transaction
from django.utils import timezone

from decorum.core import processes
from decorum.core.cache import HelperLocMemCache
from decorum.core.jobs import run_job, task_path
from decorum.enforcement import engine_adapter
from decorum.enforcement.models import ScreeningWork
from decorum.enforcement.screening import SCREENING_PROCESS, screen_comment, screen_comments

logger = logging.getLogger(__name__)

SCREEN_JOB = task_path(screen_comment)
SWEEP_LIMIT = 1000
TOGETHER = 16  # checks stored in one transaction: the write lock is held for these only


def identity() -> str:
    """What this process writes on the rows it claims."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _held_by_the_living(claimed_by: str) -> bool:
    """Whether ``claimed_by`` names a process that may still work on the row: one on another
    host (left to the reconciler), or one alive on this host."""
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    return processes.pid_alive(int(pid))


def _claim(comment_ids: Iterable[int]) -> list[tuple[int, str]]:
    """Claim the open work of ``comment_ids``; ``(comment id, digest)`` of what is ours."""
    ids = sorted(set(comment_ids))
    me = identity()
    with transaction.atomic():
        ScreeningWork.objects.open().filter(comment_id__in=ids).update(
            claimed_by=me, claimed_at=timezone.now()
        )
        return list(
            ScreeningWork.objects.open()
            .filter(comment_id__in=ids, claimed_by=me)
            .order_by("scheduled_at", "pk")
            .values_list("comment_id", "digest")
        )


def _unheld() -> list[int]:
    """Open work nobody alive holds: checked in a web process that was stopped, sent while no
    screening process listened, or claimed by a screening process that was killed."""
    rows = ScreeningWork.objects.open().order_by("scheduled_at", "pk")
    return [
        comment_id
        for comment_id, claimed_by in rows.values_list("comment_id", "claimed_by")[:SWEEP_LIMIT]
        if not claimed_by or not _held_by_the_living(claimed_by)
    ]


def _forget_local_memos() -> None:
    """The policy and model in force are memoised in the cache; this process's cache is its
    own, so the memo is dropped before each batch and a policy saved in the web process
    applies to the next comment (one indexed query per batch)."""
    local = caches["default"]
    if isinstance(local, HelperLocMemCache):
        local.forget_here(engine_adapter.POLICY_NUMBER_KEY, engine_adapter.MODEL_KEY)


def screen_batch(comment_ids: Iterable[int]) -> int:
    """Claim and check ``comment_ids``, together (``screening.screen_comments``); should that
    fail, one by one as jobs (each failure then logged, counted and left to the reconciler).
    How many checks were claimed."""
    ids = list(comment_ids)
    if not ids:
        return 0
    _forget_local_memos()
    claimed = _claim(ids)
    for start in range(0, len(claimed), TOGETHER):
        _screen_together(claimed[start : start + TOGETHER])
    return len(claimed)


def _screen_together(claimed: list[tuple[int, str]]) -> None:
    if len(claimed) > 1:
        try:
            screen_comments(claimed)
            return
        except Exception:
            logger.exception("Checking %d comments together failed; checking each", len(claimed))
            close_old_connections()
    for comment_id, digest in claimed:
        run_job(SCREEN_JOB, comment_id, digest)


def _comment_ids(messages: list[processes.Message]) -> list[int]:
    ids: list[int] = []
    for message in messages:
        job_ids = message.get("ids")
        if message.get("job") == SCREEN_JOB and isinstance(job_ids, list) and job_ids:
            try:
                ids.append(int(job_ids[0]))
            except (TypeError, ValueError):
                logger.warning("Ignored a screening message without a comment id: %r", message)
    return ids


def run(*, idle_seconds: float = 1.0) -> None:
    """Screen until the supervising ``decorum serve`` is gone (or forever when started by
    hand). The engine is loaded before the socket is bound, so until then comments are
    checked in the web process rather than waiting here."""
    engine_adapter.warm_up()
    close_old_connections()
    with processes.Inbox(processes.socket_path(SCREENING_PROCESS)) as inbox:
        print(f"Screening process {identity()} ready", flush=True)
        screen_batch(_unheld())
        while processes.parent_alive():
            take_turn(inbox, idle_seconds)


def take_turn(inbox: processes.Inbox, idle_seconds: float) -> int:
    """One round of the loop: the checks sent since the last round (waiting up to
    ``idle_seconds`` for one), then any unheld work, which includes what posts that found the
    socket's queue full left here. How many checks were claimed."""
    messages = inbox.receive(idle_seconds)
    if not messages:
        return 0
    return screen_batch(_comment_ids(messages)) + screen_batch(_unheld())
