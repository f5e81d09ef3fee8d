"""DSA statements of reasons (``dsa_statements``): every restriction as a Transparency
Database record.

A restriction is a rejected comment (by the engine or a moderator), a comment a moderator
removed, a block from an article or the site (with or without notice) and an account a
moderator deleted. Each maps to one statement with the Transparency Database's fields
(``data/dsa_statement.schema.json``, written for Decorum from the documented field list).

The statements hold no personal data: no names, e-mail addresses, user ids or comment texts,
and none of the moderators' free-text notes or reasons (which may quote the comment). The facts
are generated from the kind of restriction and the rule of the community standards it cites;
the platform's unique id (``puid``) names the record kind and its database id.

The ground is "incompatible with the terms and conditions", citing the rule, unless a
moderator recorded that the content is illegal (``mark_illegal``), citing the law.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from decorum.accounts.models import AccountDeletion
from decorum.community.access import access_moderation
from decorum.community.models import CommentReport, CommentStatus
from decorum.community.standards import current_standards
from decorum.core.errors import ErrorCode, ValidationFailed
from decorum.enforcement import audit
from decorum.enforcement.models import (
    AuditEntry,
    Block,
    BlockScope,
    Decision,
    DecisionSource,
    StatusChange,
)

SCHEMA_PATH = Path(__file__).parent / "data" / "dsa_statement.schema.json"
ILLEGAL_ACTION = "statement.illegal_content"

EEA = (
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK"
).split()

# The Transparency Database category of each rule of the shipped policy; other rules (a
# publisher's own) fall under "scope of platform service".
CATEGORIES = {
    "hate": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "insults_threats": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "profanity": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "trolling": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "minors": "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    "extremism": "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
    "privacy": "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    "violence": "STATEMENT_CATEGORY_VIOLENCE",
    "suicide": "STATEMENT_CATEGORY_SELF_HARM",
    "drugs": "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS",
    "malware": "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    "flash_mob": "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
}
DEFAULT_CATEGORY = "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"

CSV_LISTS = ("decision_visibility", "territorial_scope", "content_type", "category_addition")


@dataclass(frozen=True)
class Period:
    since: date
    until: date  # included

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.since, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.until + timedelta(days=1), time.min))


# -- the moderator's legal assessment ---------------------------------------------------------


def mark_illegal(
    *, moderator: Any, target: StatusChange | Block | AccountDeletion, law: str, explanation: str
) -> AuditEntry:
    """Record that the content behind a restriction is illegal, citing ``law`` (e.g. a
    statute and article). The statement then gives the illegal-content ground instead of the
    terms and conditions. Kept in the audit log, which is append-only: a later entry wins."""
    access_moderation(moderator)
    law, explanation = (law or "").strip(), (explanation or "").strip()
    if not law or not explanation:
        raise ValidationFailed(
            _("Cite the law and explain why the content is illegal under it."),
            code=ErrorCode.LEGAL_GROUND_REQUIRED,
        )
    return audit.record(
        action=ILLEGAL_ACTION,
        actor=moderator,
        target=target,
        details={"law": law[:500], "explanation": explanation[:2000]},
    )


def _legal_grounds(model: type[Any], ids: list[int]) -> dict[int, dict[str, Any]]:
    entries = AuditEntry.objects.filter(
        action=ILLEGAL_ACTION,
        target_type=model._meta.label_lower,
        target_id__in=[str(i) for i in ids],
    ).order_by("created_at", "pk")
    return {int(e.target_id): e.details for e in entries}


# -- building statements ----------------------------------------------------------------------


def _base_url() -> str:
    return str(getattr(settings, "WAGTAILADMIN_BASE_URL", "http://localhost")).rstrip("/")


def territorial_scope() -> list[str]:
    """Where the restriction applies: comments are visible everywhere, so every EEA state
    unless ``DECORUM_ENFORCEMENT_DSA_TERRITORIAL_SCOPE`` (country codes) says otherwise."""
    scope = getattr(settings, "DECORUM_ENFORCEMENT_DSA_TERRITORIAL_SCOPE", None)
    return list(scope) if scope else list(EEA)


def _ground(rule: str, legal: dict[str, Any] | None) -> dict[str, Any]:
    standards = current_standards("en")
    found = standards.rule(rule) if rule else None
    url = f"{_base_url()}{reverse('community:standards')}"
    if found is not None:
        url += f"#{rule}"
    if legal:
        return {
            "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
            "decision_ground_reference_url": url,
            "illegal_content_legal_ground": str(legal["law"]),
            "illegal_content_explanation": str(legal["explanation"]),
        }
    if found is not None:
        ground = f"Community standards, rule {rule}: {found.title}"
        explanation = found.text
    else:
        ground = "Community standards"
        explanation = "The account's conduct broke the community standards accepted at sign-up."
    return {
        "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "decision_ground_reference_url": url,
        "incompatible_content_ground": ground[:500],
        "incompatible_content_explanation": explanation[:2000],
    }


def _statement(
    *,
    puid: str,
    rule: str,
    legal: dict[str, Any] | None,
    restriction: dict[str, Any],
    content_type: str,
    content_date: datetime,
    applied_at: datetime,
    facts: str,
    noticed: bool,
    detected: bool,
    automated: bool,
    language: str = "",
) -> dict[str, Any]:
    statement: dict[str, Any] = {
        **restriction,
        **_ground(rule, legal),
        "category": CATEGORIES.get(rule, DEFAULT_CATEGORY),
        "territorial_scope": territorial_scope(),
        "content_type": [content_type],
        "content_date": timezone.localdate(content_date).isoformat(),
        "application_date": timezone.localdate(applied_at).isoformat(),
        "decision_facts": facts,
        "source_type": "SOURCE_ARTICLE_16" if noticed else "SOURCE_VOLUNTARY",
        "automated_detection": "Yes" if detected or automated else "No",
        "automated_decision": (
            "AUTOMATED_DECISION_FULLY" if automated else "AUTOMATED_DECISION_NOT_AUTOMATED"
        ),
        "puid": puid,
    }
    if content_type == "CONTENT_TYPE_OTHER":
        statement["content_type_other"] = "user account"
    if language:
        statement["content_language"] = language[:2].upper()
    return statement


def comment_restrictions(start: datetime, end: datetime) -> QuerySet[StatusChange]:
    """Status changes in [start, end) that restrict a comment: every rejection, and a
    moderator's removal of someone else's comment. The statements of reasons and the
    transparency report count exactly these."""
    return StatusChange.objects.filter(
        Q(to_status=CommentStatus.REJECTED)
        | (
            Q(to_status=CommentStatus.REMOVED, actor__isnull=False)
            & ~Q(actor_id=F("comment__author_id"))
        ),
        created_at__gte=start,
        created_at__lt=end,
    ).exclude(from_status=F("to_status"))


def reported_before() -> Exists:
    """Whether the restricted comment had been reported by a reader by then (a notice)."""
    return Exists(
        CommentReport.objects.filter(
            comment_id=OuterRef("comment_id"), created_at__lte=OuterRef("created_at")
        )
    )


def _comment_restrictions(period: Period) -> Iterator[dict[str, Any]]:
    changes = (
        comment_restrictions(period.start, period.end)
        .annotate(
            reported=reported_before(),
            flagged=Exists(
                Decision.objects.filter(
                    comment_id=OuterRef("comment_id"),
                    created_at__lte=OuterRef("created_at"),
                    source=DecisionSource.ENGINE,
                ).exclude(rules=[])
            ),
        )
        .values(
            "pk",
            "to_status",
            "rule",
            "by_system",
            "created_at",
            "reported",
            "flagged",
            "comment__created_at",
            "comment__article__locale__language_code",
        )
        .order_by("created_at", "pk")
    )
    rows = list(changes)
    legal = _legal_grounds(StatusChange, [r["pk"] for r in rows])
    for r in rows:
        rejected = r["to_status"] == CommentStatus.REJECTED
        automated = bool(r["by_system"])
        rule = r["rule"] or ""
        if rejected:
            who = "automatically by the moderation engine" if automated else "by a moderator"
            facts = f"A comment was rejected {who} and is not shown to other readers"
            visibility = "DECISION_VISIBILITY_CONTENT_DISABLED"
            kind = "rejection"
        else:
            facts = "A comment was removed by a moderator"
            visibility = "DECISION_VISIBILITY_CONTENT_REMOVED"
            kind = "removal"
        facts += f" under the rule {rule} of the community standards." if rule else "."
        yield _statement(
            puid=f"decorum:{kind}:{r['pk']}",
            rule=rule,
            legal=legal.get(r["pk"]),
            restriction={"decision_visibility": [visibility]},
            content_type="CONTENT_TYPE_TEXT",
            content_date=r["comment__created_at"],
            applied_at=r["created_at"],
            facts=facts,
            noticed=bool(r["reported"]),
            detected=bool(r["flagged"]),
            automated=automated,
            language=r["comment__article__locale__language_code"] or "",
        )


def _block_restrictions(period: Period) -> Iterator[dict[str, Any]]:
    blocks = list(
        Block.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
        .values("pk", "scope", "rule", "moderator_id", "without_notice", "final", "created_at")
        .order_by("created_at", "pk")
    )
    legal = _legal_grounds(Block, [b["pk"] for b in blocks])
    for b in blocks:
        automated = b["moderator_id"] is None
        where = "anywhere on the site" if b["scope"] == BlockScope.SITE else "under one article"
        facts = f"The account may no longer comment {where}; it can still read the site. "
        facts += (
            "The sanction ladder of the community policy blocked it automatically after repeated "
            "rejected comments."
            if automated
            else "A moderator blocked it."
        )
        if b["final"]:
            facts += " This second block from the site is final."
        if b["without_notice"]:
            facts += " The account holder was not notified by e-mail."
        yield _statement(
            puid=f"decorum:block:{b['pk']}",
            rule=b["rule"] or "",
            legal=legal.get(b["pk"]),
            restriction={
                "decision_provision": (
                    "DECISION_PROVISION_PARTIAL_TERMINATION"
                    if b["final"]
                    else "DECISION_PROVISION_PARTIAL_SUSPENSION"
                ),
                "account_type": "ACCOUNT_TYPE_PRIVATE",
                "end_date_service_restriction": None,
            },
            content_type="CONTENT_TYPE_OTHER",
            content_date=b["created_at"],
            applied_at=b["created_at"],
            facts=facts,
            noticed=False,
            detected=automated,
            automated=automated,
        )


def _account_restrictions(period: Period) -> Iterator[dict[str, Any]]:
    deletions = list(
        AccountDeletion.objects.filter(
            requested_by__isnull=False,
            requested_at__gte=period.start,
            requested_at__lt=period.end,
        )
        .values("pk", "requested_at", "restore_link_sent")
        .order_by("requested_at", "pk")
    )
    legal = _legal_grounds(AccountDeletion, [d["pk"] for d in deletions])
    for d in deletions:
        facts = "A moderator deleted the account; its comments are hidden"
        facts += (
            " and it can be restored within 30 days."
            if d["restore_link_sent"]
            else "; its personal data is erased after 30 days."
        )
        yield _statement(
            puid=f"decorum:account-deletion:{d['pk']}",
            rule="",
            legal=legal.get(d["pk"]),
            restriction={
                "decision_account": "DECISION_ACCOUNT_TERMINATED",
                "account_type": "ACCOUNT_TYPE_PRIVATE",
                "end_date_account_restriction": None,
            },
            content_type="CONTENT_TYPE_OTHER",
            content_date=d["requested_at"],
            applied_at=d["requested_at"],
            facts=facts,
            noticed=False,
            detected=False,
            automated=False,
        )


def statements(period: Period) -> list[dict[str, Any]]:
    """Every restriction applied within ``period``, as statements of reasons."""
    found = [
        *_comment_restrictions(period),
        *_block_restrictions(period),
        *_account_restrictions(period),
    ]
    return sorted(found, key=lambda s: (s["application_date"], s["puid"]))


# -- validation and output -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def validate(document: dict[str, Any]) -> list[str]:
    """The schema errors of a batch document ``{"statements": [...]}`` (empty when valid)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(document)'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def to_tdb_json(found: list[dict[str, Any]]) -> str:
    return json.dumps({"statements": found}, ensure_ascii=False, indent=2) + "\n"


def to_csv(found: list[dict[str, Any]]) -> str:
    properties = schema()["$defs"]["statement"]["properties"]
    columns = [name for name in properties if any(name in s for s in found)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for statement in found:
        row = []
        for name in columns:
            value = statement.get(name)
            if value is None:
                row.append("")
            elif name in CSV_LISTS:
                row.append(",".join(value))
            else:
                row.append(str(value))
        writer.writerow(row)
    return out.getvalue()
