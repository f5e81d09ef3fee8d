"""Labels from people's decisions, for retraining the engine (issue 14, "Learning from
moderators").

A comment is labelled by the latest decision a person made about it: a moderator's approval
(acceptable) or rejection (the rule cited), an appeal granted (acceptable; the overturned rule
is kept beside) or refused (the rule stands), a reader's report upheld by a moderator's
rejection or removal. The engine's own decisions are not labels: learning from them would only
teach the engine what it already does. A moderator's removal without a report or rule leaves
the comment out (we know it was wrong, not why), and so does the author's own withdrawal
(a comment they deleted, or all of theirs while their account's deletion can be undone).

:func:`decided_comments`, :func:`articles_of` and :func:`registered_names` read, in a fixed
number of queries; :func:`to_records` is pure and writes the policy-dev shape with personal
data removed: authors and comment ids pseudonymised with a salt drawn per export, e-mail
addresses, phone numbers, ID numbers and street addresses masked (the engine's privacy
detector finds them), user names in links and @-mentions masked, and the names of registered
users replaced by ``[name]``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from wagtail.models import Page

from decorum.community.models import Comment, CommentReport, CommentStatus
from decorum.enforcement import engine_adapter
from decorum.enforcement.models import (
    Appeal,
    AppealStatus,
    AppealSubject,
    Decision,
    DecisionAction,
    DecisionSource,
    StatusChange,
)
from decorum.enforcement.screening import article_text  # the engine's view of an article

# How the label was decided (the record's "decision" field).
APPROVED = "approved"
REJECTED = "rejected"
APPEAL_GRANTED = "appeal_granted"
APPEAL_DENIED = "appeal_denied"
REPORT_UPHELD = "report_upheld"


@dataclass(frozen=True, slots=True)
class DecidedComment:
    """One comment and the latest decision a person made about it. ``labels`` is empty for
    an acceptable comment; ``overturned`` holds the rule a granted appeal reversed."""

    comment_id: int
    article_id: int
    author_id: int
    parent_id: int | None
    created_at: datetime
    text: str
    labels: tuple[str, ...]
    decision: str
    decided_at: datetime
    overturned: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """An article as the engine is told about it (the same title and text as screening)."""

    article_id: int
    edition: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class Names:
    """Registered users' names, folded to lower case and split into words. ``full`` holds
    user names, display names and first-plus-last names (matched whatever their case);
    ``parts`` the single words of multi-word names, matched only when written as a name
    (capitalised), so the user "Rita Reader" does not take the word "reader" out of prose."""

    full: frozenset[tuple[str, ...]] = frozenset()
    parts: frozenset[str] = frozenset()

    @property
    def longest(self) -> int:
        return max((len(n) for n in self.full), default=1)


# -- reads ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Event:
    at: datetime
    order: int  # breaks ties between events stamped in the same instant
    decision: str
    labels: tuple[str, ...] | None  # None: a person decided, but not on which rule
    text: str | None  # the text decided on, when it is recorded apart from the comment
    overturned: tuple[str, ...] = ()


def _rule_of(row: Mapping[str, Any]) -> str:
    rules = row["rules"] or []
    return str(row["cited_rule"] or (rules[0] if rules else ""))


def _removed_by_other(start: datetime | None, end: datetime) -> QuerySet[StatusChange]:
    """A person other than the author took the comment down (a moderator's removal)."""
    changes = StatusChange.objects.filter(
        to_status=CommentStatus.REMOVED, actor__isnull=False, created_at__lt=end
    ).exclude(actor_id=F("comment__author_id"))
    return changes if start is None else changes.filter(created_at__gte=start)


def _candidates(start: datetime, end: datetime) -> QuerySet[Comment]:
    """Comments a person decided about in [start, end)."""
    by_moderator = Decision.objects.filter(
        source=DecisionSource.MODERATOR, created_at__gte=start, created_at__lt=end
    ).values("comment_id")
    by_appeal = Appeal.objects.filter(
        subject=AppealSubject.COMMENT,
        comment__isnull=False,
        status__in=[AppealStatus.GRANTED, AppealStatus.DENIED],
        decided_at__gte=start,
        decided_at__lt=end,
    ).values("comment_id")
    by_removal = _removed_by_other(start, end).values("comment_id")
    return Comment.objects.filter(
        Q(pk__in=by_moderator) | Q(pk__in=by_appeal) | Q(pk__in=by_removal)
    )


def decided_comments(start: datetime, end: datetime) -> list[DecidedComment]:
    """Every comment a person decided about in [start, end), labelled by the latest such
    decision made before ``end``, oldest comment first. Five queries, however many comments."""
    candidates = _candidates(start, end).values("pk")
    events: dict[int, list[_Event]] = {}
    rejections: dict[int, list[tuple[datetime, str, str]]] = {}
    reports: dict[int, list[tuple[datetime, str]]] = {}

    decisions = (
        Decision.objects.filter(comment_id__in=candidates, created_at__lt=end)
        .annotate(at=F("created_at"))
        .filter(Q(source=DecisionSource.MODERATOR) | Q(action=DecisionAction.REJECT))
        .order_by("created_at", "pk")
        .values("comment_id", "source", "action", "cited_rule", "rules", "text_checked", "at")
    )
    for row in decisions:
        rule = _rule_of(row)
        if row["action"] == DecisionAction.REJECT and rule:
            rejections.setdefault(row["comment_id"], []).append(
                (row["at"], rule, row["text_checked"])
            )
        if row["source"] != DecisionSource.MODERATOR or row["action"] == DecisionAction.QUEUE:
            continue
        if row["action"] == DecisionAction.ALLOW:
            labels: tuple[str, ...] | None = ()
            decision = APPROVED
        else:
            labels = (rule,) if rule else None
            decision = REJECTED
        events.setdefault(row["comment_id"], []).append(
            _Event(row["at"], 0, decision, labels, row["text_checked"] or None)
        )

    for reported_id, reported_at, reported_rule in CommentReport.objects.filter(
        comment_id__in=candidates, created_at__lt=end
    ).values_list("comment_id", "created_at", "rule"):
        reports.setdefault(reported_id, []).append((reported_at, reported_rule))

    for comment_id, at in (
        _removed_by_other(None, end)
        .filter(comment_id__in=candidates)
        .values_list("comment_id", "created_at")
    ):
        reported = Counter(rule for when, rule in reports.get(comment_id, []) if when <= at)
        top = max(reported.values(), default=0)
        # The rule most readers reported; a tie keeps every tied rule.
        upheld = tuple(sorted(rule for rule, n in reported.items() if n == top)) if top else None
        events.setdefault(comment_id, []).append(_Event(at, 1, REPORT_UPHELD, upheld, None))

    for appealed_id, status, decided_at in Appeal.objects.filter(
        comment_id__in=candidates,
        subject=AppealSubject.COMMENT,
        status__in=[AppealStatus.GRANTED, AppealStatus.DENIED],
        decided_at__lt=end,
    ).values_list("comment_id", "status", "decided_at"):
        if appealed_id is None or decided_at is None:
            continue  # excluded by the query; the types do not know
        comment_id, at = appealed_id, decided_at
        before = [r for r in rejections.get(comment_id, []) if r[0] <= at]
        rule, text = (before[-1][1], before[-1][2] or None) if before else ("", None)
        if status == AppealStatus.GRANTED:
            event = _Event(at, 2, APPEAL_GRANTED, (), None, (rule,) if rule else ())
        else:
            event = _Event(at, 2, APPEAL_DENIED, (rule,) if rule else None, text)
        events.setdefault(comment_id, []).append(event)

    out: list[DecidedComment] = []
    # What an author withdrew (deleted it, or their account while it can still be restored)
    # is not ours to learn from.
    withdrawn = StatusChange.objects.filter(
        comment_id=OuterRef("pk"), to_status=CommentStatus.REMOVED, actor_id=OuterRef("author_id")
    )
    comments = (
        Comment.objects.filter(pk__in=candidates, author__comments_hidden=False)
        .exclude(Exists(withdrawn))
        .order_by("created_at", "pk")
    )
    for c in comments.values("pk", "article_id", "author_id", "parent_id", "created_at", "text"):
        found = events.get(c["pk"])
        if not found:
            continue
        latest = max(found, key=lambda e: (e.at, e.order))
        if latest.labels is None:
            continue
        was_reported = any(when <= latest.at for when, _rule in reports.get(c["pk"], []))
        decision = (
            REPORT_UPHELD if latest.decision == REJECTED and was_reported else (latest.decision)
        )
        out.append(
            DecidedComment(
                comment_id=c["pk"],
                article_id=c["article_id"],
                author_id=c["author_id"],
                parent_id=c["parent_id"],
                created_at=c["created_at"],
                text=latest.text if latest.text is not None else c["text"],
                labels=latest.labels,
                decision=decision,
                decided_at=latest.at,
                overturned=latest.overturned,
            )
        )
    return out


def articles_of(decided: Iterable[DecidedComment]) -> dict[int, ArticleFacts]:
    """The articles the comments sit under, with the title and text screening gives the
    engine. One query for the editions, one per page type."""
    ids = {d.article_id for d in decided}
    if not ids:
        return {}
    editions = dict(Page.objects.filter(pk__in=ids).values_list("pk", "locale__language_code"))
    return {
        page.pk: ArticleFacts(
            article_id=page.pk,
            edition=str(editions.get(page.pk) or "en").split("-")[0].lower(),
            title=str(page.title),
            body=article_text(page),
        )
        for page in Page.objects.filter(pk__in=ids).specific()
    }


_WORD = re.compile(r"\w+")


def _words(name: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORD.findall(name or ""))


def registered_names() -> Names:
    """Every registered user's names (one query, read in chunks). Accounts whose personal
    data was erased keep no names worth masking."""
    full: set[tuple[str, ...]] = set()
    parts: set[str] = set()
    users = get_user_model().objects.filter(erased_at__isnull=True)
    for username, display, first, last in users.values_list(
        "username", "display_name", "first_name", "last_name"
    ).iterator(chunk_size=2000):
        for name in (username, display, f"{first} {last}"):
            words = _words(name)
            if len(words) > 1:
                full.add(words)
                parts.update(w for w in words if len(w) >= 3 and not w.isdigit())
            elif words and len(words[0]) >= 3 and not words[0].isdigit():
                full.add(words)
    return Names(frozenset(full), frozenset(parts))


# -- pure: decided comments -> records ---------------------------------------------------------

_PLACEHOLDERS = {
    "e-mail address": "[email]",
    "phone number": "[phone]",
    "street address": "[address]",
    "home address": "[address]",
}
# The privacy detector's lead-in to quoted correspondence ("texted me:") is wording, not data.
_KEEP_KINDS = frozenset({"private correspondence"})

_URL = re.compile(
    r"(?i)(?<![\w@.-])(?:(?P<scheme>[a-z][a-z0-9+.-]{1,15}://)(?P<userinfo>[^\s/@]{1,64}@)?)?"
    r"(?P<host>(?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,24})(?::\d{1,5})?"
    r"(?P<rest>[/?#][^\s<>\"'«»]{0,500})?"
)
_MENTION = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,38}[A-Za-z0-9_])?")
# Sites where the path after the host names a person (a profile, a channel, a chat).
_SOCIAL = frozenset(
    {
        "facebook.com",
        "fb.com",
        "instagram.com",
        "twitter.com",
        "x.com",
        "t.me",
        "telegram.me",
        "vk.com",
        "ok.ru",
        "tiktok.com",
        "linkedin.com",
        "github.com",
        "reddit.com",
        "youtube.com",
        "medium.com",
        "pinterest.com",
        "threads.net",
        "snapchat.com",
        "twitch.tv",
        "bsky.app",
        "mastodon.social",
        "wa.me",
    }
)
# A path segment after one of these names a user: /user/jsmith, /profile/123.
_USER_SEGMENTS = frozenset(
    {"u", "user", "users", "profile", "profiles", "people", "member", "members", "author", "id"}
)
_USER_PARAMS = frozenset({"user", "username", "uid", "user_id", "userid", "profile", "login"})


