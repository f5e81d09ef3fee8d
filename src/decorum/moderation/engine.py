"""The engine: features -> detectors -> aggregation -> a Verdict with its statement of reasons.

A detector that raises or overruns its time budget never lets a comment through silently and
never rejects it silently: the comment goes to a moderator (at least ``queue``) and the
statement says which check failed.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import decorum
from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.detectors.classifier import (
    ClassifierDetector,
    load_model_dir,
    prime_embeddings,
)
from decorum.moderation.detectors.flooding import flood_like
from decorum.moderation.features import Features, compute_features, load_models
from decorum.moderation.policy import Policy, load_default_policy
from decorum.moderation.registry import DETECTORS
from decorum.moderation.state import MemoryStateStore, StateEvent, StateStore
from decorum.moderation.types import (
    Action,
    ArticleContext,
    CommentInput,
    DetectorFailure,
    Finding,
    Verdict,
)

logger = logging.getLogger(__name__)


class Engine:
    """Decides comments under one policy. Reuse one instance: detectors load data once."""

    def __init__(
        self,
        policy: Policy | None = None,
        state: StateStore | None = None,
        registry: Mapping[str, type[BaseDetector]] | None = None,
        classifier_model: Path | None = None,
    ) -> None:
        """``classifier_model``: a model directory to use instead of the shipped artefacts
        (see ``detectors.classifier.load_model_dir``), e.g. one retrained on the site's labels.
        """
        self.policy = policy or load_default_policy()
        self.state: StateStore = state if state is not None else MemoryStateStore()
        registry = registry if registry is not None else DETECTORS
        self.detectors: dict[str, BaseDetector] = {}
        for det_id in self.policy.enabled_detectors():
            if det_id not in registry:
                raise ValueError(f"The policy names detector {det_id!r}, which is not registered.")
            cls = registry[det_id]
            if classifier_model is not None and issubclass(cls, ClassifierDetector):
                load_model_dir(classifier_model)  # a bad directory fails here, not per comment
                self.detectors[det_id] = cls(model_dir=classifier_model)
            else:
                self.detectors[det_id] = cls()
        self.contexts: dict[str, DetectContext] = {
            det_id: DetectContext(
                params=dict(self.policy.detector_params.get(det_id, {})),
                state=self.state,
                publisher_names=self.policy.publisher_names,
                word_lists=self.policy.word_lists,
                allowed_domains=self.policy.allowed_domains,
                blocked_domains=self.policy.blocked_domains,
            )
            for det_id in self.detectors
        }
        versions = ",".join(f"{d.id}@{d.version}" for d in self.detectors.values())
        if classifier_model is not None:  # verdicts say which model decided
            versions += f",classifier-model={classifier_model.name}"
        digest = hashlib.sha256(versions.encode()).hexdigest()[:8]
        self.engine_version = f"{decorum.__version__}+{digest}"
        self.budget_ms = self.policy.detector_budget_ms
        self._rule_detectors: dict[str, frozenset[str]] = {
            rule.id: frozenset(rule.detectors) for rule in self.policy.rules if rule.enabled
        }
        self._needs_embedding = any("embedding" in d.needs for d in self.detectors.values()) or (
            "classifier" in self.detectors
        )

        started = time.perf_counter()
        self._warm_up()
        self.load_seconds = time.perf_counter() - started

    def _warm_up(self) -> None:
        """Load models and word lists now, so no comment pays for them against its budget."""
        load_models()
        probe = CommentInput(
            id="__warm_up__",
            text="Warm-up text for the engine, long enough to guess its language.",
            author="__engine__",
            article=ArticleContext(
                id="__warm_up__", edition="en", title="Warm up", body="Warm up."
            ),
            created_at=datetime(2000, 1, 1, tzinfo=UTC),
        )
        feats = self.features(probe)
        self.prepare([probe], [feats])
        self._decide(probe, feats)

    # ------------------------------------------------------------------ public API

    def features(self, comment: CommentInput) -> Features:
        return compute_features(comment.text, comment.article.edition, self.policy.max_chars)

    def prepare(self, comments: Sequence[CommentInput], features: Sequence[Features]) -> None:
        """Shared, untimed work before detectors run: embeddings and per-article context."""
        if self._needs_embedding and features:
            prime_embeddings(list(features))
        for detector in self.detectors.values():
            hook = getattr(detector, "prepare", None)
            if hook is not None:
                hook(comments)

    def decide(self, comment: CommentInput, features: Features | None = None) -> Verdict:
        feats = features if features is not None else self.features(comment)
        if features is None:
            self.prepare([comment], [feats])
        verdict = self._decide(comment, feats)
        self._observe(comment, feats)
        return verdict

    def preview(self, comment: CommentInput) -> Verdict:
        """Decide without recording the comment in the activity state (a draft the author is
        still editing must not count towards flooding or flash-mob history)."""
        feats = self.features(comment)
        self.prepare([comment], [feats])
        return self._decide(comment, feats)

    def decide_many(self, comments: Iterable[CommentInput]) -> list[Verdict]:
        """Decide in order (state builds up), embedding every comment in one batch first."""
        items = list(comments)
        feats = [self.features(c) for c in items]
        self.prepare(items, feats)
        return [self.decide(c, f) for c, f in zip(items, feats, strict=True)]

    # ------------------------------------------------------------------ internals

    def _decide(self, comment: CommentInput, features: Features) -> Verdict:
        findings: list[Finding] = []
        failures: list[DetectorFailure] = []
        timings: dict[str, float] = {}
        for det_id, detector in self.detectors.items():
            started = time.perf_counter()
            try:
                out = detector.detect(comment, features, self.contexts[det_id])
            except Exception as exc:  # noqa: BLE001 - a broken check must not decide the comment
                out = []
                failures.append(DetectorFailure(det_id, f"{type(exc).__name__}: {exc}"[:300]))
            elapsed = (time.perf_counter() - started) * 1000
            timings[det_id] = elapsed
            if elapsed > self.budget_ms and not any(f.detector == det_id for f in failures):
                failures.append(DetectorFailure(det_id, f"timeout ({elapsed:.0f} ms)"))
            findings.extend(f for f in out if f.rule in detector.rules)
        return self._aggregate(comment, features, findings, failures, timings)

    def _aggregate(
        self,
        comment: CommentInput,
        features: Features,
        findings: Sequence[Finding],
        failures: Sequence[DetectorFailure],
        timings: Mapping[str, float],
    ) -> Verdict:
        # The highest score per enabled rule from the detectors the rule lists (the first
        # finding wins a tie), in one pass over the findings.
        top: dict[str, Finding] = {}
        # The strongest finding per rule that is not the classifier's: a word list's exact words
        # explain a decision better than the words occlusion finds moved the model's score.
        worded: dict[str, Finding] = {}
        for f in findings:
            allowed = self._rule_detectors.get(f.rule)
            if allowed is None or f.detector.split("@", 1)[0] not in allowed:
                continue
            current = top.get(f.rule)
            if current is None or f.score > current.score:
                top[f.rule] = f
            if not f.detector.startswith("classifier@"):
                held = worded.get(f.rule)
                if held is None or f.score > held.score:
                    worded[f.rule] = f
        best = {rid: top[rid] for rid in self._rule_detectors if rid in top}  # policy order
        scores = {rid: f.score for rid, f in best.items()}
        fired: list[Finding] = []
        review: list[str] = []
        action: Action = "allow"
        for rule in self.policy.rules:
            if rule.id not in best:
                continue
            score = best[rule.id].score
            if score >= rule.threshold:
                # cited: the word list's finding when it reaches the threshold too (the score
                # that decides stays the highest)
                other = worded.get(rule.id)
                cited = other if other is not None and other.score >= rule.threshold else None
                fired.append(cited or best[rule.id])
                if rule.action == "reject":
                    action = "reject"
                elif action == "allow":
                    action = "queue"
            elif rule.review_threshold is not None and score >= rule.review_threshold:
                review.append(rule.id)
        if action == "allow" and (review or failures):
            action = "queue"
        statement = self._statement(action, fired, review, failures, features)
        return Verdict(
            comment_id=comment.id,
            action=action,
            fired=tuple(fired),
            scores=scores,
            policy_version=self.policy.version,
            engine_version=self.engine_version,
            statement=statement,
            failures=tuple(failures),
            timings_ms=dict(timings),
            rule=self.policy.cited_rule(action, fired, scores),
            review=tuple(review),
        )

    def _statement(
        self,
        action: Action,
        fired: Sequence[Finding],
        review: Sequence[str],
        failures: Sequence[DetectorFailure],
        features: Features,
    ) -> str:
        lang = features.edition if features.edition in self.policy.languages else "en"
        lines: list[str] = []
        if action == "reject":
            lines.append("The comment was not published because it breaks the community standards:")
        elif action == "queue":
            lines.append("The comment is waiting for a moderator.")
        else:
            lines.append("The comment meets the community standards.")
        for f in fired:
            rule = self.policy.rule(f.rule)
            lines.append(f"- {rule.title(lang)}: {f.reason}")
        for rid in review:
            lines.append(f"- {self.policy.rule(rid).title(lang)}: a moderator should take a look.")
        for failure in failures:
            lines.append(
                f"- The automatic check {failure.detector!r} could not finish ({failure.reason}), "
                "so a moderator will decide."
            )
        return "\n".join(lines)

    def _observe(self, comment: CommentInput, features: Features) -> None:
        params = self.policy.detector_params.get("flooding", {})
        event = StateEvent(
            comment_id=comment.id,
            article_id=comment.article.id,
            author=comment.author,
            ts=comment.created_at.timestamp(),
            folded=features.folded[:1000],
            parent_id=comment.parent.id if comment.parent else None,
            embedding=features._cache.get("embedding"),
            flood_like=flood_like(features, int(params.get("short_chars", 25))),
        )
        try:
            self.state.record(event)
        except Exception:
            logger.warning("engine state: could not record %s", comment.id, exc_info=True)
        for det_id, detector in self.detectors.items():
            if detector.stateful:
                try:
                    detector.observe(comment, features, self.contexts[det_id])
                except Exception:
                    logger.warning("detector %s: observe failed", det_id, exc_info=True)
