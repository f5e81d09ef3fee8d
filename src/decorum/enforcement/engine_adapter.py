"""The only module in the site that imports the moderation engine (``decorum.moderation``).

Everything else asks this adapter, so the engine can change shape without touching the apps.
The policy in force is the newest stored ``PolicyVersion`` (or the engine's shipped policy
while none is stored); saving a version tells every process through the shared cache. Each
policy text is parsed once per process (cached by its digest); the policy editor changes
settings through the engine's ``Policy.with_changes`` and stores its ``dump``.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError

from decorum.core.errors import ErrorCode, ValidationFailed
from decorum.enforcement import app_settings
from decorum.moderation.detectors.classifier import load_manifest, load_model_dir, models_dir
from decorum.moderation.detectors.privacy import PrivacyDetector
from decorum.moderation.engine import Engine
from decorum.moderation.features import Features
from decorum.moderation.policy import (
    RULE_ACTIONS,
    Policy,
    PolicyError,
    PublisherChange,
    RuleChange,
    default_policy_text,
    parse_policy,
)
from decorum.moderation.state import state_store_from_url
from decorum.moderation.types import ArticleContext, CommentInput, ParentContext, Verdict

logger = logging.getLogger(__name__)

POLICY_NUMBER_KEY = "decorum:enforcement:policy-number"


@dataclass(frozen=True, slots=True)
class RuleText:
    """One rule of the publisher's policy in one language, as plain data."""

    id: str
    title: str
    text: str


class _ParsedPolicies:
    """This process's parsed policies by the SHA-256 of their text, so each version is parsed
    once (when it is checked for saving or first used) however often it is screened with or
    put back in force. Keyed by content, an entry is never stale: saving need not forget it.
    Texts that fail to parse are not kept (the error is raised each time)."""

    size = 8

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_digest: OrderedDict[str, Policy] = OrderedDict()
        self.parses = 0

    def get(self, text: str, source_name: str) -> Policy:
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with self.lock:
            policy = self.by_digest.get(key)
            if policy is not None:
                self.by_digest.move_to_end(key)
                return policy
        policy = parse_policy(text, source_name)
        with self.lock:
            self.parses += 1
            self.by_digest[key] = policy
            while len(self.by_digest) > self.size:
                self.by_digest.popitem(last=False)
        return policy


_policies = _ParsedPolicies()


def _parsed(number: int, text: str) -> Policy:
    """The stored policy ``text`` parsed (number 0 is the shipped policy)."""
    return _policies.get(text, f"policy version {number}" if number else "policy.yaml")


def policy_parses() -> int:
    """How many policy texts this process has parsed (tests check screening adds none)."""
    return _policies.parses


class _InForce:
    """This process's memo of the policy in force. The version number lives in the shared
    cache (Redis in production), so a save in one process reaches all; the text is fetched
    from the database only when the number changes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.number = -1
        self.text = ""

    def current(self) -> tuple[int, str]:
        with self.lock:
            cached = cache.get(POLICY_NUMBER_KEY)
            if cached is not None and cached == self.number:
                return self.number, self.text
            number, text, stored = _stored_policy(self.number, self.text)
            if stored:
                cache.set(POLICY_NUMBER_KEY, number, timeout=None)
            self.number, self.text = number, text
            return number, text

    def forget(self) -> None:
        with self.lock:
            self.number, self.text = -1, ""
        cache.delete(POLICY_NUMBER_KEY)


_in_force = _InForce()


def _stored_policy(known_number: int, known_text: str) -> tuple[int, str, bool]:
    """``(number, text, read from the database)`` of the newest stored version."""
    from decorum.enforcement.models import PolicyVersion

    try:
        number = PolicyVersion.objects.order_by("-number").values_list("number", flat=True).first()
        if number is None:
            return 0, default_policy_text(), True
        if number == known_number:
            return known_number, known_text, True
        text = PolicyVersion.objects.values_list("text", flat=True).get(number=number)
        return number, text, True
    except DatabaseError:
        # before migrations (first start) the table is missing: the shipped policy applies
        return 0, default_policy_text(), False


def _readable(number: int, text: str) -> Policy:
    """The policy ``text`` for showing the standards. A stored version this engine cannot
    read (say, after an upgrade) must not take the site down: the pages fall back to the
    shipped policy and log it, while the engine itself refuses to decide (comments wait for a
    moderator with the reason)."""
    try:
        return _parsed(number, text)
    except PolicyError:
        logger.exception("Stored policy version %s cannot be read; showing the shipped one", number)
        return _parsed(0, default_policy_text())


def _policy() -> Policy:
    return _readable(*_in_force.current())


def policy_in_force() -> tuple[int, str]:
    """``(stored version number or 0 for the shipped policy, its YAML text)``."""
    return _in_force.current()


def shipped_policy_text() -> str:
    return default_policy_text()


def _invalid(err: PolicyError) -> ValidationFailed:
    """The engine's error as the site's, with the rule and field it names (if any) as data."""
    return ValidationFailed(
        str(err), code=ErrorCode.INVALID_POLICY, data={"rule": err.rule, "field": err.field}
    )


def validate_policy_text(text: str, source_name: str = "policy") -> str:
    """Check a policy text the way the engine will read it; return its version string. The
    parsed policy is kept, so screening with this text once it is stored parses nothing."""
    try:
        return str(_policies.get(text, source_name).version)
    except PolicyError as err:
        raise _invalid(err) from err


PROFANITY_LIST = "profanity"  # the publisher's extra profanity (a word list of that name)


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """One rule's settings the policy editor shows and changes, as plain data."""

    id: str
    title: str
    enabled: bool
    action: str
    threshold: float
    words: tuple[str, ...]
    review_threshold: float | None = None


