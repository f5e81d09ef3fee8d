"""The policy loader: the shipped policy is complete; mistakes are reported by line and field."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from decorum.moderation.policy import (
    PolicyError,
    PublisherChange,
    RuleChange,
    load_default_policy,
    parse_policy,
)
from decorum.moderation.types import RULE_IDS

SHIPPED = resources.files("decorum.moderation").joinpath("data", "policy.yaml").read_text("utf-8")


def test_default_policy_has_every_rule_in_every_language() -> None:
    policy = load_default_policy()
    assert [r.id for r in policy.rules] == list(RULE_IDS)
    assert policy.languages == ("en", "ru", "es")
    for rule in policy.rules:
        for lang in policy.languages:
            assert rule.title(lang) and rule.text(lang)
        assert rule.text("de") == rule.text("en")
    assert policy.rule("off_topic").detectors == ("topic",)
    assert policy.rule("minors").detectors == ("classifier", "lexicon", "privacy")


def _broken(old: str, new: str) -> str:
    assert old in SHIPPED
    return SHIPPED.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_bad_threshold_names_its_line_and_field() -> None:
    tail = (
        "    review_threshold: 0.25\n    detectors: [classifier, lexicon]\n"
        "    title:\n      en: No hatred"
    )
    text = _broken("    threshold: 0.5\n" + tail, "    threshold: 1.5\n" + tail)
    with pytest.raises(PolicyError) as err:
        parse_policy(text, "policy.yaml")
    line = _line_of(text, "threshold: 1.5")
    assert str(err.value) == (
        f"policy.yaml line {line}: rules[1].threshold: must be a number between 0 and 1"
    )


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("  - id: spam\n", "  - id: spamming\n", "rules[12].id"),
        (
            "    detectors: [links]\n",
            "    detectors: [links, antivirus]\n",
            "rules[14].detectors[1]",
        ),
        (
            "    action: queue\n    threshold: 0.5\n    detectors: [topic]",
            "    action: delete\n    threshold: 0.5\n    detectors: [topic]",
            "rules[0].action",
        ),
        ("  formatting:\n    min_letters", "  formatter:\n    min_letters", "detectors.formatter"),
        ('version: "2026.11-3"\n', "", "version"),
    ],
)
def test_unknown_ids_and_missing_fields_are_errors(old: str, new: str, field: str) -> None:
    with pytest.raises(PolicyError, match=r"^policy\.yaml line \d+: " + re.escape(field) + ":"):
        parse_policy(_broken(old, new), "policy.yaml")


def test_review_threshold_may_not_exceed_threshold() -> None:
    text = _broken("    review_threshold: 0.25\n", "    review_threshold: 0.8\n")
    with pytest.raises(PolicyError, match=r"line \d+: rules\[1\]\.review_threshold"):
        parse_policy(text)


def test_invalid_yaml_names_the_line() -> None:
    with pytest.raises(PolicyError, match=r"^p\.yaml line 3: not valid YAML"):
        parse_policy("version: 1\nrules: [\n  : :\n", "p.yaml")


def test_the_sanction_ladder_is_read_and_validated() -> None:
    policy = load_default_policy()
    assert [(s.rejections, s.days, s.block) for s in policy.sanction_ladder] == [(3, 7, "site")]
    assert policy.appeal_window_days == 183
    assert policy.moderator_deletion_restore_link is False
    bad = _broken("    - rejections: 3\n", "    - rejections: 0\n")
    with pytest.raises(PolicyError, match=r"sanctions\.ladder\[0\]\.rejections: must be"):
        parse_policy(bad, "policy.yaml")
    scope = _broken("      block: site\n", "      block: galaxy\n")
    with pytest.raises(PolicyError, match=r"sanctions\.ladder\[0\]\.block: must be site"):
        parse_policy(scope, "policy.yaml")
    missing = _broken("      days: 7\n", "")
    with pytest.raises(PolicyError, match=r"sanctions\.ladder\[0\]\.days: is required"):
        parse_policy(missing, "policy.yaml")


# Settings changes: the engine applies and checks what the admin's form sends, and the policy
# dumps itself so the site never writes the YAML.


def test_a_settings_change_applies_to_the_named_rule_only() -> None:
    policy = load_default_policy()
    changed = policy.with_changes(
        {
            "spam": RuleChange(enabled=False, action="queue", threshold=0.8, words=("buy now",)),
            "hate": RuleChange(threshold=0.6, review_threshold=0.3),
        },
        publisher=PublisherChange(
            names=("Daily Bugle",),
            allowed_domains=("Example.ORG",),
            word_lists={"profanity": ("frak",)},
        ),
        version="2026.11-2.r1",
    )
    spam, hate = changed.rule("spam"), changed.rule("hate")
    assert (spam.enabled, spam.action, spam.threshold) == (False, "queue", 0.8)
    assert (hate.threshold, hate.review_threshold) == (0.6, 0.3)
    assert changed.word_lists == {"spam": ("buy now",), "profanity": ("frak",)}
    assert changed.publisher_names == ("Daily Bugle",)
    assert changed.allowed_domains == frozenset({"example.org"})  # as the loader lower-cases
    assert changed.blocked_domains == policy.blocked_domains
    assert changed.version == "2026.11-2.r1"
    untouched = [r for r in changed.rules if r.id not in {"spam", "hate"}]
    assert untouched == [r for r in policy.rules if r.id not in {"spam", "hate"}]
    assert policy.rule("spam").enabled  # the original is unchanged
    # an empty word list removes it
    assert "spam" not in changed.with_changes({"spam": RuleChange(words=())}).word_lists


def test_lowering_a_threshold_carries_the_review_threshold_down() -> None:
    changed = load_default_policy().with_changes({"hate": RuleChange(threshold=0.2)})
    assert (changed.rule("hate").threshold, changed.rule("hate").review_threshold) == (0.2, 0.2)


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (RuleChange(threshold=1.5), "threshold", "must be a number between 0 and 1"),
        (RuleChange(threshold=-0.1), "threshold", "must be a number between 0 and 1"),
        (RuleChange(threshold="0.5"), "threshold", "must be a number between 0 and 1"),  # type: ignore[arg-type]
        (RuleChange(threshold=True), "threshold", "must be a number between 0 and 1"),
        (RuleChange(review_threshold=2.0), "review_threshold", "must be a number between 0 and 1"),
        (RuleChange(review_threshold=0.9), "review_threshold", "must not be above the threshold"),
        (RuleChange(action="delete"), "action", "must be reject or queue"),
        (RuleChange(action="allow"), "action", "must be reject or queue"),
        (RuleChange(enabled="yes"), "enabled", "must be true or false"),  # type: ignore[arg-type]
        (RuleChange(words=("ok", 3)), "words", "must be text"),  # type: ignore[arg-type]
        (RuleChange(words="one word"), "words", "must be a list"),  # type: ignore[arg-type]
    ],
)
def test_each_invalid_setting_is_refused_naming_the_rule_and_the_field(
    change: RuleChange, field: str, problem: str
) -> None:
    policy = load_default_policy()
    with pytest.raises(PolicyError) as err:
        policy.with_changes({"hate": change})
    assert str(err.value) == f"rule 'hate': {field}: {problem}"
    assert (err.value.rule, err.value.field) == ("hate", field)


def test_an_unknown_rule_or_bad_publisher_setting_is_refused() -> None:
    policy = load_default_policy()
    with pytest.raises(PolicyError, match=r"^rule 'gossip': is not a rule") as err:
        policy.with_changes({"gossip": RuleChange(threshold=0.5)})
    assert (err.value.rule, err.value.field) == ("gossip", "id")
    with pytest.raises(PolicyError, match=r"^publisher: names: must be text$") as err:
        policy.with_changes(publisher=PublisherChange(names=("ok", None)))  # type: ignore[arg-type]
    assert (err.value.rule, err.value.field) == ("", "names")
    with pytest.raises(PolicyError, match=r"^version: must be text$"):
        policy.with_changes(version=" ")


def test_the_default_and_a_changed_policy_read_back_equal_from_their_dump() -> None:
    policy = load_default_policy()
    assert parse_policy(policy.dump()) == policy
    changed = policy.with_changes(
        {
            "hate": RuleChange(threshold=0.55, review_threshold=0.3, words=("yes", "1", "ёж")),
            "formatting": RuleChange(enabled=False, action="reject"),
        },
        publisher=PublisherChange(
            names=("Daily Bugle", "J. Jonah Jameson"),
            blocked_domains=("spam.example",),
            word_lists={"profanity": ("null", "true")},
        ),
        version="2026.11",  # looks like a number: must stay text
    )
    assert parse_policy(changed.dump()) == changed
    assert changed != policy
