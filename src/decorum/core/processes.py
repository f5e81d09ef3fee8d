"""Helper processes beside the embedded web server: started, restarted and stopped by
``decorum serve``, and woken at once by a local datagram socket.

Why a process: CPU-bound background work (the moderation engine) run in the web process's
threads competes with the request threads for the GIL; a second process gets its own.

A helper is known by a name (``"screening"``). It binds ``socket_path(name)`` when it is ready
and takes messages from it; ``send`` delivers one without blocking and says False when no
helper listens (none started, not ready yet, dead), so callers fall back to working in-process.
``deliver`` also tells a busy helper (its socket's queue full) from an absent one: a helper
that takes work keeps that work in the database and sweeps it after each batch, so a message
it could not take is not lost, and a burst is not turned back onto the web process.
A helper started by :class:`Supervisor` finds its supervisor's pid and reply socket in the
environment: it stops when the supervisor is gone (no orphan) and may send messages back
(``send_to_parent``; the embedded cache uses it so invalidations reach the web process).
Messages are small JSON objects; the sockets are in the temporary directory, mode 600.
"""

from __future__ import annotations

import enum
import errno
import functools
import hashlib
import json
import logging
import os
import selectors
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

logger = logging.getLogger(__name__)

PARENT_PID_ENV = "DECORUM_HELPER_PARENT_PID"
PARENT_SOCKET_ENV = "DECORUM_HELPER_PARENT_SOCKET"
MAX_MESSAGE_BYTES = 60_000
RESTART_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)  # after quick deaths in a row
STEADY_SECONDS = 30.0  # a helper that ran this long restarts at the first delay again

Message = dict[str, Any]