@dataclass(frozen=True, slots=True)
class PolicySettings:
    """The parts of the policy in force the settings form edits."""

    number: int
    version: str
    rules: tuple[RuleSettings, ...]
    publisher_names: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    blocked_domains: tuple[str, ...]
    profanity_words: tuple[str, ...]


def rule_actions() -> tuple[str, ...]:
    """What a rule may do when it fires, in the order the editor offers them."""
    return RULE_ACTIONS


def policy_settings(language: str = "en") -> PolicySettings:
    """The settings of the policy in force (the shipped one if it cannot be read)."""
    number, text = _in_force.current()
    policy = _readable(number, text)
    return PolicySettings(
        number=number,
        version=policy.version,
        rules=tuple(
            RuleSettings(
                id=rule.id,
                title=rule.title(language),
                enabled=rule.enabled,
                action=rule.action,
                threshold=rule.threshold,
                words=tuple(policy.word_lists.get(rule.id, ())),
                review_threshold=rule.review_threshold,
            )
            for rule in policy.rules
        ),
        publisher_names=policy.publisher_names,
        allowed_domains=tuple(sorted(policy.allowed_domains)),
        blocked_domains=tuple(sorted(policy.blocked_domains)),
        profanity_words=tuple(policy.word_lists.get(PROFANITY_LIST, ())),
    )


def _optional(values: Sequence[str] | None) -> tuple[str, ...] | None:
    return tuple(values) if values is not None else None


def _rule_change(values: Mapping[str, Any]) -> RuleChange:
    return RuleChange(
        enabled=values.get("enabled"),
        action=values.get("action"),
        threshold=values.get("threshold"),
        review_threshold=values.get("review_threshold"),
        words=_optional(values.get("words")),
    )


def changed_policy_text(
    *,
    number: int,
    text: str,
    version: str,
    rules: Mapping[str, Mapping[str, Any]] | None = None,
    publisher_names: Sequence[str] | None = None,
    allowed_domains: Sequence[str] | None = None,
    blocked_domains: Sequence[str] | None = None,
    profanity_words: Sequence[str] | None = None,
) -> str:
    """The YAML of stored policy ``text`` (version ``number``) renamed ``version`` and with
    settings changed, as the engine applies and checks them. ``rules`` maps a rule id to any
    of ``enabled``, ``action``, ``threshold``, ``review_threshold`` and ``words``; ``None``
    leaves a setting as it is. Raise :class:`ValidationFailed` (code ``invalid_policy``) with
    the engine's message and ``data`` naming the ``rule`` and ``field``."""
    words = {PROFANITY_LIST: tuple(profanity_words)} if profanity_words is not None else None
    try:
        policy = _parsed(number, text).with_changes(
            {rule_id: _rule_change(values) for rule_id, values in (rules or {}).items()},
            publisher=PublisherChange(
                names=_optional(publisher_names),
                allowed_domains=_optional(allowed_domains),
                blocked_domains=_optional(blocked_domains),
                word_lists=words,
            ),
            version=version,
        )
    except PolicyError as err:
        raise _invalid(err) from err
    return policy.dump()


