"""Profanity: whole-word matching on folded tokens, plus masked and hinted forms.

Matching whole folded tokens (not substrings) is what keeps "Class action" and "Assessing"
clean while "sh1t", "a$$" and "f u c k" (folded by the feature step) still match. Masked
forms ("f*ck", "бл*") are compared against a short list of core words with the mask as a
wildcard, because a mask hides letters the folded token no longer has.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import ClassVar

import yaml

from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.detectors.lexicon import quoted_ranges
from decorum.moderation.features import Features, Token
from decorum.moderation.types import CommentInput, Evidence, Finding

LANGS = ("en", "ru", "es")
# A masked word: letters with at least one mask character inside or at the end. Exclamation
# marks only at the end are the sentence's, not a mask ("Я за!" is not "за***").
_MASKED = re.compile(
    r"(?<![\w*#])(?![^\W\d_]+!+(?![\w*#%@]))"
    r"([^\W\d_]{1,12}[*#%@!]{1,6}[^\W\d_*#%@!]{0,12})(?![\w*#])"
)
_MAX_MASKED = 50


@dataclass(frozen=True, slots=True)
class Lexicon:
    words: frozenset[str]
    stems: tuple[str, ...]
    core: tuple[str, ...]
    hints: tuple[re.Pattern[str], ...]
    literal: dict[str, re.Pattern[str]]
    # Words written into profanity.yaml (and the core): the swearing readers actually use, as
    # against the long borrowed lists, whose rarer entries are also surnames (Cumming).
    own: frozenset[str] = frozenset()
    # The Russian forms by their first two letters, for masked forms only the long list holds.
    by_opening: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _data_text(name: str) -> str:
    return resources.files("decorum.moderation").joinpath("data", name).read_text("utf-8")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load and merge every language's list once per process."""
    spec = yaml.safe_load(_data_text("profanity.yaml"))
    words: set[str] = set()
    stems: list[str] = []
    core: list[str] = []
    own: set[str] = set()
    hints: list[re.Pattern[str]] = []
    allow: set[str] = set()
    literal: dict[str, re.Pattern[str]] = {}
    for lang in LANGS:
        block = spec[lang]
        words.update(w.lower() for w in block.get("words", []))
        own.update(w.lower() for w in block.get("words", []))
        stems.extend(s.lower() for s in block.get("stems", []))
        core.extend(c.lower() for c in block.get("core", []))
        hints.extend(re.compile(h, re.IGNORECASE) for h in block.get("hints", []))
        allow.update(a.lower() for a in block.get("allow", []))
        literal.update(
            (w.lower(), re.compile(p, re.IGNORECASE)) for w, p in block.get("literal", {}).items()
        )
    glin = resources.files("glin_profanity").joinpath("data", "dictionaries", "english.json")
    for word in json.loads(glin.read_text("utf-8"))["words"]:
        lowered = str(word).lower()
        if " " not in lowered and lowered.isalpha():
            words.add(lowered)
    ru_forms = resources.files("decorum.moderation").joinpath(
        "data", "ru", "obscene_wordforms.txt.gz"
    )
    allowed_form = _inflections_of({a.lower() for a in spec["ru"].get("allow", [])})
    with ru_forms.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        words.update(
            form
            for form in (line.strip() for line in handle)
            if form and form[0] != "#" and not allowed_form.match(form)
        )
    words -= allow
    own.update(core)
    opening: dict[str, list[str]] = {}
    for word in words:
        if len(word) > 2 and _RUSSIAN_WORD.fullmatch(word):
            opening.setdefault(word[:2].replace("ё", "е"), []).append(word)
    return Lexicon(
        frozenset(words),
        tuple(stems),
        tuple(core),
        tuple(hints),
        literal,
        frozenset(own - allow),
        {k: tuple(sorted(v)) for k, v in opening.items()},
    )


# Russian case and number endings of nouns and adjectives.
_RU_ENDING = (
    "(?:|а|я|у|ю|е|ы|и|ой|ою|ей|ею|ом|ем|ам|ям|ами|ями|ах|ях|ов|ев|ого|его|ому|ему|ым|им|ых|"
    "их|ыми|ими|ая|ое|ые|ие|ую|ий|ый)"
)


def _inflections_of(allowed: set[str]) -> re.Pattern[str]:
    """Every case form of an allowed Russian word: the list of obscene forms also holds rude
    but not obscene words ('идиотов', 'дурой', 'лохи'). Those are insults, which the insult
    rules judge; cited as obscene language, a reader would be told the wrong reason."""
    stems = {re.sub("[аяоеиыйьуюё]+$", "", word) for word in allowed if len(word) >= 4}
    if not stems:
        return re.compile("(?!)")
    return re.compile("^(?:" + "|".join(sorted(map(re.escape, stems))) + ")" + _RU_ENDING + "$")


