"""Statements of reasons for readers, written when they are shown, in the reader's language.

A decision stores what was decided as data: the cited rule, the fired rules with a reason
code, parameters and evidence in the checked text, the rules left for a moderator. This
module turns that into sentences with gettext: the rule's title from the standards in the
active language, one plain explanation per reason code, and the reader's own words the
evidence quotes. Scores, detector names and the engine's English never reach a reader (the
moderators' workspace shows those). Rows stored before reason codes existed are explained
per rule, so they read the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from decorum.community.standards import current_standards
from decorum.enforcement.models import Decision, DecisionAction, DecisionSource

MAX_QUOTES = 3
MAX_QUOTE_CHARS = 60

# One plain explanation per reason code the engine gives; the parameters named here are the
# only ones a reader sees (counts, never scores).
REASONS: Mapping[str, Promise] = {
    "wording": gettext_lazy("The wording of the comment breaks this rule."),
    "phrases": gettext_lazy("The comment uses words that break this rule."),
    "obscene_words": gettext_lazy("The comment uses obscene language."),
    "personal_data": gettext_lazy("The comment publishes someone's personal data."),
    "child_identified": gettext_lazy(
        "The comment identifies a child together with personal details."
    ),
    "far_from_article": gettext_lazy("The comment is not about the subject of the article."),
    "capitals": gettext_lazy("Most of the comment is written in capital letters."),
    "run_on": gettext_lazy(
        "Too many words follow each other without a sentence break (%(words)s)."
    ),
    "fragments": gettext_lazy(
        "The same account posted many short fragments here in a short time "
        "(%(count)s within %(minutes)s minutes)."
    ),
    "few_fragments": gettext_lazy("The same account posted several short fragments here."),
    "same_comment": gettext_lazy(
        "Several accounts posted nearly the same comment here in a short time "
        "(%(accounts)s within %(minutes)s minutes)."
    ),
    "dangerous_link": gettext_lazy(
        "The comment links to malicious software or to a page that steals personal data."
    ),
    "foreign_script": gettext_lazy("The comment is written in a script this edition does not use."),
    "other_language": gettext_lazy("The comment is not written in the language of this edition."),
}
UNEXPLAINED = gettext_lazy("The comment breaks this rule.")
# Codes whose evidence is not quoted back: personal data, whole shouted or run-on passages,
# links (the rule says enough).
UNQUOTED = frozenset({"personal_data", "capitals", "run_on", "dangerous_link"})


@dataclass(frozen=True, slots=True)
class StatementLine:
    title: str
    explanation: str
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReaderStatement:
    """What a reader is told about a decision: a lead sentence, one line per reason, and for
    a moderator's decision the moderator's own note."""

    automatic: bool
    lead: str
    lines: tuple[StatementLine, ...]
    note: str = ""

    def __bool__(self) -> bool:
        return bool(self.lines or self.note)

    def as_text(self) -> str:
        parts = [self.lead] if self.lead else []
        for line in self.lines:
            text = f"{line.title}: {line.explanation}"
            if line.quotes:
                text += " " + _("Words in question: %(words)s.") % {"words": ", ".join(line.quotes)}
            parts.append(text)
        if self.note:
            parts.append(self.note)
        return "\n".join(parts)


def _language() -> str:
    return (get_language() or "en").split("-")[0].lower()


def _title(rule_id: str, language: str) -> str:
    rule = current_standards(language).rule(rule_id)
    return rule.title if rule is not None else _("A rule that has since been retired")


def _explanation(code: str, params: Mapping[str, Any]) -> str:
    template = REASONS.get(code)
    if template is None:
        return str(UNEXPLAINED)
    try:
        return str(template) % dict(params)
    except (KeyError, TypeError, ValueError):
        return str(UNEXPLAINED)


def _quotes(finding: Mapping[str, Any], checked: str) -> tuple[str, ...]:
    """The reader's own words the evidence points at, as they wrote them."""
    if str(finding.get("code", "")) in UNQUOTED:
        return ()
    out: list[str] = []
    for ev in finding.get("evidence", []) or []:
        if not isinstance(ev, Mapping) or ev.get("kind") not in ("span", "pattern"):
            continue
        text = ev.get("text")
        start, end = ev.get("start"), ev.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(checked):
            text = checked[start:end]
        if not isinstance(text, str) or not text.strip():
            continue
        text = " ".join(text.split())
        if len(text) > MAX_QUOTE_CHARS:
            text = text[: MAX_QUOTE_CHARS - 1].rstrip() + "…"
        quoted = _("“%(text)s”") % {"text": text}
        if quoted not in out:
            out.append(quoted)
        if len(out) == MAX_QUOTES:
            break
    return tuple(out)


def _findings_in_order(decision: Decision) -> list[Mapping[str, Any]]:
    findings = [f for f in decision.findings or [] if isinstance(f, Mapping) and f.get("id")]
    cited = decision.cited_rule or (decision.rules[0] if decision.rules else "")
    findings.sort(key=lambda f: 0 if f.get("id") == cited else 1)  # stable: cited rule first
    return findings


def reader_statement(decision: Decision | None, language: str = "") -> ReaderStatement:
    """The statement of reasons for the comment's author; rule titles in ``language`` (the
    active language when empty). Gettext follows the active language, so a caller showing
    another language activates it first."""
    if decision is None:
        return ReaderStatement(automatic=True, lead="", lines=())
    language = language or _language()
    if decision.source == DecisionSource.MODERATOR:
        return ReaderStatement(automatic=False, lead="", lines=(), note=decision.note)
    lines: list[StatementLine] = []
    for finding in _findings_in_order(decision):
        code = str(finding.get("code", ""))
        params = finding.get("params")
        lines.append(
            StatementLine(
                title=_title(str(finding["id"]), language),
                explanation=_explanation(code, params if isinstance(params, Mapping) else {}),
                quotes=_quotes(finding, decision.text_checked),
            )
        )
    if decision.action != DecisionAction.QUEUE:  # a rejection's reasons are its findings
        return ReaderStatement(automatic=True, lead=_lead(decision.action), lines=tuple(lines))
    fired = {str(f.get("id")) for f in decision.findings or [] if isinstance(f, Mapping)}
    for rule_id in _review_rules(decision, fired):
        lines.append(
            StatementLine(
                title=_title(rule_id, language), explanation=_("A moderator will take a look.")
            )
        )
    if decision.source == DecisionSource.SYSTEM or decision.failures:
        lines.append(
            StatementLine(
                title=_("Automatic check"),
                explanation=_("The check could not finish, so a moderator will decide."),
            )
        )
    return ReaderStatement(automatic=True, lead=_lead(decision.action), lines=tuple(lines))


def _review_rules(decision: Decision, fired: set[str]) -> Sequence[str]:
    rules = decision.review_rules if isinstance(decision.review_rules, list) else []
    return [str(r) for r in rules if str(r) not in fired]


def _lead(action: str) -> str:
    if action == DecisionAction.REJECT:
        return _("The comment was not published because it breaks the community standards:")
    if action == DecisionAction.QUEUE:
        return _("The comment is waiting for a moderator.")
    return ""


def finding_explanation(finding: Any) -> str:
    """A reader's explanation of one finding of a draft (the nudge): no title, no scores."""
    return _explanation(str(getattr(finding, "code", "")), getattr(finding, "params", {}) or {})
