"""The publisher's policy: which rules exist, what readers are told, and how each is enforced.

The policy is YAML so a publisher can edit it without code. It is validated on load, and every
error names the file, the line and the field ("policy.yaml line 42: rules[3].threshold: must be
a number between 0 and 1"), because a silently misread policy would moderate the wrong things.
This module owns the schema: the site changes settings through :meth:`Policy.with_changes`
(checked by the same rules as the loader) and stores :meth:`Policy.dump`, never the YAML itself.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from decorum.moderation.types import RULE_IDS, Finding

DEFAULT_LANGUAGE = "en"
RULE_ACTIONS: tuple[str, ...] = ("reject", "queue")  # what a rule may do when it fires
_DEFAULT_MAX_CHARS = 5000
_DEFAULT_BUDGET_MS = 250.0


class PolicyError(ValueError):
    """The policy text or a settings change is not valid; the message names the line (for a
    text) and the field. A change's error also says which ``rule`` (empty for the publisher's
    settings) and ``field`` it is about, so an editor can show it beside that field."""

    def __init__(self, message: str, *, rule: str = "", field: str = "") -> None:
        super().__init__(message)
        self.rule = rule
        self.field = field


def _number_problem(value: object, low: float, high: float) -> str | None:
    """The loader's rule for numbers, shared with settings changes."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        return f"must be a number between {low:g} and {high:g}"
    return None


def _action_problem(value: object) -> str | None:
    return None if value in RULE_ACTIONS else "must be reject or queue"


_REVIEW_ABOVE_THRESHOLD = "must not be above the threshold"