@lru_cache(maxsize=4096)
def _masked_match(masked: str) -> str | None:
    """The swear word a masked token stands for, if any (f*ck -> fuck, бл* -> бля)."""
    parts = [
        f".{{1,{len(run) + 3}}}" if run[0] in "*#%@!" else re.escape(run)
        for run in re.findall(r"[*#%@!]+|[^*#%@!]+", masked)
    ]
    pattern = re.compile("^" + "".join(parts) + "$")
    lex = lexicon()
    for word in lex.core:
        if pattern.match(word):
            return word
    # then the rest of our own list, for compounds masked in their first half ("sh!tshow")
    for word in sorted(lex.own - set(lex.core)):
        if pattern.match(word):
            return word
    return _masked_russian_form(masked) or _masked_stem(masked)


def _masked_stem(masked: str) -> str | None:
    """A masked word that begins with a listed stem, each mask standing for exactly one
    letter ("c*bronazos" begins with "cabron"): the listed forms cannot hold every suffix."""
    for stem in lexicon().stems:
        head = masked[: len(stem)]
        if len(stem) < 5 or len(head) < len(stem) or not any(c in "*#%@!" for c in head):
            continue
        if all(h == t or h in "*#%@!" for h, t in zip(head, stem, strict=True)):
            return stem
    return None


@lru_cache(maxsize=4096)
def _masked_russian_form(masked: str) -> str | None:
    """A masked Russian word whose unmasked form is only in the list of inflected forms
    ("бл*дство", "х**нёй"). Each mask stands for as many letters as it has, or one more, and
    at least four letters must stand beside it, so "о*ень" is not stretched into a swear;
    with three ("х**ню"), each mask stands for exactly as many letters as it has."""
    plain = masked.replace("ё", "е")
    runs = re.findall(r"[*#%@!]+|[^*#%@!]+", plain)
    prefix = runs[0] if runs[0][0] not in "*#%@!" else ""
    letters = "".join(r for r in runs if r[0] not in "*#%@!")
    if not prefix or len(letters) < 3 or not _RUSSIAN_WORD.fullmatch(letters):
        return None
    stretch = 1 if len(letters) >= 4 else 0
    pattern = re.compile(
        "".join(
            f"[а-я]{{{len(r)},{len(r) + stretch}}}" if r[0] in "*#%@!" else re.escape(r)
            for r in runs
        )
    )
    by_opening = lexicon().by_opening
    if len(prefix) >= 2:
        candidates: tuple[str, ...] = by_opening.get(prefix[:2], ())
    else:  # one letter before the mask ("х**нёй"): every opening that starts with it
        candidates = tuple(w for k in sorted(by_opening) if k[0] == prefix for w in by_opening[k])
    return next((w for w in candidates if pattern.fullmatch(w.replace("ё", "е"))), None)


_RUSSIAN_WORD = re.compile(r"[а-яё]+")
_INNER_ELLIPSIS = re.compile(r"(?<=[^\W\d_])…(?=[^\W\d_])")
_ELONGATED = re.compile(r"([^\W\d_])\1\1", re.IGNORECASE)


