"""One-edit misspellings of insults ("idiiot", "stupd", "дебиил"), read back as the word.

The table (``data/misspellings/variants.tsv``) is built from ``targets.yaml`` by
``decorum.moderation.training.misspellings``, which leaves out every variant that is a word
in use. It serves the classifier only, both what its sentence encoder reads
(``normalise.plain_words``) and its n-grams (``detectors.classifier``): a disguise by one
letter should not hide an insult's meaning from it, while word lists keep matching exact
words, so a misread rare word can never reject a comment on its own.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def variants() -> dict[str, str]:
    text = (
        resources.files("decorum.moderation")
        .joinpath("data", "misspellings", "variants.tsv")
        .read_text("utf-8")
    )
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            variant, word, _lang = line.split("\t")
            out[variant] = word
    return out


def intended(word: str) -> str | None:
    """The insult a lower-case ``word`` misspells by one edit, or None."""
    return variants().get(word)