def _url_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of user names inside links: the user part before ``@``, the whole path on a
    social network, ``/@name`` and ``/~name`` segments, ``/user/<name>`` and ``?user=``."""
    spans: list[tuple[int, int, str]] = []
    for m in _URL.finditer(text):
        if m.group("userinfo"):
            spans.append((m.start("userinfo"), m.end("userinfo") - 1, "[user]"))
        rest = m.group("rest")
        if not rest or rest in {"/", "?", "#"}:
            continue
        host = m.group("host").lower()
        host = re.sub(r"^(?:www|m|mobile)\.", "", host)
        start = m.start("rest")
        if host in _SOCIAL or any(host.endswith("." + s) for s in _SOCIAL):
            spans.append((start + 1, m.end("rest"), "[user]"))
            continue
        path, _, query = rest.partition("?")
        pos = start
        after_user_word = False
        for segment in path.split("/"):
            seg_end = pos + len(segment)
            if segment[:1] in {"@", "~"} and len(segment) > 1:
                spans.append((pos + 1, seg_end, "[user]"))
            elif after_user_word and segment:
                spans.append((pos, seg_end, "[user]"))
            after_user_word = segment.lower() in _USER_SEGMENTS
            pos = seg_end + 1
        pos = start + len(path) + 1
        for pair in query.split("#")[0].split("&") if query else ():
            key, eq, value = pair.partition("=")
            if eq and value and key.lower() in _USER_PARAMS:
                spans.append((pos + len(key) + 1, pos + len(pair), "[user]"))
            pos += len(pair) + 1
    return spans


def _name_spans(text: str, names: Names) -> list[tuple[int, int, str]]:
    """Spans of registered users' names: the longest name at each word wins."""
    if not names.full and not names.parts:
        return []
    words = list(_WORD.finditer(text))
    folded = [w.group().casefold() for w in words]
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        for n in range(min(names.longest, len(words) - i), 0, -1):
            if tuple(folded[i : i + n]) in names.full:
                spans.append((words[i].start(), words[i + n - 1].end(), "[name]"))
                i += n
                break
        else:
            if folded[i] in names.parts and words[i].group()[:1].isupper():
                spans.append((words[i].start(), words[i].end(), "[name]"))
            i += 1
    return spans


