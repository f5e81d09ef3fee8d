"""Trained classifiers for the rules that need meaning, not just words.

One logistic model per rule over two feature blocks:

* the multilingual sentence embedding of the comment (512 floats, see ``embeddings``), which
  carries meaning across English, Russian and Spanish, and
* hashed word and character n-grams of a lightly folded text, which carry the exact wording
  (slang, masked words, emoji, "my channel", "DM me") that an embedding blurs.

Weights come from ``decorum train`` (``decorum.moderation.training``) and live in
``models/classifier.npz`` with a JSON manifest beside it. Inference is pure numpy: a dot
product with the embedding and a sum over the comment's hashed n-gram rows, well under a
millisecond per comment once the embedding exists.

Scores are calibrated per rule on out-of-fold predictions (policy-dev by article, the contrast
sets by paraphrase family): **0.5 is the reject threshold** (out-of-fold precision >= 0.99) and
**0.25 the queue threshold**; a policy may move either per rule.

Evidence: for a rule scoring at least ``QUEUE_SCORE``, the words whose removal lowers its logit
most (:class:`Occlusion`), as spans of the original text with ``detail="occlusion"``. A word is
named only when the logit actually falls without it (a large weight on one of its character
grams is not enough), and the span says which occurrence, so nothing has to search for it.

Batch path: the embedding dominates the cost, so an engine deciding many comments should
embed them together and put each row in ``features._cache["embedding"]`` before calling
``detect`` (see :func:`prime_embeddings`), or call :meth:`ClassifierDetector.score_texts`.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import threading
import unicodedata
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import numpy as np

from decorum.moderation.detectors.aim import goodwill, names_the_newsroom, own_distress
from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.embeddings import EMBEDDING_DIM, get_embedder
from decorum.moderation.features import Features
from decorum.moderation.misspellings import intended
from decorum.moderation.normalise import plain_words
from decorum.moderation.types import SEMANTIC_RULES, CommentInput, Evidence, Finding

CLASSIFIER_RULES: tuple[str, ...] = SEMANTIC_RULES

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
MODEL_FILE = "classifier.npz"
MANIFEST_FILE = "classifier.json"

# ---------------------------------------------------------------------------
# n-gram features (shared with training, so both see exactly the same keys)
# ---------------------------------------------------------------------------

NGRAM_BITS = 15
NGRAM_DIM = 1 << NGRAM_BITS
MAX_NGRAM_CHARS = 1500  # bound the work on hostile input; the start carries the meaning
CHAR_ORDERS = (3, 4, 5)

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_REPEATS = re.compile(r"(.)\1{2,}")
_TOKEN = re.compile(r"[^\W_]+(?:[*.'’-][^\W_]+)*|[^\w\s]", re.UNICODE)
_HAS_DIGIT_LETTER = re.compile(r"(?=.*\d)(?=.*[^\W\d_])")


def fold_for_ngrams(text: str) -> str:
    """Lower-case, NFKC, squeeze long repeats; leetspeak digits folded inside words only."""
    text = text[:MAX_NGRAM_CHARS].encode("utf-8", "replace").decode("utf-8")  # lone surrogates
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _REPEATS.sub(r"\1\1", text)
    return text


def _word_token(tok: str) -> str:
    if _HAS_DIGIT_LETTER.match(tok):
        tok = tok.translate(_LEET)
    tok = tok.replace("’", "'")
    return intended(tok) or tok  # "idiiot" has the keys of "idiot", as the encoder reads it


@lru_cache(maxsize=65536)
def _word_keys(tok: str) -> tuple[str, ...]:
    """A word's own keys (``w:`` and its char grams), which never depend on its neighbours."""
    keys = ["w:" + tok]
    padded = f" {tok} "
    for n in CHAR_ORDERS:
        if len(padded) < n:
            continue
        keys.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return tuple(keys)


