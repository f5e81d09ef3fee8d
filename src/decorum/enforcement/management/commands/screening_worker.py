"""``screening_worker``: the embedded default's screening process (``decorum screening-worker``).

``decorum serve`` starts it and restarts it; run it by hand only beside a server started with
``DECORUM_SCREENING_PROCESS=false``.
"""

from __future__ import annotations

import signal
import sys
from typing import Any

from django.core.management.base import BaseCommand

from decorum.enforcement import screening_worker


def _exit(signum: int, frame: Any) -> None:
    sys.exit(0)  # unwinds, so the socket is removed and an open transaction rolled back


class Command(BaseCommand):
    help = "Check new and edited comments in this process as the web server sends them."

    def handle(self, *args: Any, **options: Any) -> None:
        signal.signal(signal.SIGTERM, _exit)
        try:
            screening_worker.run()
        except KeyboardInterrupt:
            pass