def _single_letters(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


_TITLES = frozenset(
    "mr mrs ms miss dr sir lady lord st mount lake river fort port "
    "г-н г-жа господин госпожа село деревня река город посёлок поселок".split()
)


# A capitalised word followed by one of these names a family, a place or a business ("the
# Cumming family bakery"); one introduced by these is being named ("a village called ...").
# Titles (_TITLES) count on either side already.
_NAME_HEADS = frozenset(
    "family families village town city street road lane avenue bakery shop store hall park "
    "bridge farm house school church station club brothers sisters and co семья улица "
    "переулок".split()
)
_NAME_INTRODUCERS = frozenset(
    "called named surname village town называется называлась назывался фамилия фамилией".split()
)
# A word quoted right after one of these is mentioned, not used ("the word «...»").
_MENTION_NOUNS = frozenset("word term expression phrase слово термин выражение".split())
_QUOTES = "\"'«“„‘"


def _mentioned(original: str, tokens: Sequence[Token], i: int) -> bool:
    """A quoted word introduced as a word ("the word 'x' used to be a medical term")."""
    before = original[: tokens[i].start]
    return (
        bool(before) and before[-1] in _QUOTES and i > 0 and tokens[i - 1].text in (_MENTION_NOUNS)
    )


def _literal(lex: Lexicon, original: str, token: Token) -> bool:
    """A word with an ordinary meaning used in it ("a quick prick in the arm")."""
    pattern = lex.literal.get(token.text)
    if pattern is None:
        return False
    window = original[max(0, token.start - 30) : token.end + 30]
    return pattern.search(window) is not None


def _is_capitalised(original: str, token: Token) -> bool:
    word = original[token.start : token.end]
    return bool(word) and word[0].isupper() and not word.isupper()


def _sentence_start(original: str, token: Token) -> bool:
    before = original[: token.start].rstrip(" \t\"'«“„‘(")
    return not before or before[-1] in ".!?\n…:"


def _borrowed_name(lex: Lexicon, original: str, token: Token) -> bool:
    """A capitalised word found only in the borrowed lists ("Cumming had a quiet first half"):
    a surname or a place far more often than swearing, even at the start of a sentence."""
    word = token.text
    return (
        _is_capitalised(original, token)
        and word in lex.words
        and word not in lex.own
        and not word.startswith(lex.stems)
        and not any(len(c) >= 4 and c in word for c in lex.core)  # "Dipshit" swears
    )


def _proper_name(original: str, tokens: Sequence[Token], i: int, *, exact: bool) -> bool:
    """A capitalised word that names a person or a place (Cumming, Хренов, Shitterton)
    rather than swears: a capitalised word inside a sentence that only begins like an obscene
    word, one that heads a name or is introduced as one ("the Cumming family", "a village
    called ...", "known as ..."), or one that stands beside another capitalised word or a
    title ("Mr", "River")."""
    token = tokens[i]
    if not _is_capitalised(original, token):
        return False
    before = tokens[i - 1].text if i > 0 else ""
    after = tokens[i + 1].text if i + 1 < len(tokens) else ""
    known_as = before == "as" and i > 1 and tokens[i - 2].text == "known"
    if after in _NAME_HEADS or before in _NAME_INTRODUCERS or known_as:
        return True
    inside = not _sentence_start(original, token)
    if inside and not exact:
        return True
    neighbours = [tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
    for other in neighbours:
        if other.text in _TITLES:
            return True
        if _is_capitalised(original, other) and not (
            other is tokens[i - 1] and i > 0 and _sentence_start(original, other)
        ):
            return True
    return False


class ProfanityDetector(BaseDetector):
    id: ClassVar[str] = "profanity"
    version: ClassVar[str] = "2"
    rules: ClassVar[frozenset[str]] = frozenset({"profanity"})
    languages: ClassVar[frozenset[str] | None] = frozenset(LANGS)
    needs: ClassVar[frozenset[str]] = frozenset({"tokens"})

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        lex = lexicon()
        extra = {w.lower() for w in ctx.word_lists.get("profanity", ())}
        evidence: list[Evidence] = []
        tokens = features.tokens
        for i, token in enumerate(tokens):
            word = token.text
            exact = word in lex.words or word in extra
            if not exact and _ELONGATED.search(features.original, token.start, token.end):
                # "Fuuuuck": folding keeps two of a drawn-out letter; try one of each.
                exact = _single_letters(word) in lex.words
            hit = exact
            if not hit and len(word) >= 4:
                hit = word.startswith(lex.stems)  # a tuple: one C call tries every stem
            if hit and (
                _borrowed_name(lex, features.original, token)
                or _proper_name(features.original, tokens, i, exact=exact)
                or _mentioned(features.original, tokens, i)
                or _literal(lex, features.original, token)
            ):
                continue
            if hit:
                evidence.append(
                    Evidence(
                        kind="span",
                        start=token.start,
                        end=token.end,
                        text=features.original[token.start : token.end],
                        detail=f"obscene word ({word})",
                    )
                )
        # An ellipsis between letters masks like an asterisk ("х…нёй"); at a word's end it is
        # only a pause. One character for one keeps the offsets.
        lowered = _INNER_ELLIPSIS.sub("*", features.original.lower())
        quoted: list[tuple[int, int]] | None = None  # found once, on the first need
        for n, match in enumerate(_MASKED.finditer(lowered)):
            if n >= _MAX_MASKED:
                break
            target = _masked_match(match.group(1))
            if not target:
                continue
            if target not in lex.own:
                # a form only the long list holds, quoted ("вывел «смерть п*дикам»"): its
                # rude words are the hate rule's to judge, reported or not
                quoted = quoted_ranges(lowered) if quoted is None else quoted
                if any(s < match.start(1) < e for s, e in quoted):
                    continue
            evidence.append(
                Evidence(
                    kind="span",
                    start=match.start(1),
                    end=match.end(1),
                    text=features.original[match.start(1) : match.end(1)],
                    detail=f"masked obscene word ({target})",
                )
            )
        score = 0.95 if evidence else 0.0
        if not evidence:
            for hint in lex.hints:
                found = hint.search(features.clean[:2000])
                if found:
                    evidence.append(
                        Evidence(kind="pattern", text=found.group(), detail="hinted obscenity")
                    )
                    score = 0.6
                    break
        if not evidence:
            return [self.finding("profanity", 0.0, "No obscene words found.")]
        words = ", ".join(sorted({e.text for e in evidence if e.text}))
        return [
            self.finding(
                "profanity",
                score,
                f"Uses obscene language: {words}.",
                tuple(evidence[:10]),
                code="obscene_words",
            )
        ]
