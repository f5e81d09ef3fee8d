"""The workspace's heavy sanctions over HTTP: a site block and an account deletion ask for a
confirmation first; the block e-mail reads well in both editions; the audit log reads as
sentences; each queue item carries one rule menu, folded away."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from decorum.community.actions import post_comment
from decorum.enforcement.models import AuditEntry, Block
from decorum.enforcement.sanctions import block_user, lift_block
from tests.community.conftest import make_page
from tests.conftest import login

pytestmark = pytest.mark.django_db

REASON = "Insults towards other readers in three threads."


@pytest.fixture(autouse=True)
def _plain_comments(settings: Any) -> None:
    settings.DECORUM_ENFORCEMENT_SCREENING = False
    settings.DECORUM_JOBS_EAGER = True  # notice e-mails are jobs: run them in this thread
    settings.DECORUM_COMMUNITY_RATE_PER_USER = 1000
    cache.clear()


class _FormFields(HTMLParser):
    """What a browser would submit from the form with class ``form_class`` (text inputs,
    hidden inputs, checked boxes, selected options, textareas)."""

    def __init__(self, form_class: str) -> None:
        super().__init__()
        self.form_class = form_class
        self.action = ""
        self.fields: dict[str, str] = {}
        self._inside = False
        self._select = ""
        self._textarea = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and self.form_class in a.get("class", "").split():
            self._inside, self.action = True, a.get("action", "")
        if not self._inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields[a["name"]] = a.get("value", "on" if a.get("type") == "checkbox" else "")
        elif tag == "select":
            self._select = a.get("name", "")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name", "")
            self.fields[self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = ""
        elif tag == "textarea":
            self._textarea = ""


def _form(html: str, form_class: str) -> _FormFields:
    parser = _FormFields(form_class)
    parser.feed(html)
    assert parser.action, f"no form .{form_class} on the page"
    return parser


def test_a_site_block_without_confirmation_blocks_nobody_and_asks_first(
    client: Client, reader: Any, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, moderator)
    url = f"/moderation/users/{reader.public_id}/block/"
    fields = {"scope": "site", "reason": REASON, "rule": "insults_threats", "next": "/moderation/"}
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url, fields)
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Block Rita Reader from the whole site?" in html
    assert not Block.objects.exists() and mail.outbox == []
    assert not AuditEntry.objects.filter(action="user.blocked").exists()

    form = _form(html, "confirm-block-form")  # the page keeps what the moderator typed
    assert form.fields["confirm"] == "yes" and form.fields["reason"] == REASON
    assert form.fields["rule"] == "insults_threats" and "without_notice" not in form.fields
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(form.action, form.fields)
    assert done.status_code == 302 and done["Location"] == "/moderation/"
    block = Block.objects.get(user=reader)
    assert (block.scope, block.rule, block.reason, block.final) == (
        "site",
        "insults_threats",
        REASON,
        False,
    )
    assert len(mail.outbox) == 1


def test_the_confirmation_warns_when_the_site_block_would_be_final(
    client: Client, reader: Any, moderator: Any
) -> None:
    first = block_user(user=reader, scope="site", moderator=moderator, reason="Insults.")
    lift_block(block=first, by=moderator, reason="Apologised.")
    login(client, moderator)
    asked = client.post(
        f"/moderation/users/{reader.public_id}/block/", {"scope": "site", "reason": REASON}
    )
    assert "this block will be final" in asked.content.decode()
    assert Block.objects.filter(lifted_at__isnull=True).count() == 0


def test_a_block_from_one_article_needs_no_confirmation(
    client: Client, reader: Any, moderator: Any
) -> None:
    page = make_page("Harbour bridge reopens")
    login(client, moderator)
    response = client.post(
        f"/moderation/users/{reader.public_id}/block/",
        {"scope": "article", "article": str(page.pk), "reason": REASON},
    )
    assert response.status_code == 302
    assert Block.objects.get(user=reader).scope == "article"


def test_deleting_an_account_without_confirmation_deletes_nothing_and_asks_first(
    client: Client, reader: Any, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, moderator)
    url = f"/moderation/users/{reader.public_id}/delete/"
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url, {"next": "/moderation/?queue=reported"})
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Delete the account of Rita Reader?" in html
    assert "without a link to restore the account" in html  # the policy's default
    reader.refresh_from_db()
    assert reader.is_active and mail.outbox == []
    assert not AuditEntry.objects.filter(action="account.deleted").exists()

    form = _form(html, "confirm-delete-form")
    assert form.fields == {
        "csrfmiddlewaretoken": form.fields["csrfmiddlewaretoken"],
        "next": "/moderation/?queue=reported",
        "confirm": "yes",
    }
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(form.action, form.fields)
    assert done.status_code == 302 and done["Location"] == "/moderation/?queue=reported"
    reader.refresh_from_db()
    assert not reader.is_active and len(mail.outbox) == 1


def test_the_confirmation_pages_refuse_readers_and_staff_accounts(
    client: Client, reader: Any, second_reader: Any, moderator: Any, admin_user: Any
) -> None:
    login(client, reader)
    assert client.post(f"/moderation/users/{second_reader.public_id}/delete/").status_code == 403
    assert (
        client.post(
            f"/moderation/users/{second_reader.public_id}/block/",
            {"scope": "site", "reason": REASON},
        ).status_code
        == 403
    )
    login(client, moderator)  # a moderator may not delete staff: refused before asking
    assert client.post(f"/moderation/users/{admin_user.public_id}/delete/").status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.is_active


@pytest.mark.parametrize(
    ("prefix", "site_text", "article_text"),
    [
        (
            "",
            "You can no longer comment anywhere on this site. You can still read it.",
            "You can no longer comment under the article “Harbour bridge reopens”. "
            "You can still comment elsewhere on the site.",
        ),
        (
            "/ru",
            "Вы больше не можете комментировать на этом сайте. Читать его вы по-прежнему можете.",
            "Вы больше не можете комментировать статью «Harbour bridge reopens». "
            "В остальных разделах сайта комментировать по-прежнему можно.",
        ),
    ],
)
def test_the_block_emails_say_plainly_where_the_user_may_no_longer_comment(
    client: Client,
    reader: Any,
    second_reader: Any,
    moderator: Any,
    django_capture_on_commit_callbacks: Any,
    prefix: str,
    site_text: str,
    article_text: str,
) -> None:
    page = make_page("Harbour bridge reopens")
    login(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{prefix}/moderation/users/{reader.public_id}/block/",
            {"scope": "site", "reason": REASON, "confirm": "yes"},
        )
        client.post(
            f"{prefix}/moderation/users/{second_reader.public_id}/block/",
            {"scope": "article", "article": str(page.pk), "reason": REASON},
        )
    assert [m.to for m in mail.outbox] == [[reader.email], [second_reader.email]]
    site, article = (m.body for m in mail.outbox)
    assert site.startswith(site_text) and article.startswith(article_text)
    for body in (site, article):
        assert "comment on the comments" not in body and REASON in body


def test_the_audit_log_names_people_and_rules_in_one_readable_line_each(
    client: Client, reader: Any, second_reader: Any, moderator: Any, settings: Any
) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    page = make_page("Harbour bridge reopens")
    comment = post_comment(author=reader, article=page, text="You are all idiots here.")
    login(client, moderator)
    client.post(f"/moderation/{comment.pk}/reject/", {"rule": "insults_threats"})
    client.post(
        f"/moderation/users/{second_reader.public_id}/block/",
        {"scope": "article", "article": str(page.pk), "reason": REASON, "rule": "spam"},
    )
    client.post(
        f"/moderation/users/{reader.public_id}/block/",
        {"scope": "site", "reason": REASON, "confirm": "yes", "without_notice": "on"},
    )
    html = client.get("/moderation/audit/").content.decode()
    rows = re.findall(r'<tr class="audit-entry".*?</tr>', html, flags=re.S)
    blocks = [row for row in rows if 'data-action="user.blocked"' in row]
    (rejected,) = [row for row in rows if 'data-action="comment.reject"' in row]

    assert "Mo Moderator" in rejected and moderator.public_id in rejected
    assert "Comment rejected" in rejected and "Breaks the rule “No insults or threats”." in rejected
    assert f'href="/comments/{comment.pk}/"' in rejected
    from_site, from_article = blocks  # newest first
    assert "Rita Reader may no longer comment anywhere on the site." in from_site
    assert "Without notice." in from_site and "Rule:" not in from_site
    assert "Sam Second may no longer comment under “Harbour bridge reopens”." in from_article
    assert "Rule: No spam." in from_article and "Without notice." not in from_article
    for python_text in ("{&#x27;", "&#x27;: ", "None", "True", "False"):
        assert python_text not in "".join(rows), python_text


def test_each_queue_item_has_one_rule_menu_folded_in_its_decision_menu(
    client: Client, reader: Any, moderator: Any, settings: Any
) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    page = make_page("Harbour bridge reopens")
    comments = [post_comment(author=reader, article=page, text=f"Note {i}") for i in range(3)]
    login(client, moderator)
    html = client.get("/moderation/").content.decode()
    items = re.findall(r'<article class="queue-item".*?</article>', html, flags=re.S)
    assert len(items) == len(comments)
    for item in items:
        assert item.count('<select name="rule"') == 1
        menu = item[item.index('<details class="decide-menu">') :]
        assert '<select name="rule"' in menu and "Block from the site" in menu
    # Without JS the folded form still rejects, with the menu's rule.
    form = _form(items[0], "reject-form")
    form.fields["rule"] = "spam"
    assert client.post(form.action, form.fields).status_code == 302
    assert AuditEntry.objects.filter(action="comment.reject").count() == 1
