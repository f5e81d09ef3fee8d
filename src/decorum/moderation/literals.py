"""Literal prefilter for sets of regular expressions: skip the patterns that cannot match.

Searching dozens of cue patterns in every comment cost more than any other check, yet most
comments contain none of the words a given cue needs. From each pattern's parse tree we
derive a set of literal strings of which at least one occurs in every match ("kill", "kys",
"vendo" ...); a pattern is only searched when one of its literals is in the text. One
Aho-Corasick pass (``pyahocorasick``) finds every literal at once. The filter only ever
skips patterns that could not have matched, so results are exactly those of searching all.

Patterns are assumed case-insensitive and texts lower-cased (the engine's ``folded`` text):
literals are lower-cased and both sides fold the few characters that ``re.IGNORECASE`` treats
as equal beyond lower-casing (dotless i, long s, Greek and old Cyrillic variants).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import ahocorasick

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")
_casefix: Any = importlib.import_module("re._casefix")

# Literals shorter than this are too common to be worth indexing: such a pattern is searched.
MIN_LITERAL = 2


@lru_cache(maxsize=1)
def _case_table() -> dict[int, int]:
    """Every character with extra IGNORECASE equivalents -> one member of its class."""
    return {code: min(code, *extras) for code, extras in _casefix._EXTRA_CASES.items()}


def fold_case(text: str) -> str:
    """The form both literals and texts are compared in."""
    return text.translate(_case_table())


def _lower(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


Literals = frozenset[str]


def _best(candidates: list[Literals]) -> Literals | None:
    """The most selective candidate: longest shortest literal, then fewest literals."""
    if not candidates:
        return None
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))


def _sequence(items: Iterable[tuple[Any, Any]]) -> Literals | None:
    candidates: list[Literals] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(_lower(chr(av)))
            continue
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        sub: Literals | None = None
        if op is _c.SUBPATTERN:
            sub = _sequence(av[3])
        elif op is _c.ATOMIC_GROUP:
            sub = _sequence(av)
        elif op is _c.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                found = _sequence(branch)
                if found is None:
                    union.clear()
                    break
                union |= found
            sub = frozenset(union) if union else None
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            sub = _sequence(av[2])
        # Anything else (classes, any, anchors, look-arounds, back-references) needs no
        # particular literal, so it adds no candidate.
        if sub is not None:
            candidates.append(sub)
    if run:
        candidates.append(frozenset({"".join(run)}))
    return _best(candidates)


def necessary_literals(pattern: str, flags: int = 0) -> Literals | None:
    """Literals one of which every match of ``pattern`` contains, or None if none is known."""
    found = _sequence(_parser.parse(pattern, flags))
    if found is None or min(map(len, found)) < MIN_LITERAL:
        return None
    return frozenset(fold_case(s) for s in found)


class LiteralFilter:
    """Which of a list of patterns may match a text, from one pass over the text."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.size = len(patterns)
        self.always: frozenset[int] = frozenset()
        always: set[int] = set()
        owners: dict[str, set[int]] = {}
        for i, pattern in enumerate(patterns):
            found = necessary_literals(pattern.pattern, pattern.flags)
            if found is None:
                always.add(i)
                continue
            for literal in found:
                owners.setdefault(literal, set()).add(i)
        self.always = frozenset(always)
        self._automaton: Any = ahocorasick.Automaton()
        for literal, indices in owners.items():
            self._automaton.add_word(literal, frozenset(indices))
        if owners:
            self._automaton.make_automaton()
        self._empty = not owners

    def candidates(self, text: str) -> set[int]:
        """Indices of the patterns worth searching in the lower-cased ``text``."""
        out = set(self.always)
        if self._empty or not text:
            return out
        for _, indices in self._automaton.iter(fold_case(text)):
            out |= indices
        return out