def socket_path(name: str, *, data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where helper ``name`` of this data directory listens. In the temporary directory, as a
    Unix socket path is limited to about 100 bytes, named by a digest of the data directory."""
    if data_dir is None:
        from django.conf import settings

        data_dir = settings.DATA_DIR
    return _socket_path(name, os.fspath(data_dir), tempfile.gettempdir())


@functools.lru_cache(maxsize=64)
def _socket_path(name: str, data_dir: str, temp_dir: str) -> Path:
    # remembered: resolving the directory is a few system calls on every post
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    return Path(temp_dir) / f"decorum-{digest}-{name}.sock"


class Delivery(enum.Enum):
    SENT = "sent"
    BUSY = "busy"  # a helper listens but its queue is full
    ABSENT = "absent"  # nobody listens (or the message is too large to send)


def _send_to(path: str | os.PathLike[str], message: Message, *, wait: float = 0.0) -> Delivery:
    """Send one datagram; a full queue is waited on for up to ``wait`` seconds."""
    data = json.dumps(message, separators=(",", ":")).encode()
    if len(data) > MAX_MESSAGE_BYTES:
        return Delivery.ABSENT
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        if wait > 0:
            sock.settimeout(wait)
        else:
            sock.setblocking(False)
        try:
            sock.sendto(data, os.fspath(path))
        except TimeoutError:
            return Delivery.BUSY
        except OSError as err:
            if err.errno == errno.EAGAIN:
                return Delivery.BUSY
            # nobody bound (ENOENT, ECONNREFUSED)
            if err.errno not in {errno.ENOENT, errno.ECONNREFUSED, errno.ENOTSOCK}:
                logger.warning("Could not send to helper socket %s", path, exc_info=True)
            return Delivery.ABSENT
    return Delivery.SENT


def deliver(name: str, message: Message) -> Delivery:
    """Deliver ``message`` to helper ``name`` now, or say why not."""
    return _send_to(socket_path(name), message)


def send(name: str, message: Message) -> bool:
    """Deliver ``message`` to helper ``name`` now, or say False: it was not delivered."""
    return deliver(name, message) is Delivery.SENT


def is_helper() -> bool:
    """True in a process a :class:`Supervisor` started."""
    return bool(os.environ.get(PARENT_PID_ENV))


PARENT_SEND_WAIT = 1.0  # seconds a helper waits for room in its supervisor's queue


def send_to_parent(message: Message) -> bool:
    """Deliver ``message`` to this helper's supervisor (False when not a helper or refused).
    A full queue is waited on (up to ``PARENT_SEND_WAIT``) rather than dropped: a burst of
    wake-ups must not cost a cache invalidation that follows them."""
    path = os.environ.get(PARENT_SOCKET_ENV)
    if not path:
        return False
    return _send_to(path, message, wait=PARENT_SEND_WAIT) is Delivery.SENT


def parent_alive() -> bool:
    """False once the supervisor that started this helper has gone (always True when the
    helper was started by hand), so a helper never outlives ``decorum serve``."""
    expected = os.environ.get(PARENT_PID_ENV)
    return not expected or os.getppid() == int(expected)


def pid_alive(pid: int) -> bool:
    """Whether a process with ``pid`` exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Inbox:
    """The receiving end of a helper socket: bind, wait for messages, unlink on close."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            self.path.unlink()  # left by a helper that was killed
        except FileNotFoundError:
            pass
        old_umask = os.umask(0o177)
        try:
            self.sock.bind(os.fspath(self.path))
        finally:
            os.umask(old_umask)
        self.sock.setblocking(False)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.sock, selectors.EVENT_READ)

    def receive(self, timeout: float) -> list[Message]:
        """Every message waiting, after blocking up to ``timeout`` seconds for the first."""
        messages: list[Message] = []
        if not self.selector.select(timeout):
            return messages
        while True:
            try:
                data = self.sock.recv(MAX_MESSAGE_BYTES + 1)
            except BlockingIOError:
                return messages
            try:
                message = json.loads(data)
            except ValueError:
                logger.warning("Ignored an unreadable message on %s", self.path)
                continue
            if isinstance(message, dict):
                messages.append(message)

    def close(self) -> None:
        self.selector.close()
        self.sock.close()
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass

    def __enter__(self) -> Inbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class Supervisor:
    """Runs one helper process: starts it, starts it again whenever it exits (waiting longer
    after each quick death), and stops it with the server. Messages the helper sends back
    are handed to ``on_message`` in a thread of the supervising process."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        reply_path: str | os.PathLike[str],
        on_message: Callable[[Message], None] | None = None,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.reply_path = Path(reply_path)
        self.on_message = on_message
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._inbox: Inbox | None = None

    def start(self) -> None:
        self._inbox = Inbox(self.reply_path)
        for target, suffix in ((self._run, "supervisor"), (self._listen, "replies")):
            thread = threading.Thread(
                target=target, name=f"decorum-{self.name}-{suffix}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _spawn(self) -> subprocess.Popen[bytes] | None:
        env = dict(os.environ)
        env[PARENT_PID_ENV] = str(os.getpid())
        env[PARENT_SOCKET_ENV] = str(self.reply_path)
        with self._lock:
            if self._stopping.is_set():
                return None
            self.process = subprocess.Popen(self.argv, env=env)
            self.starts += 1
            return self.process

    def _run(self) -> None:
        quick_deaths = 0
        while not self._stopping.is_set():
            process = self._spawn()
            if process is None:
                return
            started = time.monotonic()
            code = process.wait()
            if self._stopping.is_set():
                return
            quick_deaths = 0 if time.monotonic() - started >= STEADY_SECONDS else quick_deaths + 1
            delay = RESTART_DELAYS[min(quick_deaths, len(RESTART_DELAYS) - 1)]
            logger.warning(
                "The %s helper process (pid %s) exited with %s; starting it again in %.1f s",
                self.name,
                process.pid,
                code,
                delay,
            )
            self._stopping.wait(delay)

    def _listen(self) -> None:
        inbox = self._inbox
        assert inbox is not None
        while not self._stopping.is_set():
            try:
                messages = inbox.receive(timeout=1.0)
            except (OSError, ValueError):  # closed by stop()
                return
            for message in messages:
                if self.on_message is None:
                    continue
                try:
                    self.on_message(message)
                except Exception:  # one bad message must not stop the rest
                    logger.exception("A message from the %s helper failed", self.name)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the helper (SIGTERM, then SIGKILL after ``timeout``) and stop restarting it."""
        with self._lock:
            self._stopping.set()
            process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._inbox is not None:
            self._inbox.close()