@dataclass(frozen=True, slots=True)
class RuleChange:
    """A settings change to one rule; ``None`` leaves a setting as it is. ``words`` replaces
    the rule's extra word list (``publisher.word_lists[<rule id>]``; empty removes it)."""

    enabled: bool | None = None
    action: str | None = None
    threshold: float | None = None
    review_threshold: float | None = None
    words: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class PublisherChange:
    """A change to the publisher's settings; ``None`` leaves a setting as it is. Each entry of
    ``word_lists`` replaces the list of that name (empty removes it); other lists are kept."""

    names: tuple[str, ...] | None = None
    allowed_domains: tuple[str, ...] | None = None
    blocked_domains: tuple[str, ...] | None = None
    word_lists: Mapping[str, tuple[str, ...]] | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    enabled: bool
    action: str
    threshold: float
    detectors: tuple[str, ...]
    titles: Mapping[str, str]
    texts: Mapping[str, str]
    review_threshold: float | None = None

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles.get(DEFAULT_LANGUAGE, self.id)

    def text(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts.get(DEFAULT_LANGUAGE, "")


@dataclass(frozen=True, slots=True)
class SanctionStep:
    """One step of the sanction ladder: ``rejections`` rejected comments within ``days`` days
    block the author (from the ``site``, the only scope the ladder uses)."""

    rejections: int
    days: int
    block: str = "site"


@dataclass(frozen=True, slots=True)
class Policy:
    version: str
    languages: tuple[str, ...]
    rules: list[Rule]
    max_chars: int = _DEFAULT_MAX_CHARS
    detector_budget_ms: float = _DEFAULT_BUDGET_MS
    engine: Mapping[str, Any] = field(default_factory=dict)
    publisher_names: tuple[str, ...] = ()
    allowed_domains: frozenset[str] = frozenset()
    blocked_domains: frozenset[str] = frozenset()
    word_lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    detector_params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    sanction_ladder: tuple[SanctionStep, ...] = ()
    appeal_window_days: int = 183
    moderator_deletion_restore_link: bool = False

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def cited_rule(
        self, action: str, fired: Sequence[Finding], scores: Mapping[str, float] | None = None
    ) -> str:
        """The rule a decision cites: for a rejection the highest-scoring fired rule whose
        action here is reject, otherwise the highest-scoring fired rule (policy order breaks
        ties); "" when nothing fired or the comment is allowed. A rule's score is its entry in
        ``scores`` when given: the finding cited for it may be a weaker one with better words."""
        if action == "allow" or not fired:
            return ""
        candidates = list(fired)
        if action == "reject":
            rejecting = [f for f in fired if self._action_of(f.rule) == "reject"]
            candidates = rejecting or candidates
        score = scores or {}
        return max(candidates, key=lambda f: max(f.score, score.get(f.rule, 0.0))).rule

    def _action_of(self, rule_id: str) -> str:
        try:
            return self.rule(rule_id).action
        except KeyError:
            return ""

    def enabled_detectors(self) -> list[str]:
        """Detector ids some enabled rule needs, in first-use order."""
        out: list[str] = []
        for rule in self.rules:
            if rule.enabled:
                out.extend(d for d in rule.detectors if d not in out)
        return out

    def with_changes(
        self,
        rule_changes: Mapping[str, RuleChange] | None = None,
        *,
        publisher: PublisherChange | None = None,
        version: str | None = None,
    ) -> Policy:
        """This policy with settings changed, checked by the loader's rules; raise
        :class:`PolicyError` naming the rule and the field of the first bad value.

        Values come from people (an admin's form), so their types are checked too. Lowering a
        threshold below the rule's review threshold carries the review threshold down with it;
        an explicit review threshold above the threshold is an error, as in the text.
        """
        changes = rule_changes or {}
        known = {rule.id for rule in self.rules}
        for rule_id in changes:
            if rule_id not in known:
                raise PolicyError(
                    f"rule {rule_id!r}: is not a rule of this policy", rule=rule_id, field="id"
                )
        word_lists = dict(self.word_lists)
        names, allowed, blocked = self.publisher_names, self.allowed_domains, self.blocked_domains
        if publisher is not None:
            if publisher.names is not None:
                names = _checked_words(publisher.names, "", "names")
            if publisher.allowed_domains is not None:
                domains = _checked_words(publisher.allowed_domains, "", "allowed_domains")
                allowed = frozenset(d.lower() for d in domains)
            if publisher.blocked_domains is not None:
                domains = _checked_words(publisher.blocked_domains, "", "blocked_domains")
                blocked = frozenset(d.lower() for d in domains)
            for name, words in (publisher.word_lists or {}).items():
                _set_list(word_lists, name, _checked_words(words, "", f"word_lists.{name}"))
        rules = []
        for rule in self.rules:
            change = changes.get(rule.id)
            if change is None:
                rules.append(rule)
                continue
            rules.append(_changed_rule(rule, change))
            if change.words is not None:
                _set_list(word_lists, rule.id, _checked_words(change.words, rule.id, "words"))
        new_version = self.version
        if version is not None:
            if not isinstance(version, str) or not version.strip():
                raise PolicyError("version: must be text", field="version")
            new_version = version
        return replace(
            self,
            version=new_version,
            rules=rules,
            publisher_names=names,
            allowed_domains=allowed,
            blocked_domains=blocked,
            word_lists=word_lists,
        )

    def dump(self) -> str:
        """The policy as YAML that :func:`parse_policy` reads back equal to this policy (the
        shipped file's comments are not kept)."""
        engine = dict(self.engine)
        if "max_chars" in engine or self.max_chars != _DEFAULT_MAX_CHARS:
            engine["max_chars"] = self.max_chars
        if "detector_budget_ms" in engine or self.detector_budget_ms != _DEFAULT_BUDGET_MS:
            engine["detector_budget_ms"] = self.detector_budget_ms
        document: dict[str, Any] = {
            "version": self.version,
            "languages": list(self.languages),
            "engine": engine,
            "publisher": {
                "names": list(self.publisher_names),
                "allowed_domains": sorted(self.allowed_domains),
                "blocked_domains": sorted(self.blocked_domains),
                "word_lists": {name: list(words) for name, words in self.word_lists.items()},
            },
            "sanctions": {
                "ladder": [
                    {"rejections": s.rejections, "days": s.days, "block": s.block}
                    for s in self.sanction_ladder
                ],
                "appeal_window_days": self.appeal_window_days,
                "moderator_deletion_restore_link": self.moderator_deletion_restore_link,
            },
            "detectors": {d: dict(params) for d, params in self.detector_params.items()},
            "rules": [_rule_document(rule) for rule in self.rules],
        }
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def _rule_document(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule.id,
        "enabled": rule.enabled,
        "action": rule.action,
        "threshold": rule.threshold,
    }
    if rule.review_threshold is not None:
        out["review_threshold"] = rule.review_threshold
    out["detectors"] = list(rule.detectors)
    out["title"] = dict(rule.titles)
    out["text"] = dict(rule.texts)
    return out


def _change_error(rule_id: str, field: str, problem: str) -> PolicyError:
    where = f"rule {rule_id!r}: {field}" if rule_id else f"publisher: {field}"
    return PolicyError(f"{where}: {problem}", rule=rule_id, field=field)


def _checked_words(words: object, rule_id: str, field: str) -> tuple[str, ...]:
    if isinstance(words, str) or not isinstance(words, tuple | list):
        raise _change_error(rule_id, field, "must be a list")
    for word in words:
        if not isinstance(word, str):
            raise _change_error(rule_id, field, "must be text")
    return tuple(words)


def _set_list(word_lists: dict[str, tuple[str, ...]], name: str, words: tuple[str, ...]) -> None:
    if words:
        word_lists[name] = words
    else:
        word_lists.pop(name, None)


def _changed_rule(rule: Rule, change: RuleChange) -> Rule:
    enabled, action = rule.enabled, rule.action
    threshold, review = rule.threshold, rule.review_threshold
    if change.enabled is not None:
        if not isinstance(change.enabled, bool):
            raise _change_error(rule.id, "enabled", "must be true or false")
        enabled = change.enabled
    if change.action is not None:
        if problem := _action_problem(change.action):
            raise _change_error(rule.id, "action", problem)
        action = change.action
    if change.threshold is not None:
        if problem := _number_problem(change.threshold, 0, 1):
            raise _change_error(rule.id, "threshold", problem)
        threshold = float(change.threshold)
    if change.review_threshold is not None:
        if problem := _number_problem(change.review_threshold, 0, 1):
            raise _change_error(rule.id, "review_threshold", problem)
        review = float(change.review_threshold)
        if review > threshold:
            raise _change_error(rule.id, "review_threshold", _REVIEW_ABOVE_THRESHOLD)
    elif review is not None and review > threshold:
        review = threshold
    return replace(
        rule, enabled=enabled, action=action, threshold=threshold, review_threshold=review
    )


class _Reader:
    """Walks the composed YAML nodes so each error can cite the line of the offending value."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, node: Node | None, path: str, message: str) -> PolicyError:
        line = f" line {node.start_mark.line + 1}" if node is not None else ""
        return PolicyError(f"{self.source}{line}: {path}: {message}")

    def mapping(self, node: Node, path: str) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            raise self.fail(node, path, "must be a mapping")
        out: dict[str, Node] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                raise self.fail(key, path, "keys must be plain names")
            if key.value in out:
                raise self.fail(key, f"{path}.{key.value}", "is given twice")
            out[key.value] = value
        return out

    def sequence(self, node: Node, path: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            raise self.fail(node, path, "must be a list")
        return list(node.value)

    def string(self, node: Node, path: str) -> str:
        if not isinstance(node, ScalarNode) or (node.value == "" and node.tag.endswith("null")):
            raise self.fail(node, path, "must be text")
        return str(node.value)

    def strings(self, node: Node, path: str) -> tuple[str, ...]:
        return tuple(
            self.string(n, f"{path}[{i}]") for i, n in enumerate(self.sequence(node, path))
        )

    def number(self, node: Node, path: str, low: float, high: float) -> float:
        value = self.plain(node)
        if problem := _number_problem(value, low, high):
            raise self.fail(node, path, problem)
        return float(value)

    def boolean(self, node: Node, path: str) -> bool:
        value = self.plain(node)
        if not isinstance(value, bool):
            raise self.fail(node, path, "must be true or false")
        return value

    @staticmethod
    def plain(node: Node) -> Any:
        return yaml.safe_load(yaml.serialize(node))

    def required(self, block: dict[str, Node], key: str, parent: Node, path: str) -> Node:
        if key not in block:
            raise self.fail(parent, f"{path}.{key}" if path else key, "is required")
        return block[key]

    def unknown(self, block: dict[str, Node], allowed: Collection[str], path: str) -> None:
        for key, node in block.items():
            if key not in allowed:
                raise self.fail(node, f"{path}.{key}" if path else key, "is not a known field")


def _known_detectors() -> frozenset[str]:
    from decorum.moderation.registry import DETECTORS

    return frozenset(DETECTORS)


def parse_policy(
    text: str, source_name: str = "policy.yaml", detector_ids: Collection[str] | None = None
) -> Policy:
    """Parse and validate a policy; raise :class:`PolicyError` naming line and field."""
    r = _Reader(source_name)
    known = frozenset(detector_ids) if detector_ids is not None else _known_detectors()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise PolicyError(f"{source_name}{where}: not valid YAML: {exc}") from exc
    if root is None:
        raise PolicyError(f"{source_name}: the policy is empty")
    top = r.mapping(root, "policy")
    r.unknown(
        top, {"version", "languages", "engine", "publisher", "detectors", "rules", "sanctions"}, ""
    )
    version = r.string(r.required(top, "version", root, ""), "version")
    languages = r.strings(r.required(top, "languages", root, ""), "languages")
    if not languages:
        raise r.fail(top["languages"], "languages", "must list at least one language")

    engine: dict[str, Any] = {}
    max_chars, budget = 5000, 250.0
    if "engine" in top:
        eng = r.mapping(top["engine"], "engine")
        if "max_chars" in eng:
            max_chars = int(r.number(eng["max_chars"], "engine.max_chars", 100, 1_000_000))
        if "detector_budget_ms" in eng:
            budget = r.number(eng["detector_budget_ms"], "engine.detector_budget_ms", 1, 60_000)
        engine = {k: r.plain(v) for k, v in eng.items()}

    names: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    blocked: tuple[str, ...] = ()
    word_lists: dict[str, tuple[str, ...]] = {}
    if "publisher" in top:
        pub = r.mapping(top["publisher"], "publisher")
        r.unknown(pub, {"names", "allowed_domains", "blocked_domains", "word_lists"}, "publisher")
        if "names" in pub:
            names = r.strings(pub["names"], "publisher.names")
        if "allowed_domains" in pub:
            allowed = r.strings(pub["allowed_domains"], "publisher.allowed_domains")
        if "blocked_domains" in pub:
            blocked = r.strings(pub["blocked_domains"], "publisher.blocked_domains")
        if "word_lists" in pub:
            for name, node in r.mapping(pub["word_lists"], "publisher.word_lists").items():
                word_lists[name] = r.strings(node, f"publisher.word_lists.{name}")

    params: dict[str, dict[str, Any]] = {}
    if "detectors" in top:
        for det_id, node in r.mapping(top["detectors"], "detectors").items():
            if det_id not in known:
                raise r.fail(node, f"detectors.{det_id}", "is not a known detector")
            if isinstance(node, ScalarNode) and r.plain(node) is None:
                params[det_id] = {}
                continue
            r.mapping(node, f"detectors.{det_id}")
            params[det_id] = dict(r.plain(node) or {})

    rules: list[Rule] = []
    rules_node = r.required(top, "rules", root, "")
    seen: set[str] = set()
    for i, node in enumerate(r.sequence(rules_node, "rules")):
        path = f"rules[{i}]"
        block = r.mapping(node, path)
        r.unknown(
            block,
            {
                "id",
                "enabled",
                "title",
                "text",
                "action",
                "threshold",
                "review_threshold",
                "detectors",
            },
            path,
        )
        rid_node = r.required(block, "id", node, path)
        rid = r.string(rid_node, f"{path}.id")
        if rid not in RULE_IDS:
            raise r.fail(rid_node, f"{path}.id", f"{rid!r} is not a known rule id")
        if rid in seen:
            raise r.fail(rid_node, f"{path}.id", f"rule {rid!r} is defined twice")
        seen.add(rid)
        enabled = r.boolean(block["enabled"], f"{path}.enabled") if "enabled" in block else True
        action_node = r.required(block, "action", node, path)
        action = r.string(action_node, f"{path}.action")
        if problem := _action_problem(action):
            raise r.fail(action_node, f"{path}.action", problem)
        threshold = r.number(r.required(block, "threshold", node, path), f"{path}.threshold", 0, 1)
        review: float | None = None
        if "review_threshold" in block:
            review = r.number(block["review_threshold"], f"{path}.review_threshold", 0, 1)
            if review > threshold:
                raise r.fail(
                    block["review_threshold"],
                    f"{path}.review_threshold",
                    _REVIEW_ABOVE_THRESHOLD,
                )
        det_node = r.required(block, "detectors", node, path)
        dets = r.strings(det_node, f"{path}.detectors")
        if not dets:
            raise r.fail(det_node, f"{path}.detectors", "must name at least one detector")
        for j, det in enumerate(dets):
            if det not in known:
                raise r.fail(
                    r.sequence(det_node, "")[j],
                    f"{path}.detectors[{j}]",
                    f"{det!r} is not a known detector",
                )
        texts: list[dict[str, str]] = []
        for part in ("title", "text"):
            part_node = r.required(block, part, node, path)
            values = {
                lang: r.string(v, f"{path}.{part}.{lang}")
                for lang, v in r.mapping(part_node, f"{path}.{part}").items()
            }
            if DEFAULT_LANGUAGE not in values:
                raise r.fail(part_node, f"{path}.{part}.{DEFAULT_LANGUAGE}", "is required")
            texts.append(values)
        rules.append(Rule(rid, enabled, action, threshold, dets, texts[0], texts[1], review))

    ladder: list[SanctionStep] = []
    appeal_days, restore_link = 183, False
    if "sanctions" in top:
        sanctions = r.mapping(top["sanctions"], "sanctions")
        r.unknown(
            sanctions,
            {"ladder", "appeal_window_days", "moderator_deletion_restore_link"},
            "sanctions",
        )
        if "appeal_window_days" in sanctions:
            appeal_days = int(
                r.number(sanctions["appeal_window_days"], "sanctions.appeal_window_days", 1, 3650)
            )
        if "moderator_deletion_restore_link" in sanctions:
            restore_link = r.boolean(
                sanctions["moderator_deletion_restore_link"],
                "sanctions.moderator_deletion_restore_link",
            )
        for i, step_node in enumerate(
            r.sequence(sanctions["ladder"], "sanctions.ladder") if "ladder" in sanctions else []
        ):
            path = f"sanctions.ladder[{i}]"
            step = r.mapping(step_node, path)
            r.unknown(step, {"rejections", "days", "block"}, path)
            count = int(
                r.number(
                    r.required(step, "rejections", step_node, path), f"{path}.rejections", 1, 1000
                )
            )
            days = int(r.number(r.required(step, "days", step_node, path), f"{path}.days", 1, 3650))
            scope = r.string(step["block"], f"{path}.block") if "block" in step else "site"
            if scope != "site":
                raise r.fail(step["block"], f"{path}.block", "must be site")
            ladder.append(SanctionStep(count, days, scope))
        ladder.sort(key=lambda s: (s.rejections, s.days))

    return Policy(
        version=version,
        languages=languages,
        rules=rules,
        max_chars=max_chars,
        detector_budget_ms=budget,
        engine=engine,
        publisher_names=names,
        allowed_domains=frozenset(d.lower() for d in allowed),
        blocked_domains=frozenset(d.lower() for d in blocked),
        word_lists=word_lists,
        detector_params=params,
        sanction_ladder=tuple(ladder),
        appeal_window_days=appeal_days,
        moderator_deletion_restore_link=restore_link,
    )


def load_policy(path: str | Path) -> Policy:
    p = Path(path)
    return parse_policy(p.read_text("utf-8"), p.name)


def default_policy_text() -> str:
    """The YAML of the policy shipped with the engine (``moderation/data/policy.yaml``)."""
    return resources.files("decorum.moderation").joinpath("data", "policy.yaml").read_text("utf-8")


def load_default_policy() -> Policy:
    """The policy shipped with the engine."""
    return parse_policy(default_policy_text(), "policy.yaml")