def policy_version() -> str:
    return str(_policy().version)


def community_rules(language: str = "en") -> tuple[str, tuple[RuleText, ...]]:
    """Return ``(policy version, enabled rules)`` in ``language`` for the standards page."""
    policy = _policy()
    rules = tuple(
        RuleText(id=str(rule.id), title=str(rule.title(language)), text=str(rule.text(language)))
        for rule in policy.rules
        if rule.enabled
    )
    return str(policy.version), rules


@dataclass(frozen=True, slots=True)
class CommentFacts:
    """What the engine needs to know about a comment, as plain data from the site."""

    comment_id: str
    text: str
    author: str
    article_id: str
    article_title: str
    article_text: str
    language: str
    created_at: datetime
    parent_id: str = ""
    parent_text: str = ""
    parent_author: str = ""


def _input(facts: CommentFacts) -> CommentInput:
    parent = (
        ParentContext(id=facts.parent_id, text=facts.parent_text, author=facts.parent_author)
        if facts.parent_id
        else None
    )
    return CommentInput(
        id=facts.comment_id,
        text=facts.text,
        author=facts.author,
        article=ArticleContext(
            id=facts.article_id,
            edition=facts.language,
            title=facts.article_title,
            body=facts.article_text,
        ),
        created_at=facts.created_at,
        parent=parent,
    )


_engine_lock = threading.Lock()


@lru_cache(maxsize=2)
def _engine(number: int, text: str, state_url: str, model: str = "") -> Engine:
    """One engine per policy version and classifier model per process: it loads models once
    (a few seconds). ``model`` is a retrained model's directory, "" for the shipped one."""
    return Engine(
        _parsed(number, text),
        state=state_store_from_url(state_url),
        classifier_model=Path(model) if model else None,
    )


def _current_engine() -> Engine:
    number, text = _in_force.current()
    return _engine(number, text, app_settings.state_url(), model_in_force())


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """Why a rule fired: a span of the checked text (``start``/``end``/``text``), a matched
    pattern (``text`` only), related comment ids, or a detector's detail for moderators."""

    kind: str
    start: int | None = None
    end: int | None = None
    text: str = ""
    detail: str = ""
    related_ids: tuple[str, ...] = ()

    @property
    def is_span(self) -> bool:
        return self.start is not None and self.end is not None

    def as_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.is_span:
            out["start"], out["end"] = self.start, self.end
        if self.text:
            out["text"] = self.text
        if self.detail:
            out["detail"] = self.detail
        if self.related_ids:
            out["related_ids"] = list(self.related_ids)
        return out


