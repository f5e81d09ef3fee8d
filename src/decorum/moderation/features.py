"""Features computed once per comment and shared by every detector.

Normalisation keeps an offset map so that evidence found in the folded text can be
reported as spans of the original text.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # folded form (lower case, homoglyphs/leet folded, repeats squeezed)
    start: int  # span in the ORIGINAL text
    end: int


@dataclass(frozen=True, slots=True)
class UrlInfo:
    url: str  # as cleaned (evil[.]com -> evil.com, trailing punctuation removed)
    host: str  # lower case, IDNA-decoded
    registered_domain: str  # e.g. "example.co.uk"
    suffix: str
    start: int  # span in the ORIGINAL text
    end: int


@dataclass(slots=True)
class Features:
    """Everything detectors share. Expensive members (embedding) are computed lazily, once."""

    original: str  # the text as received, bounded to the engine's maximum length
    clean: str  # NFKC, control/zero-width/bidi characters removed, case kept
    folded: (
        str  # lower case, homoglyphs and leetspeak folded, repeats squeezed, spaced letters joined
    )
    folded_to_original: list[int]  # folded index -> original index (len(folded) + 1 entries)
    tokens: list[Token]
    urls: list[UrlInfo]
    language: str | None  # ISO 639-1, or None when too short/unsure
    language_confidence: float
    edition: str
    truncated: bool = False
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def span(self, folded_start: int, folded_end: int) -> tuple[int, int]:
        """Map a span of ``folded`` back to the original text."""
        last = len(self.folded_to_original) - 1
        start = self.folded_to_original[max(0, min(folded_start, last))]
        end = self.folded_to_original[max(0, min(folded_end, last))]
        return start, max(start, end)

    def embedding(self) -> Any:
        """The clean text's sentence embedding (512 floats, unit length), computed once."""
        cached = self._cache.get("embedding")
        if cached is None:
            from decorum.moderation.embeddings import get_embedder

            cached = get_embedder().embed([self.clean])[0]
            self._cache["embedding"] = cached
        return cached


# --------------------------------------------------------------------------- normalisation

DEFAULT_MAX_CHARS = 5000
# Format characters (zero-width, bidi controls, soft hyphen) and controls other than layout.
_KEEP_CONTROLS = {"\n", "\t", "\r"}

_CYR_TO_LAT = dict(zip("аеорсухкмтнвіјѕ", "aeopcyxkmthbijs", strict=True))
_LAT_TO_CYR = {v: k for k, v in _CYR_TO_LAT.items() if k not in "ѕјі"}
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_NOT_LEET_WORD = re.compile(
    r"^\d+(?:st|nd|rd|th|s|am|pm|k|m|x|g|kg|km|mb|gb|h|min|d|y|yo|x\d+)?$|^[a-z]{1,3}\d+$"
)
_SPACED = re.compile(r"(?<!\w)\w(?:[ .\-_*]\w){2,}(?!\w)")
_WORD_RUN = re.compile(r"[\w@$]+")


def _removed(ch: str) -> bool:
    if ch in _KEEP_CONTROLS:
        return False
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Cf", "Cs", "Co", "Cn")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).lower()


def _without_surrogates(text: str) -> str:
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def _script(ch: str) -> str:
    if "\u0400" <= ch <= "\u04ff":
        return "cyr"
    if "a" <= ch <= "z":
        return "lat"
    return ""


def _fold_word(chars: list[str], email: bool = False) -> list[str]:
    """Leetspeak and look-alike letters inside one word, judged by the word's majority script."""
    letters = [c for c in chars if c.isalpha()]
    if not letters:
        return chars
    word = "".join(chars)
    if any(c in _LEET for c in chars) and not _NOT_LEET_WORD.match(word):
        out = list(chars)
        n = len(chars)
        for i, c in enumerate(chars):
            if c not in _LEET or (email and c == "@"):
                continue
            left = i > 0 and (chars[i - 1].isalpha() or chars[i - 1] in _LEET)
            right = i + 1 < n and (chars[i + 1].isalpha() or chars[i + 1] in _LEET)
            if c.isdigit() and len(letters) < 2:
                continue
            if (left and right) or (c in "$@" and left) or (c in "@$0" and right and i == 0):
                out[i] = _LEET[c]
        chars = out
    cyr = sum(1 for c in chars if _script(c) == "cyr")
    lat = sum(1 for c in chars if _script(c) == "lat")
    if cyr and lat:
        table = _CYR_TO_LAT if lat >= cyr else _LAT_TO_CYR
        chars = [table.get(c, c) for c in chars]
    return chars


def _normalise(original: str) -> tuple[str, str, list[int]]:
    """Return ``(clean, folded, folded_to_original)`` for an already bounded text."""
    kept: list[str] = []
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(original):
        if _removed(ch):
            continue
        kept.append(ch)
        for out in _fold_char(ch):
            chars.append(out)
            index.append(i)
    clean = unicodedata.normalize("NFKC", "".join(kept))

    # Leet and homoglyphs, word by word.
    joined = "".join(chars)
    for m in _WORD_RUN.finditer(joined):
        s, e = m.span()
        chars[s:e] = _fold_word(chars[s:e], email=joined[e : e + 1] == ".")

    # Squeeze 3+ repeats to 2 ("sooooo" -> "soo").
    sq_chars: list[str] = []
    sq_index: list[int] = []
    for ch, i in zip(chars, index, strict=True):
        if len(sq_chars) >= 2 and sq_chars[-1] == ch and sq_chars[-2] == ch:
            continue
        sq_chars.append(ch)
        sq_index.append(i)

    # Join spaced single letters ("k y s", "f.u.c.k").
    text = "".join(sq_chars)
    drop: set[int] = set()
    for m in _SPACED.finditer(text):
        if not any(c.isalpha() for c in m.group()):
            continue
        drop.update(range(m.start() + 1, m.end(), 2))
    if drop:
        sq_chars = [c for k, c in enumerate(sq_chars) if k not in drop]
        sq_index = [i for k, i in enumerate(sq_index) if k not in drop]
    sq_index.append(len(original))
    return clean, "".join(sq_chars), sq_index


