"""Reads for the audit log page: each stored entry as a line a moderator can read (who by
name, what in words, the rule by its title) instead of raw ids and JSON. The stored entries
stay as they are; only their presentation is built here, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from decorum.community.models import CommentStatus
from decorum.community.standards import current_standards
from decorum.enforcement.models import Appeal, AppealSubject, AuditEntry, BlockScope


@dataclass(frozen=True, slots=True)
class AuditRow:
    entry: AuditEntry
    who: str
    who_id: str
    action: str
    target: str
    target_url: str
    summary: str


def _action_labels() -> dict[str, str]:
    return {
        "comment.allow": _("Comment approved"),
        "comment.reject": _("Comment rejected"),
        "comment.engine_allow": _("Engine allowed a comment"),
        "comment.engine_queue": _("Engine queued a comment"),
        "comment.engine_reject": _("Engine rejected a comment"),
        "comment.engine_failed": _("Automatic check failed"),
        "user.blocked": _("User blocked"),
        "user.unblocked": _("Block lifted"),
        "appeal.submitted": _("Appeal sent"),
        "appeal.granted": _("Appeal granted"),
        "appeal.denied": _("Appeal denied"),
        "policy.saved": _("Policy saved"),
        "account.deleted": _("Account deleted"),
        "account.restored": _("Account restored"),
        "account.purged": _("Personal data erased"),
    }


class _Names:
    """Everything the summaries name, loaded once per page: users by public ID, article
    titles, the users behind account deletions and appeals, rule titles."""

    def __init__(self, entries: list[AuditEntry]) -> None:
        public_ids = {str(e.details.get("user", "")) for e in entries if e.details.get("user")}
        articles = {
            int(e.details["article"])
            for e in entries
            if str(e.details.get("article") or "").isdigit()
        }
        deletions = _target_ids(entries, "accounts.accountdeletion")
        appeals = _target_ids(entries, "enforcement.appeal")
        user_model = get_user_model()
        users = user_model.objects.filter(public_id__in=public_ids)
        self.users = {u.public_id: u.shown_name for u in users}
        self.titles = dict(Page.objects.filter(pk__in=articles).values_list("pk", "title"))
        deleted = user_model.objects.filter(deletion__pk__in=deletions).select_related("deletion")
        self.deleted = {str(u.deletion.pk): u.shown_name for u in deleted}
        self.appellants = {
            str(a.pk): a.user.shown_name
            for a in Appeal.objects.filter(pk__in=appeals).select_related("user")
        }
        self.standards = current_standards((get_language() or "en").split("-")[0])

    def user(self, public_id: Any) -> str:
        return self.users.get(str(public_id), str(public_id or _("an unknown user")))

    def rule(self, rule_id: str) -> str:
        found = self.standards.rule(rule_id)
        return found.title if found is not None else rule_id


def _target_ids(entries: list[AuditEntry], target_type: str) -> set[int]:
    return {
        int(e.target_id) for e in entries if e.target_type == target_type and e.target_id.isdigit()
    }


def _actor(entry: AuditEntry) -> tuple[str, str]:
    if entry.actor is not None:
        return entry.actor.shown_name, entry.actor.public_id
    if entry.actor_label == "system":
        return _("Automatic"), ""
    if entry.actor_label == "erased account":
        return _("Deleted account"), ""
    return entry.actor_label, ""


def _target(entry: AuditEntry) -> tuple[str, str]:
    pk = entry.target_id
    if entry.target_type == "community.comment" and pk.isdigit():
        return _("comment #%(id)s") % {"id": pk}, reverse("community:permalink", args=[pk])
    if entry.target_type == "enforcement.appeal" and pk.isdigit():
        return _("appeal #%(id)s") % {"id": pk}, reverse("enforcement_appeals:detail", args=[pk])
    if entry.target_type == "enforcement.block":
        return _("block #%(id)s") % {"id": pk}, ""
    if entry.target_type == "enforcement.policyversion":
        return _("policy #%(id)s") % {"id": pk}, ""
    if entry.target_type == "accounts.accountdeletion":
        return _("account deletion #%(id)s") % {"id": pk}, ""
    return f"{entry.target_type}:{pk}" if entry.target_type else "", ""


def _status(value: Any) -> str:
    return str(CommentStatus(value).label) if value in CommentStatus.values else str(value)


def _summary(entry: AuditEntry, names: _Names) -> str:
    action, d = entry.action, entry.details
    if action == "comment.allow":
        return _("Published; it was “%(status)s” before.") % {
            "status": _status(d.get("from_status"))
        }
    if action == "comment.reject":
        return _("Breaks the rule “%(rule)s”.") % {"rule": names.rule(str(d.get("rule", "")))}
    if action.startswith("comment.engine_") and action != "comment.engine_failed":
        verdict = {
            "comment.engine_allow": _("Allowed under policy %(version)s."),
            "comment.engine_queue": _("Sent to a moderator under policy %(version)s."),
            "comment.engine_reject": _("Rejected under policy %(version)s."),
        }.get(action, _("Checked under policy %(version)s."))
        parts = [verdict % {"version": d.get("policy_version", "?")}]
        rules = [names.rule(str(r)) for r in d.get("rules", []) or []]
        if rules:
            parts.append(_("Rules: %(rules)s.") % {"rules": ", ".join(rules)})
        return " ".join(parts)
    if action == "comment.engine_failed":
        return _("The comment waits for a moderator.")
    if action == "user.blocked":
        return _block_summary(d, names)
    if action == "user.unblocked":
        scope = BlockScope(d["scope"]).label if d.get("scope") in BlockScope.values else "?"
        return _("%(user)s may comment again (%(scope)s).") % {
            "user": names.user(d.get("user")),
            "scope": scope,
        }
    if action == "appeal.submitted":
        if d.get("subject") == AppealSubject.COMMENT:
            return _("Against the decision on a comment.")
        return _("Against a block.")
    if action in ("appeal.granted", "appeal.denied"):
        who = names.appellants.get(entry.target_id, _("an unknown user"))
        text = _("Appeal of %(user)s.") % {"user": who}
        if d.get("original_decider_was_automatic"):
            text += " " + _("The original decision was automatic.")
        return text
    if action == "policy.saved":
        return _("Version %(version)s is in force.") % {"version": d.get("version", "?")}
    if action == "account.deleted":
        who = names.deleted.get(entry.target_id, _("Deleted account"))
        text = (
            _("A moderator deleted the account of %(user)s.")
            if d.get("by_moderator")
            else _("%(user)s deleted their own account.")
        ) % {"user": who}
        link = _("A restore link was sent.") if d.get("restore_link") else _("No restore link.")
        return f"{text} {link}"
    if action == "account.restored":
        return _("%(user)s restored their account.") % {
            "user": names.deleted.get(entry.target_id, _("Deleted account"))
        }
    if action == "account.purged":
        return _("The 30 days passed; names, e-mail and password are gone.")
    return "; ".join(f"{key}: {value}" for key, value in sorted(d.items()))


def _block_summary(d: dict[str, Any], names: _Names) -> str:
    user = names.user(d.get("user"))
    if d.get("scope") == BlockScope.SITE:
        parts = [_("%(user)s may no longer comment anywhere on the site.") % {"user": user}]
    else:
        title = (
            names.titles.get(int(d["article"])) if str(d.get("article") or "").isdigit() else None
        )
        parts = [
            _("%(user)s may no longer comment under “%(title)s”.")
            % {"user": user, "title": title or _("a deleted article")}
        ]
    if d.get("rule"):
        parts.append(_("Rule: %(rule)s.") % {"rule": names.rule(str(d["rule"]))})
    if d.get("final"):
        parts.append(_("The block is final."))
    if d.get("without_notice"):
        parts.append(_("Without notice."))
    if d.get("automatic"):
        parts.append(_("Applied by the sanction ladder."))
    return " ".join(parts)


def audit_rows(entries: list[AuditEntry]) -> list[AuditRow]:
    """One readable row per entry; ``entries`` should come with ``actor`` selected."""
    names = _Names(entries)
    labels = _action_labels()
    rows = []
    for entry in entries:
        who, who_id = _actor(entry)
        target, target_url = _target(entry)
        rows.append(
            AuditRow(
                entry=entry,
                who=who,
                who_id=who_id,
                action=labels.get(entry.action, entry.action),
                target=target,
                target_url=target_url,
                summary=_summary(entry, names),
            )
        )
    return rows