@dataclass(frozen=True, slots=True)
class ScreeningFinding:
    """One fired rule: who found it, with what score, why (a stable ``code`` with plain
    ``params``; ``reason`` is the engine's English for moderators) and where."""

    rule: str
    detector: str
    score: float
    code: str
    params: Mapping[str, Any]
    evidence: tuple[EvidenceItem, ...]
    reason: str

    def as_data(self) -> dict[str, Any]:
        """The JSON stored on a decision (the keys the workspace and older rows use)."""
        return {
            "id": self.rule,
            "score": round(self.score, 4),
            "detector": self.detector,
            "code": self.code,
            "params": dict(self.params),
            "evidence": [e.as_data() for e in self.evidence],
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class ScreeningFailure:
    detector: str
    reason: str


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """The engine's verdict on one comment as the site sees it. ``rule`` is the rule the
    decision cites, chosen by the policy that decided; ``review`` the rules a moderator
    should look at although they did not fire."""

    action: str
    rule: str
    findings: tuple[ScreeningFinding, ...]
    review: tuple[str, ...]
    scores: Mapping[str, float]
    failures: tuple[ScreeningFailure, ...]
    policy_version: str
    engine_version: str
    timings_ms: Mapping[str, float]


def _result(verdict: Verdict) -> ScreeningResult:
    return ScreeningResult(
        action=str(verdict.action),
        rule=verdict.rule,
        findings=tuple(
            ScreeningFinding(
                rule=f.rule,
                detector=f.detector,
                score=float(f.score),
                code=f.code,
                params=dict(f.params),
                evidence=tuple(
                    EvidenceItem(
                        kind=e.kind,
                        start=e.start,
                        end=e.end,
                        text=e.text,
                        detail=e.detail,
                        related_ids=tuple(e.related_ids),
                    )
                    for e in f.evidence
                ),
                reason=f.reason,
            )
            for f in verdict.fired
        ),
        review=tuple(verdict.review),
        scores={k: round(float(v), 4) for k, v in sorted(verdict.scores.items())},
        failures=tuple(ScreeningFailure(f.detector, f.reason) for f in verdict.failures),
        policy_version=verdict.policy_version,
        engine_version=verdict.engine_version,
        timings_ms={k: round(float(v), 3) for k, v in verdict.timings_ms.items()},
    )


def check_each(batch: Sequence[CommentFacts]) -> list[ScreeningResult | Exception]:
    """Decide each comment in order and record it in the recent-activity state, their sentence
    embeddings computed in one call first (several texts cost the encoder much less together
    than one by one). A comment the engine fails on gets the exception in its place, for the
    caller to hand to a moderator; the others are decided all the same."""
    with _engine_lock:
        engine = _current_engine()
        inputs = [_input(facts) for facts in batch]
        features: list[Features | None] = []
        for item in inputs:
            try:
                features.append(engine.features(item))
            except Exception:  # noqa: BLE001 - decide() below meets it again and reports it
                features.append(None)
        ready = [(item, feats) for item, feats in zip(inputs, features, strict=True) if feats]
        try:
            engine.prepare([item for item, _f in ready], [feats for _i, feats in ready])
        except Exception:  # each comment then prepares (and fails) on its own
            logger.warning("Preparing %d comments together failed", len(ready), exc_info=True)
            features = [None] * len(inputs)
        results: list[ScreeningResult | Exception] = []
        for item, feats in zip(inputs, features, strict=True):
            try:
                results.append(_result(engine.decide(item, feats)))
            except Exception as err:  # noqa: BLE001 - the caller holds it for a moderator
                results.append(err)
        return results


def preview(facts: CommentFacts) -> ScreeningResult:
    """Decide a draft without recording it anywhere (the pre-post nudge)."""
    with _engine_lock:
        verdict = _current_engine().preview(_input(facts))
    return _result(verdict)


def warm_up() -> None:
    """Build the engine for the policy in force now rather than on the first comment."""
    if app_settings.screening():
        with _engine_lock:
            _current_engine()


def sanction_ladder() -> list[dict[str, Any]]:
    """The policy's ladder as plain steps ``{"rejections", "days", "block"}``, mildest first."""
    return [
        {"rejections": s.rejections, "days": s.days, "block": s.block}
        for s in getattr(_policy(), "sanction_ladder", ())
    ]


def appeal_window_days() -> int:
    return int(getattr(_policy(), "appeal_window_days", 183))


def moderator_deletion_restore_link() -> bool:
    return bool(getattr(_policy(), "moderator_deletion_restore_link", False))


@dataclass(frozen=True, slots=True)
class OperatingPoint:
    """What one score threshold meant for one rule, measured out of fold when the classifier
    was trained: the share of its flags that were right, the share of the rule's violations
    it flagged, acceptable comments flagged per 1000 acceptable ones, and how many it flagged
    (precision is 0 when nothing was flagged, so read it only when ``flagged`` is above 0)."""

    score: float
    precision: float
    recall: float
    acceptable_flagged_per_1000: float
    flagged: int


def _point(raw: Any) -> OperatingPoint | None:
    if not isinstance(raw, dict):
        return None
    try:
        return OperatingPoint(
            score=float(raw["score"]),
            precision=float(raw["precision"]),
            recall=float(raw["recall"]),
            acceptable_flagged_per_1000=float(raw["acceptable_flagged_per_1000"]),
            flagged=int(raw["flagged"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


@lru_cache(maxsize=4)
def _operating_points(directory: str) -> dict[str, tuple[OperatingPoint, ...]]:
    try:
        manifest = load_manifest(Path(directory))
    except (OSError, ValueError) as err:
        # the policy editor shows no figures rather than failing; the engine reports the model
        logger.warning("The classifier's manifest in %s cannot be read: %s", directory, err)
        return {}
    rules = manifest.get("rules")
    measured = manifest.get("operating_points")
    if not isinstance(measured, dict):
        measured = {}
    out: dict[str, tuple[OperatingPoint, ...]] = {
        str(rule): () for rule in (rules if isinstance(rules, list) else ())
    }
    for rule, raw_points in measured.items():
        points = [_point(raw) for raw in (raw_points if isinstance(raw_points, list) else ())]
        out[str(rule)] = tuple(sorted((p for p in points if p is not None), key=lambda p: p.score))
    return out


def operating_points() -> dict[str, tuple[OperatingPoint, ...]]:
    """Per rule the trained classifier scores, its measured operating points, lowest score
    first; an empty tuple for a rule the manifest names but has no figures for (a model
    trained before they were recorded), and ``{}`` when the manifest cannot be read.

    Read from the classifier's manifest once per process and artefact directory;
    :func:`clear_caches` forgets it (a retrained model is otherwise seen after a restart).
    """
    return _operating_points(model_in_force() or str(models_dir()))


def operating_point_at(points: Iterable[OperatingPoint], threshold: float) -> OperatingPoint | None:
    """The measured point with the highest score at or below ``threshold``, or ``None`` when
    every measured score lies above it."""
    below = [p for p in points if p.score <= threshold + 1e-9]
    return max(below, key=lambda p: p.score) if below else None


def clear_caches() -> None:
    """Forget the policy in force and the classifier's measured figures (saving a policy
    version calls this; so do tests). Parsed policies are kept: they are keyed by content."""
    _in_force.forget()
    _operating_points.cache_clear()


@dataclass(frozen=True, slots=True)
class PersonalDataSpan:
    """Where the engine's privacy detector sees a personal datum: ``text[start:end]``."""

    start: int
    end: int
    kind: str  # "e-mail address", "phone number", "street address", ...


_SPAN_WINDOW = 4000  # within the detector's own cap
_SPAN_STEP = 3000  # windows overlap, so a datum across a window edge is still seen whole


def personal_data_spans(text: str) -> tuple[PersonalDataSpan, ...]:
    """Every personal datum the privacy detector finds in ``text``, whoever it belongs to,
    sorted and without overlaps (the labels export masks them). Long texts are read in
    overlapping windows, so the detector's length cap does not leave a tail unread."""
    detector = PrivacyDetector()
    found: list[PersonalDataSpan] = []
    for offset in range(0, max(len(text) - _SPAN_WINDOW + _SPAN_STEP, 1), _SPAN_STEP):
        for e in detector.personal_data(text[offset : offset + _SPAN_WINDOW]):
            if e.start is not None and e.end is not None and e.end > e.start:
                found.append(PersonalDataSpan(offset + e.start, offset + e.end, e.detail))
    merged: list[PersonalDataSpan] = []
    for span in sorted(found, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = PersonalDataSpan(last.start, max(last.end, span.end), last.kind)
        else:
            merged.append(span)
    return tuple(merged)


# -- the classifier model in force ------------------------------------------------------------

MODEL_KEY = "decorum:enforcement:model-in-force"


def model_in_force() -> str:
    """The directory of the retrained classifier model in force, "" for the shipped one. The
    answer lives in the shared cache, so putting a model in force reaches every process; the
    database is read when the cache does not know."""
    from decorum.enforcement.models import ModelVersion

    cached = cache.get(MODEL_KEY)
    if cached is not None:
        return str(cached)
    try:
        path = ModelVersion.objects.filter(in_force=True).values_list("path", flat=True).first()
    except DatabaseError:
        return ""  # before migrations: the shipped model
    cache.set(MODEL_KEY, path or "", timeout=None)
    return path or ""


def model_in_force_changed() -> None:
    """Forget the model in force (after putting one in force or going back): the next check
    builds an engine with the new one."""
    cache.delete(MODEL_KEY)
    _operating_points.cache_clear()


def check_model_dir(path: str) -> None:
    """Load the model in ``path`` as the engine would, so a bad directory is refused when it
    is chosen, not on the next comment."""
    try:
        load_model_dir(Path(path))
    except (OSError, ValueError) as err:
        raise ValidationFailed(str(err), code=ErrorCode.INVALID_MODEL) from err
