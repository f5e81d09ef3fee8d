"""Engine command line: moderate, evaluate, train (filled in by the engine work)."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    print(f"decorum {argv[0]}: not built yet", file=sys.stderr)
    return 2