@lru_cache(maxsize=65536)
def _hashed(keys: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    crc, mask = zlib.crc32, NGRAM_DIM - 1  # hash_key, inlined: this runs for every new word
    return tuple((crc(k.encode("utf-8")) & mask, k) for k in keys)


def _split(text: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Words (folded as the keys use them) and the key groups, in the order keys are made."""
    folded = fold_for_ngrams(text)
    words: list[str] = []
    groups: list[tuple[str, ...]] = []
    for match in _TOKEN.finditer(folded):
        tok = match.group()
        if tok[0].isalnum():
            tok = _word_token(tok)
            words.append(tok)
            groups.append(_word_keys(tok))
        elif not tok.isspace():
            groups.append(("s:" + tok,))
    return words, groups


def ngram_keys(text: str) -> list[str]:
    """The n-gram keys of one text: ``w:`` words, ``b:`` word pairs, ``s:`` symbols, char grams."""
    words, groups = _split(text)
    keys = [k for group in groups for k in group]
    keys.extend(f"b:{a} {b}" for a, b in itertools.pairwise(words))
    return keys


def hash_key(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) & (NGRAM_DIM - 1)


def ngram_indices(text: str) -> tuple[np.ndarray, list[str]]:
    """Unique hashed indices of a text's n-grams, and the key that first produced each.

    Same result as hashing every key of :func:`ngram_keys` in order; a word's keys and their
    hashes are cached, because comments repeat a small vocabulary.
    """
    words, groups = _split(text)
    seen: dict[int, str] = {}
    for group in groups:
        for idx, key in _hashed(group):
            if idx not in seen:
                seen[idx] = key
    for a, b in itertools.pairwise(words):
        key = f"b:{a} {b}"
        idx = hash_key(key)
        if idx not in seen:
            seen[idx] = key
    idx_arr = np.fromiter(seen.keys(), dtype=np.int64, count=len(seen))
    return idx_arr, list(seen.values())


def ngram_value(n_unique: int) -> float:
    """Each present n-gram gets the same value and the block has unit L2 norm."""
    return 1.0 / float(np.sqrt(max(1, n_unique)))


def embedding_text(text: str) -> str:
    """What the embedder sees, in training and at run time: the clean text (NFKC, no control
    or invisible characters) with disguised words written plainly (``normalise.plain_words``)."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return plain_words(text)


# ---------------------------------------------------------------------------
# the trained model
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClassifierModel:
    """Per-rule linear weights and the calibration that maps raw logits to scores."""

    rules: tuple[str, ...]
    w_emb: np.ndarray  # (EMBEDDING_DIM, R)
    w_ngram: np.ndarray  # (NGRAM_DIM, R)
    bias: np.ndarray  # (R,)
    threshold: np.ndarray  # (R,) raw logit of the queue threshold: score QUEUE_SCORE
    # (R,) raw logit above which out-of-fold precision was >= 0.99: score REJECT_SCORE
    reject: np.ndarray
    slope: np.ndarray  # (R,) calibration slope
    version: str
    # language -> (R,) reject logits measured on that language's comments alone, where it
    # had enough of them; other languages use ``reject``
    reject_by_language: dict[str, np.ndarray] | None = None

    @classmethod
    def load(cls, directory: Path) -> ClassifierModel:
        with np.load(directory / MODEL_FILE, allow_pickle=False) as z:
            rules = tuple(str(r) for r in z["rules"])
            model = cls(
                rules=rules,
                w_emb=np.ascontiguousarray(z["w_emb"], dtype=np.float32),
                w_ngram=np.ascontiguousarray(z["w_ngram"], dtype=np.float32),
                bias=z["bias"].astype(np.float32),
                threshold=z["threshold"].astype(np.float32),
                slope=z["slope"].astype(np.float32),
                version=str(z["version"]),
                reject=z["reject"].astype(np.float32),
                reject_by_language=(
                    {
                        str(lang): z["reject_by_language"][k].astype(np.float32)
                        for k, lang in enumerate(z["reject_languages"])
                    }
                    if "reject_languages" in z.files
                    else None
                ),
            )
        if model.w_emb.shape != (EMBEDDING_DIM, len(rules)):
            raise ValueError(f"{directory / MODEL_FILE}: w_emb has shape {model.w_emb.shape}.")
        if model.w_ngram.shape != (NGRAM_DIM, len(rules)):
            raise ValueError(f"{directory / MODEL_FILE}: w_ngram has shape {model.w_ngram.shape}.")
        return model

    def logits(self, embedding: np.ndarray, idx: np.ndarray) -> np.ndarray:
        """Raw logits (R,) for one comment from its embedding and unique n-gram indices."""
        z = embedding.astype(np.float32, copy=False) @ self.w_emb + self.bias
        if idx.size:
            z = z + self.w_ngram[idx].sum(axis=0) * ngram_value(idx.size)
        out: np.ndarray = z
        return out

    def calibrate(self, logits: np.ndarray, language: str | None = None) -> np.ndarray:
        """Monotone map of raw logits to [0, 1] with two fixed points.

        ``QUEUE_SCORE`` sits at the queue threshold (fewest weighted errors out of fold) and
        ``REJECT_SCORE`` at the reject threshold (out-of-fold precision >= 0.99); between them
        the score rises linearly in the logit, outside them it follows a sigmoid tail. So a
        policy's 0.5 means "reject only where the model has been right 99 times in 100" and
        the band from 0.25 goes to a person.
        """
        reject = self.reject
        if language and self.reject_by_language and language in self.reject_by_language:
            reject = self.reject_by_language[language]
        return calibrate_scores(logits, self.threshold, reject, self.slope)


QUEUE_SCORE = 0.25
REJECT_SCORE = 0.5
# A word that holds a rejecting score up, denied by the verb that says what someone is
# ("women are not inferior", "мигранты — не преступники", "no son una amenaza"): the model
# reads words, not what the sentence says of them, so a person decides (the score is held just
# below rejection). Only the denial of what someone *is*: "don't belong here", "им не место"
# and "no questions asked" deny nothing about a group, and the model reads them rightly.
DENIED_SCORE = 0.45
_DENIED = re.compile(
    r"(?:\b(?:are|is|am|was|were|be|being)(?: not| never| no longer| no)|"
    r"\b(?:are|is|was|were)n['’]t|"
    r"\b(?:no|nunca) (?:son|es|somos|eran|era|fueron|están|está)|"
    r"(?:—|–|\s-)\s*(?:это\s+)?(?:вовсе |совсем |никакие |никакой )?не|\bне являю\w*)"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


def denied(text: str, evidence: Sequence[Evidence]) -> Evidence | None:
    """The first evidence span with a negation shortly before it in the same clause."""
    for ev in evidence:
        if ev.start is not None and _DENIED.search(text, max(0, ev.start - 40), ev.start):
            return ev
    return None


def _held_by_aim(rule: str, text: str, publisher_names: tuple[str, ...]) -> str:
    """Why a rejecting score of ``rule`` is held for a person (see ``aim``), or ""."""
    if rule == "disrespect_publisher" and not names_the_newsroom(text, publisher_names):
        return "It names nothing of the publication or its people"
    if rule == "suicide" and own_distress(text):
        return "It speaks of the writer's own distress, with no method and no one else in it"
    if rule == "hate":
        warm = goodwill(text)
        if warm:
            return f"It wishes people well ('{warm}')"
    return ""


def calibrate_scores(
    z: np.ndarray, queue: np.ndarray, reject: np.ndarray, slope: np.ndarray
) -> np.ndarray:
    """See :meth:`ClassifierModel.calibrate`; works on (R,) or (n, R) logits."""
    low = 2 * QUEUE_SCORE / (1.0 + np.exp(-np.clip(slope * (z - queue), -30.0, 0.0)))
    span = np.maximum(reject - queue, 1e-6)
    middle = QUEUE_SCORE + (REJECT_SCORE - QUEUE_SCORE) * (z - queue) / span
    tail = 2 / (1.0 + np.exp(-np.clip(slope * (z - reject), 0.0, 30.0))) - 1
    high = REJECT_SCORE + (1 - REJECT_SCORE) * tail
    out: np.ndarray = np.where(z < queue, low, np.where(z < reject, middle, high))
    return out.astype(np.float32)


def models_dir() -> Path:
    """Artefact directory; ``DECORUM_CLASSIFIER_MODELS`` points elsewhere (held-out runs)."""
    override = os.environ.get("DECORUM_CLASSIFIER_MODELS", "")
    return Path(override) if override else MODELS_DIR


_model_lock = threading.Lock()
_models: dict[Path, ClassifierModel] = {}


def get_model(directory: Path | None = None) -> ClassifierModel:
    """The trained model, loaded once per directory and shared by every detector instance."""
    path = (directory or models_dir()).resolve()
    model = _models.get(path)
    if model is None:
        with _model_lock:
            model = _models.get(path)
            if model is None:
                model = ClassifierModel.load(path)
                _models[path] = model
    return model


def load_model_dir(directory: Path) -> ClassifierModel:
    """A model directory checked and loaded: the shipped ``models/`` or one written by
    ``decorum train --extra`` (``<data dir>/models/site-YYYYMMDD-HHMM``).

    The layout is the same for both: ``classifier.npz`` (the weights and thresholds) and
    ``classifier.json`` (the manifest: data, hyper-parameters and out-of-fold figures). Raises
    ``FileNotFoundError`` when a file is missing and ``ValueError`` when the model scores other
    rules than this engine's classifier, so a bad directory fails where it is chosen, not on
    the first comment.
    """
    for name in (MODEL_FILE, MANIFEST_FILE):
        if not (directory / name).is_file():
            raise FileNotFoundError(f"{directory / name} is missing: not a classifier model.")
    model = get_model(directory)
    if model.rules != CLASSIFIER_RULES:
        raise ValueError(
            f"{directory / MODEL_FILE} scores {list(model.rules)}, "
            f"this engine's classifier {list(CLASSIFIER_RULES)}."
        )
    return model


def load_manifest(directory: Path | None = None) -> dict[str, object]:
    path = (directory or models_dir()) / MANIFEST_FILE
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def features_embedding(features: Features) -> np.ndarray:
    """The comment's embedding, computed once and cached on the features."""
    cached = features._cache.get("embedding")
    if cached is not None:
        out: np.ndarray = cached
        return out
    method = getattr(features, "embedding", None)
    if callable(method):
        vec = np.asarray(method(), dtype=np.float32)
    else:
        vec = get_embedder().embed([embedding_text(features.clean)])[0]
    features._cache["embedding"] = vec
    return vec


def prime_embeddings(batch: Sequence[Features]) -> None:
    """Embed many comments in one call and cache each row on its features (the batch path)."""
    todo = [f for f in batch if f._cache.get("embedding") is None]
    if not todo:
        return
    vecs = get_embedder().embed([embedding_text(f.clean) for f in todo])
    for feats, vec in zip(todo, vecs, strict=True):
        feats._cache["embedding"] = vec


# ---------------------------------------------------------------------------
# evidence: the words whose removal lowers a rule's logit most (occlusion)
# ---------------------------------------------------------------------------

MAX_OCCLUDED = 40  # distinct words tried per comment, in order of first appearance
MAX_EVIDENCE_WORDS = 3
MAX_SPANS_PER_WORD = 3  # a word repeated all over a comment is marked a few times, not all
# A word counts as evidence when removing it lowers the rule's logit by at least MIN_DROP and
# by at least RELATIVE_DROP of the strongest word's drop: below that it explains little of
# the score, and marking it would send a moderator after the words that merely sit beside
# the ones that matter.
MIN_DROP = 0.1
RELATIVE_DROP = 0.5
MIN_WORD_CHARS = 2
OCCLUSION = "occlusion"  # Evidence.detail: how the span was found


@lru_cache(maxsize=65536)
def _token_parts(token: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """One token of the clean text: its folded words (usually one) and its own hashed keys,
    exactly as :func:`ngram_indices` makes them for that token."""
    words, groups = _split(token)
    return tuple(words), tuple(idx for group in groups for idx, _ in _hashed(group))


def _candidate(token: str, words: tuple[str, ...]) -> str:
    """The name under which a token is occluded, or "" when it is never evidence.

    Single letters ("a", "I", "и", "в") are left out: removing one mostly breaks the word
    pairs around it, and a mark on it tells a moderator nothing. Pictographs (emoji) can be
    evidence; punctuation cannot.
    """
    if words:
        name = " ".join(words)
        return name if len(name) >= MIN_WORD_CHARS else ""
    return "s:" + token if unicodedata.category(token[0]) == "So" else ""


def _pair_index(a: str, b: str) -> int:
    return hash_key(f"b:{a} {b}")


@dataclass(slots=True)
class _Unit:
    """One distinct word (or pictograph) of the comment and everywhere it occurs."""

    spans: list[tuple[int, int]]  # in the clean text
    positions: list[int]  # indices into the comment's word sequence (none for a symbol)
    own: list[int]  # hashed keys of all its occurrences, repeats kept (they are counts)


@dataclass(frozen=True, slots=True)
class Occlusion:
    """How much each candidate word holds up the n-gram part of some rules' logits.

    ``drops[u, k]`` is the logit of rule ``columns[k]`` minus its logit with every occurrence
    of unit ``u`` taken out of the text, n-grams recomputed (the word's own keys go, the word
    pairs around it are replaced by the pair that closes the gap, the n-gram block is
    re-normalised). The embedding of the whole text is kept: re-embedding forty variants
    would cost more than the engine's per-comment budget, and the n-grams are where the
    exact wording lives. Built from the counts of each hashed key, so one candidate costs a
    few dozen key updates, not a pass over the text.
    """

    spans: tuple[tuple[tuple[int, int], ...], ...]  # per unit, its occurrences in the clean text
    drops: np.ndarray  # (units, len(columns))

    @classmethod
    def compute(cls, model: ClassifierModel, text: str, columns: Sequence[int]) -> Occlusion:
        text = text[:MAX_NGRAM_CHARS]
        counts: dict[int, int] = {}
        words: list[str] = []
        units: dict[str, _Unit] = {}
        for match in _TOKEN.finditer(text):
            token = match.group()
            parts, own = _token_parts(token)
            for idx in own:
                counts[idx] = counts.get(idx, 0) + 1
            name = _candidate(token, parts)
            unit = units.get(name) if name else None
            if name and unit is None and len(units) < MAX_OCCLUDED:
                unit = units[name] = _Unit([], [], [])
            if unit is not None:
                unit.spans.append(match.span())
                unit.positions.extend(range(len(words), len(words) + len(parts)))
                unit.own.extend(own)
            words.extend(parts)
        pairs = [_pair_index(a, b) for a, b in itertools.pairwise(words)]
        for idx in pairs:
            counts[idx] = counts.get(idx, 0) + 1

        # Which keys each candidate's removal takes out of the text and which it brings in;
        # the weights are then summed for every candidate at once.
        which: list[int] = []
        keys: list[int] = []
        signs: list[float] = []
        sizes = np.full(len(units), len(counts), dtype=np.int64)
        for u, unit in enumerate(units.values()):
            removed = Counter(unit.own)
            gone = set(unit.positions)
            for j in {j for p in gone for j in (p - 1, p) if 0 <= j < len(pairs)}:
                removed[pairs[j]] += 1
            added: set[int] = set()
            for p in unit.positions:  # each run of removed words closes up into one new pair
                if p - 1 in gone:
                    continue
                end = p
                while end + 1 in gone:
                    end += 1
                if p > 0 and end + 1 < len(words):
                    added.add(_pair_index(words[p - 1], words[end + 1]))
            lost = [i for i, k in removed.items() if k == counts[i] and i not in added]
            gained = [i for i in added if i not in counts]
            which.extend([u] * (len(lost) + len(gained)))
            keys.extend(lost + gained)
            signs.extend([-1.0] * len(lost) + [1.0] * len(gained))
            sizes[u] += len(gained) - len(lost)

        cols = np.asarray(columns, dtype=np.int64)
        present = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        total = model.w_ngram[present][:, cols].sum(axis=0, dtype=np.float64)
        after = np.tile(total, (len(units), 1))
        if keys:
            moved = model.w_ngram[np.asarray(keys, dtype=np.int64)][:, cols]
            np.add.at(after, np.asarray(which), moved * np.asarray(signs)[:, None])
        scale = np.where(sizes > 0, 1.0 / np.sqrt(np.maximum(sizes, 1)), 0.0)
        base = total * (ngram_value(len(counts)) if counts else 0.0)
        drops = (base - after * scale[:, None]).astype(np.float32)
        spans = tuple(tuple(unit.spans) for unit in units.values())
        return cls(spans=spans, drops=drops)

    def strongest(self, column: int) -> list[tuple[int, float]]:
        """Units that explain column ``column`` (an index into ``columns``), strongest first."""
        drops = self.drops[:, column]
        if not drops.size:
            return []
        floor = max(MIN_DROP, RELATIVE_DROP * float(drops.max()))
        order = np.argsort(-drops, kind="stable")
        return [(int(u), float(drops[u])) for u in order[:MAX_EVIDENCE_WORDS] if drops[u] >= floor]


def occlusion_evidence(
    features: Features, occlusion: Occlusion, column: int
) -> tuple[Evidence, ...]:
    """Spans of the original text for the words that hold up one rule's score.

    A word whose clean-text span cannot be mapped back to the original is left out: a
    moderator is better served by no mark than by a mark on the wrong characters.
    """
    out: list[Evidence] = []
    for unit, _drop in occlusion.strongest(column):
        for clean_start, clean_end in occlusion.spans[unit][:MAX_SPANS_PER_WORD]:
            span = features.clean_span(clean_start, clean_end)
            if span is None:
                continue
            start, end = span
            text = features.original[start:end]
            out.append(Evidence(kind="span", start=start, end=end, text=text, detail=OCCLUSION))
    return tuple(out)


class ClassifierDetector(BaseDetector):
    """Scores every classifier rule; a rule at or above ``QUEUE_SCORE`` gets as evidence the
    spans of the words that hold its score up most (see :class:`Occlusion`)."""

    id: ClassVar[str] = "classifier"
    version: ClassVar[str] = "3"
    rules: ClassVar[frozenset[str]] = frozenset(CLASSIFIER_RULES)
    languages: ClassVar[frozenset[str] | None] = frozenset({"en", "ru", "es"})
    needs: ClassVar[frozenset[str]] = frozenset({"embedding"})

    def __init__(self, model_dir: Path | None = None) -> None:
        self._model_dir = model_dir
        self._model: ClassifierModel | None = None

    @property
    def model(self) -> ClassifierModel:
        """Loaded on first use and kept: resolving the directory per comment cost more than
        scoring it."""
        if self._model is None:
            self._model = get_model(self._model_dir)
        return self._model

    def score_texts(self, texts: Sequence[str], language: str | None = None) -> np.ndarray:
        """Calibrated scores ``(len(texts), len(model.rules))`` with one batched embedding."""
        model = self.model
        embs = get_embedder().embed([embedding_text(t) for t in texts])
        out = np.empty((len(texts), len(model.rules)), dtype=np.float32)
        for i, text in enumerate(texts):
            idx, _ = ngram_indices(text)
            out[i] = model.calibrate(model.logits(embs[i], idx), language)
        return out

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        model = self.model
        emb = features_embedding(features)
        idx, _ = ngram_indices(features.clean)
        # the comment's own language where it is known, else the edition's
        language = features.language or comment.article.edition
        scores = model.calibrate(model.logits(emb, idx), language)
        wanted = [
            r
            for r, rule in enumerate(model.rules)
            if rule in self.rules and float(scores[r]) >= QUEUE_SCORE
        ]
        occlusion = Occlusion.compute(model, features.clean, wanted) if wanted else None
        findings: list[Finding] = []
        for r, rule in enumerate(model.rules):
            if rule not in self.rules:
                continue
            score = float(scores[r])
            reason = f"The trained {rule} model scored {score:.2f}."
            evidence: tuple[Evidence, ...] = ()
            if occlusion is not None and r in wanted:
                evidence = occlusion_evidence(features, occlusion, wanted.index(r))
                negated = denied(features.original, evidence) if score >= REJECT_SCORE else None
                if negated is not None:
                    reason += f" The word '{negated.text}' is negated there: a person decides."
                    score = DENIED_SCORE
            if score >= REJECT_SCORE:
                held = _held_by_aim(rule, features.original, ctx.publisher_names)
                if held:
                    reason += f" {held}: a person decides."
                    score = DENIED_SCORE
            findings.append(
                self.finding(rule, score, reason, evidence, code="wording" if score > 0.0 else "")
            )
        return findings