def mask_personal_data(text: str, names: Names) -> str:
    """``text`` with personal data replaced by placeholders ([email], [phone], [address],
    [id-number], [user], [name]). Where spans overlap, the one starting first (then the
    longer) wins."""
    spans = [
        (s.start, s.end, _PLACEHOLDERS.get(s.kind, "[id-number]"))
        for s in engine_adapter.personal_data_spans(text)
        if s.kind not in _KEEP_KINDS
    ]
    spans += _url_spans(text)
    spans += [(m.start() + 1, m.end(), "[user]") for m in _MENTION.finditer(text)]
    spans += _name_spans(text, names)
    out: list[str] = []
    pos = 0
    for start, end, placeholder in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos or end <= start:
            continue
        out.append(text[pos:start])
        out.append(placeholder)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def pseudonym(salt: bytes, kind: str, pk: int) -> str:
    """A stable stand-in for ``pk`` within one export: the same salt gives the same name, and
    without the salt (never written anywhere) the name cannot be traced back."""
    digest = hmac.new(salt, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()
    return f"{kind[0]}{digest[:12]}"


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_records(
    decided: Sequence[DecidedComment],
    articles: Mapping[int, ArticleFacts],
    *,
    names: Names,
    salt: bytes,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(comment records, article records)`` in the policy-dev shape, comments oldest first.
    A reply keeps its ``parent_id`` only when the parent is in the same export (policy-dev
    readers look the parent up among earlier lines). Comments under an article that no
    longer exists are left out.

    Precondition: ``salt`` is random and new for each export (``secrets.token_bytes``)."""
    kept = sorted(
        (d for d in decided if d.article_id in articles),
        key=lambda d: (d.created_at, d.comment_id),
    )
    exported = {d.comment_id for d in kept}
    comments: list[dict[str, Any]] = []
    for d in kept:
        record: dict[str, Any] = {
            "id": pseudonym(salt, "comment", d.comment_id),
            "article_id": f"a{d.article_id}",
            "author": pseudonym(salt, "user", d.author_id),
            "created_at": _utc(d.created_at),
            "parent_id": (
                pseudonym(salt, "comment", d.parent_id) if d.parent_id in exported else None
            ),
            "text": mask_personal_data(d.text, names),
            "labels": list(d.labels),
            "decision": d.decision,
        }
        if d.overturned:
            record["overturned"] = list(d.overturned)
        comments.append(record)
    used = sorted({d.article_id for d in kept})
    article_records = [
        {
            "id": f"a{pk}",
            "edition": articles[pk].edition,
            "title": articles[pk].title,
            "body": articles[pk].body,
        }
        for pk in used
    ]
    return comments, article_records
