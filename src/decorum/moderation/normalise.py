"""Text normalisation with an offset map back to the original text.

``clean`` keeps the reader's wording (NFKC, invisible and control characters removed);
``folded`` is for matching: lower case, look-alike letters and leetspeak folded by the word's
majority script, repeats squeezed and spaced-out letters joined ("k y s" -> "kys"), with
``folded_to_original`` mapping every folded index back so evidence points at the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from decorum.moderation.misspellings import intended

# Format characters (zero-width, bidi controls, soft hyphen) and controls other than layout.
_KEEP_CONTROLS = {"\n", "\t", "\r"}

_CYR_TO_LAT = dict(zip("аеорсухкмтнвіјѕ", "aeopcyxkmthbijs", strict=True))
_LAT_TO_CYR = {v: k for k, v in _CYR_TO_LAT.items() if k not in "ѕјі"}
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_NOT_LEET_WORD = re.compile(
    r"^\d+(?:st|nd|rd|th|s|am|pm|k|m|x|g|kg|km|mb|gb|h|min|d|y|yo|x\d+)?$|^[a-z]{1,3}\d+$"
)
_SPACED = re.compile(r"(?<![\w'’])\w(?:[ .\-_*]\w){2,}(?!\w)")  # not the s of "that's"
_WORD_RUN = re.compile(r"[\w@$]+")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LEET_CHAR = re.compile(r"[013457@$]")
_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_TRIPLE = re.compile(r"(.)\1\1", re.DOTALL)
# A social network's reply tag ("[id123456|Olga]"): an account number and the name replied to.
REPLY_TAG = re.compile(r"\[(?:id|club|public)\d{1,12}\|([^\]\n]{0,60})\]")
# Combining acute and grave accents: the stress marks of Russian dictionaries and textbooks,
# which would otherwise end a word for the word lists in the middle of it.
_STRESS_MARKS = frozenset("\u0300\u0301")


def _removed(ch: str) -> bool:
    if ch in _KEEP_CONTROLS:
        return False
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Cf", "Cs", "Co", "Cn")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).lower()


def without_surrogates(text: str) -> str:
    """Replace lone surrogates (invalid Unicode from broken clients) with U+FFFD."""
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
        cyrillic = any(_script(c) == "cyr" for c in chars)  # "1ого" is a number's ending
        for i, c in enumerate(chars):
            if c not in _LEET or (email and c == "@"):
                continue
            left = i > 0 and (chars[i - 1].isalpha() or chars[i - 1] in _LEET)
            right = i + 1 < n and (chars[i + 1].isalpha() or chars[i + 1] in _LEET)
            if c.isdigit() and len(letters) < 2:
                continue
            first = right and i == 0 and (c in "@$0" or (c == "1" and not cyrillic))
            if (left and right) or (c in "$@" and left) or first:
                out[i] = _LEET[c]
        chars = out
    cyr = sum(1 for c in chars if _script(c) == "cyr")
    lat = sum(1 for c in chars if _script(c) == "lat")
    if cyr and lat:
        # A letter with no look-alike in the other script ("д", "d") says which script the
        # word is written in, whatever the count: "yрoд" is "урод" with two Latin letters.
        cyr_only = any(_script(c) == "cyr" and c not in _CYR_TO_LAT for c in chars)
        lat_only = any(_script(c) == "lat" and c not in _LAT_TO_CYR for c in chars)
        if cyr_only != lat_only:
            to_latin = lat_only
        else:
            to_latin = lat >= cyr
        table = _CYR_TO_LAT if to_latin else _LAT_TO_CYR
        chars = [table.get(c, c) for c in chars]
    return chars


# Leetspeak digits inside a mostly Cyrillic word ("инвал1ды", "3лой"): the Latin table would
# leave a Latin letter in a Russian word.
_CYR_LEET = {"0": "о", "1": "и", "3": "з", "4": "ч", "6": "б", "@": "а"}
_DISGUISE_CHAR = re.compile(r"[0134567@$]")  # a character of either leetspeak table


_NUMBER_WORD = re.compile(r"^\d+[^\W\d_]*$|^[^\W\d_]{1,3}\d+$")  # 10км, 2024г, 5th, a4, кв12


def _cyrillic_leet(chars: list[str]) -> list[str]:
    out = list(chars)
    for i, c in enumerate(chars):
        if c not in _CYR_LEET:
            continue
        left = i > 0 and (chars[i - 1].isalpha() or chars[i - 1] in _CYR_LEET)
        right = i + 1 < len(chars) and (chars[i + 1].isalpha() or chars[i + 1] in _CYR_LEET)
        if left and right:
            out[i] = _CYR_LEET[c]
    return out


def _plain_word(match: re.Match[str]) -> str:
    word = match.group()
    mention = word.startswith("@")  # "@Gary" is an address, not a disguised "agary"
    low = word[1:].lower() if mention else word.lower()
    mixed = bool(_LATIN.search(low) and _CYRILLIC.search(low))
    if not mixed and (not _DISGUISE_CHAR.search(low) or _NUMBER_WORD.match(low)):
        return word if mention else intended(low) or word
    letters = [c for c in low if c.isalpha()]
    if len(letters) < 2:
        return word
    chars = list(low)
    if sum(_script(c) == "cyr" for c in letters) * 2 > len(letters):
        chars = _cyrillic_leet(chars)
    email = match.string[match.end() : match.end() + 1] == "."
    folded = "".join(_fold_word(chars, email=email))
    if not mention:
        folded = intended(folded) or folded
    if folded == low:
        return word
    return "@" + folded if mention else folded


def _joined_letters(match: re.Match[str]) -> str:
    run = match.group()
    if not any(c.isalpha() for c in run):
        return run
    joined = run[::2]
    return intended(joined.lower()) or joined


def plain_words(text: str) -> str:
    """``text`` with disguised words written plainly: leetspeak ("disabl3d", "инвал1ды"),
    look-alike letters of the other script, spaced-out letters ("i d i o t"), an insult
    misspelt by one letter ("idiiot", see ``misspellings``); a reply tag is only the name it
    tags (its account number reads as a phone or a code). What a sentence
    encoder reads, so a disguise does not hide a word's meaning from the classifier; other
    words keep their case and form (no offsets are kept: nothing points back into it)."""
    text = _WORD_RUN.sub(_plain_word, REPLY_TAG.sub(r"\1", text))
    return _SPACED.sub(_joined_letters, text)


def normalise(original: str) -> tuple[str, str, list[int]]:
    """Return ``(clean, folded, folded_to_original)`` for an already bounded text."""
    chars: list[str]
    index: list[int]
    if original.isascii() and not _ASCII_CONTROL.search(original):
        # Plain ASCII (most English comments): NFKC changes nothing and nothing is removed,
        # so the per-character loop below would only lower-case.
        clean = original
        chars = list(original.lower())
        index = list(range(len(original)))
    else:
        kept: list[str] = []
        chars = []
        index = []
        for i, ch in enumerate(original):
            if _removed(ch):
                continue
            kept.append(ch)
            if ch in _STRESS_MARKS:
                continue  # "мандáт" is "мандат" to the word lists, not "манда" and a mark
            for out in _fold_char(ch):
                chars.append(out)
                index.append(i)
        clean = unicodedata.normalize("NFKC", "".join(kept))

    # Leet and homoglyphs, word by word (only words with a leet character or two scripts
    # can change).
    joined = "".join(chars)
    for m in _WORD_RUN.finditer(joined):
        word = m.group()
        if not _LEET_CHAR.search(word) and not (_LATIN.search(word) and _CYRILLIC.search(word)):
            continue
        s, e = m.span()
        chars[s:e] = _fold_word(chars[s:e], email=joined[e : e + 1] == ".")

    # Squeeze 3+ repeats to 2 ("sooooo" -> "soo").
    sq_chars, sq_index = chars, index
    if _TRIPLE.search("".join(chars)):
        sq_chars, sq_index = [], []
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


def clean_offsets(
    original: str, clean: str, limit: int | None = None
) -> list[tuple[int, int]] | None:
    """For each of the first ``limit`` characters of ``clean`` (all when ``None``), the span of
    ``original`` it came from.

    ``clean`` is NFKC of ``original`` with invisible characters removed (see
    :func:`normalise`). NFKC reaches across characters only to compose a letter with the marks
    that follow it, so each letter and its marks are normalised together and every character
    they produce maps to their span. A clean span ``[s, e)`` is then
    ``[out[s][0], out[e - 1][1])`` of the original. Returns ``None`` when the pieces do not
    rebuild ``clean`` (conjoining Hangul jamo, or a ``clean`` that was not derived from
    ``original``): a caller must then report no offsets rather than wrong ones.
    """
    stop = len(clean) if limit is None else min(limit, len(clean))
    if clean == original:
        return [(i, i + 1) for i in range(stop)]
    out: list[tuple[int, int]] = []
    built: list[str] = []
    cluster: list[str] = []
    start = last = 0
    for i, ch in enumerate(original):
        if _removed(ch):
            continue
        if cluster and unicodedata.combining(ch) == 0:
            piece = unicodedata.normalize("NFKC", "".join(cluster))
            built.append(piece)
            out.extend([(start, last + 1)] * len(piece))
            cluster.clear()
            if len(out) >= stop:
                break
        if not cluster:
            start = i
        cluster.append(ch)
        last = i
    if cluster and len(out) < stop:
        piece = unicodedata.normalize("NFKC", "".join(cluster))
        built.append(piece)
        out.extend([(start, last + 1)] * len(piece))
    if len(out) < stop or "".join(built)[:stop] != clean[:stop]:
        return None
    del out[stop:]
    return out