# --------------------------------------------------------------------------- URLs

_DEFANG = re.compile(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|hxxps?(?=://)|\[:\]", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"»"
_CHUNK = re.compile(r"\S+")
_MAX_URLS = 50
_extract_lock = threading.Lock()
_extractors: tuple[Any, Any] | None = None


def _url_tools() -> tuple[Any, Any]:
    """urlextract and an offline tldextract (bundled suffix list), built once per process."""
    global _extractors
    if _extractors is None:
        with _extract_lock:
            if _extractors is None:
                import tldextract
                from urlextract import URLExtract

                finder = URLExtract()
                tld = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
                _extractors = (finder, tld)
    return _extractors


def _defang(text: str) -> tuple[str, list[int]]:
    """Undo "evil[.]com" and "hxxp://" with a map back to ``text`` offsets."""
    out: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _DEFANG.finditer(text):
        out.append(text[pos : m.start()])
        index.extend(range(pos, m.start()))
        found = m.group().lower()
        repl = (
            "."
            if "." in found or "dot" in found
            else (":" if found == "[:]" else found.replace("xx", "tt"))
        )
        out.append(repl)
        index.extend([m.start()] * len(repl))
        pos = m.end()
    out.append(text[pos:])
    index.extend(range(pos, len(text)))
    index.append(len(text))
    return "".join(out), index


def _find_urls(original: str) -> list[UrlInfo]:
    if "." not in original and "hxxp" not in original.lower():
        return []
    finder, tld = _url_tools()
    text, index = _defang(original)
    found: list[UrlInfo] = []
    # urlextract is slow on long runs of dotted text, so it only sees plausible chunks.
    hits: list[tuple[str, tuple[int, int]]] = []
    for chunk in _CHUNK.finditer(text):
        if len(hits) >= _MAX_URLS or "." not in chunk.group() or len(chunk.group()) > 2000:
            continue
        try:
            found_here = finder.find_urls(chunk.group(), get_indices=True, only_unique=False)
        except Exception:  # noqa: BLE001 - urlextract can trip over odd input; no URL there
            continue
        hits.extend((raw, (chunk.start() + a, chunk.start() + b)) for raw, (a, b) in found_here)
    for raw, (start, end) in hits[:_MAX_URLS]:
        url = str(raw).rstrip(_TRAILING)
        end = start + len(url)
        if not url:
            continue
        host_part = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url, flags=re.IGNORECASE)
        host = re.split(r"[/?#:]", host_part, maxsplit=1)[0].lower().rsplit("@", 1)[-1]
        try:
            host = host.encode("ascii").decode("idna") if host.startswith("xn--") else host
        except UnicodeError:
            pass
        parts = tld(host)
        if not parts.suffix:
            continue
        registered = f"{parts.domain}.{parts.suffix}" if parts.domain else parts.suffix
        found.append(UrlInfo(url, host, registered, parts.suffix, index[start], index[end]))
    return found


# --------------------------------------------------------------------------- language

_LANG_LOCK = threading.Lock()
_lang_detector: Any = None
MIN_LANGUAGE_LETTERS = 15


def _language_detector() -> Any:
    global _lang_detector
    if _lang_detector is None:
        with _LANG_LOCK:
            if _lang_detector is None:
                from lingua import Language, LanguageDetectorBuilder

                langs = [
                    Language.ENGLISH, Language.RUSSIAN, Language.SPANISH, Language.UKRAINIAN,
                    Language.CATALAN, Language.GERMAN, Language.FRENCH, Language.ITALIAN,
                    Language.PORTUGUESE, Language.POLISH, Language.BELARUSIAN,
                ]  # fmt: skip
                _lang_detector = (
                    LanguageDetectorBuilder.from_languages(*langs)
                    .with_preloaded_language_models()
                    .build()
                )
    return _lang_detector


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and confidence, or ``(None, 0.0)`` when there are too few letters."""
    sample = text[:1000]
    if sum(1 for c in sample if c.isalpha()) < MIN_LANGUAGE_LETTERS:
        return None, 0.0
    values = _language_detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    top = values[0]
    return top.language.iso_code_639_1.name.lower(), float(top.value)


# --------------------------------------------------------------------------- entry point

_TOKEN = re.compile(r"\w+")


def compute_features(text: str, edition: str, max_chars: int = DEFAULT_MAX_CHARS) -> Features:
    """Normalise ``text`` once and derive everything detectors share."""
    truncated = len(text) > max_chars
    original = _without_surrogates(text[:max_chars])
    clean, folded, fmap = _normalise(original)
    tokens = [
        Token(m.group(), fmap[m.start()], max(fmap[m.start()] + 1, fmap[m.end()]))
        for m in _TOKEN.finditer(folded)
    ]
    urls = _find_urls(original)
    # Addresses are not prose in any language: blank them before guessing the language.
    prose = original
    for url in reversed(urls):
        prose = prose[: url.start] + " " + prose[url.end :]
    language, confidence = detect_language(prose if urls else clean)
    return Features(
        original=original,
        clean=clean,
        folded=folded,
        folded_to_original=fmap,
        tokens=tokens,
        urls=urls,
        language=language,
        language_confidence=confidence,
        edition=edition,
        truncated=truncated,
    )
