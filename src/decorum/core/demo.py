"""Demo content, written for Decorum: loaded once on the first ``decorum serve``."""

from __future__ import annotations

from typing import TextIO


def load_demo_content_once(*, stdout: TextIO) -> bool:
    return False
