"""The policy loader: the shipped policy is complete; mistakes are reported by line and field."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from decorum.moderation.policy import PolicyError, load_default_policy, parse_policy
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
        ('version: "2026.11-2"\n', "", "version"),
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
