"""Word stems for search, so that "ferries" finds "ferry" and "паромы" finds "паромов".

The embedded default (SQLite FTS5) has no stemmer for Russian, so the index and the query
are stemmed here with the Snowball algorithms, the same ones PostgreSQL's ``english_stem``
and ``russian_stem`` dictionaries use in production. The stemmer is chosen per word by its
script, not by edition: English articles quote Russian words and the other way round.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яё]")
_english = snowballstemmer.stemmer("english")
_russian = snowballstemmer.stemmer("russian")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The stem of one word, lower-cased (ё is read as е, as most Russian text writes it)."""
    lowered = word.lower().replace("ё", "е")
    if _CYRILLIC.search(lowered):
        return str(_russian.stemWord(lowered))
    return str(_english.stemWord(lowered))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def stem_text(text: str) -> str:
    """``text`` as its words' stems separated by spaces (what the SQLite index stores)."""
    return " ".join(stem(w) for w in words(text))
