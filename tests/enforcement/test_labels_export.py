"""``decorum export-labels``: what people decided, as policy-dev labels without personal data."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decorum.cli import main as decorum
from decorum.community.actions import delete_comment, post_comment, report_comment
from decorum.community.models import Comment, CommentStatus
from decorum.enforcement import labels
from decorum.enforcement.actions import approve_comment, reject_comment
from decorum.enforcement.appeals import decide_appeal, submit_appeal
from decorum.enforcement.models import (
    Appeal,
    Decision,
    DecisionAction,
    DecisionSource,
    StatusChange,
)
from decorum.moderation.cli import load_comments, read_articles
from tests.community.conftest import make_page
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

EXPLANATION = "I was quoting the article, not insulting anyone; please look again."


@pytest.fixture(autouse=True)
def _premoderation(settings: Any) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True


@pytest.fixture
def second_moderator(moderator: Any) -> Any:
    return make_user(get_user_model(), "mod2@example.org", is_staff=True, groups=("Moderators",))


def _writer(n: int, name: str) -> Any:
    return make_user(get_user_model(), f"writer{n}@example.com", display_name=name)


def _post(author: Any, text: str, page: Any, parent: Comment | None = None) -> Comment:
    return post_comment(author=author, article=page, text=text, parent=parent, screen=False)


def _appeal(author: Any, comment: Comment) -> Appeal:
    return submit_appeal(
        user=author,
        subject="comment",
        public_id=author.public_id,
        explanation=EXPLANATION,
        comment_id=comment.pk,
    )


def _decide_everything(
    reader: Any, second_reader: Any, moderator: Any, second_moderator: Any
) -> dict[str, Comment]:
    """One comment per kind of decision, through the actions moderators and readers use."""
    page = make_page("Harbour bridge reopens")
    appellant = _writer(1, "Greta Granted")
    refused = _writer(2, "Dora Denied")
    troll = _writer(3, "Tim Troll")
    made: dict[str, Comment] = {}

    made["approved"] = _post(
        reader,
        "Agreed. Write to rita.private@example.org or call +44 7700 900123; "
        "Sam Second and @second were at the meeting too.",
        page,
    )
    made["approved"] = approve_comment(comment=made["approved"], moderator=moderator)

    made["reply"] = _post(
        reader, "Details at https://facebook.com/rita.private.99 and on my blog", page,
        parent=made["approved"],
    )  # fmt: skip
    reject_comment(comment=made["reply"], moderator=moderator, rule="third_party_promotion")

    made["rejected_then_approved"] = _post(second_reader, "The bridge was late, damn it.", page)
    reject_comment(comment=made["rejected_then_approved"], moderator=moderator, rule="profanity")
    made["rejected_then_approved"] = approve_comment(
        comment=made["rejected_then_approved"], moderator=second_moderator
    )

    made["granted"] = _post(appellant, "The mayor is a clown, as the article says.", page)
    reject_comment(comment=made["granted"], moderator=moderator, rule="insults_threats")
    appeal = _appeal(appellant, made["granted"])
    decide_appeal(appeal=appeal, moderator=second_moderator, grant=True, reason="A quote.")

    made["denied"] = _post(refused, "Earn 500 a day from home, ask me how", page)
    reject_comment(comment=made["denied"], moderator=moderator, rule="spam")
    appeal = _appeal(refused, made["denied"])
    decide_appeal(appeal=appeal, moderator=second_moderator, grant=False, reason="It is spam.")

    made["report_upheld"] = _post(troll, "Nobody here can read, go back to school", page)
    made["report_upheld"] = approve_comment(comment=made["report_upheld"], moderator=moderator)
    report_comment(comment=made["report_upheld"], reporter=reader, rule="trolling")
    report_comment(comment=made["report_upheld"], reporter=second_reader, rule="trolling")
    delete_comment(comment=made["report_upheld"], actor=moderator)

    made["reported_rejected"] = _post(troll, "You lot are sheep.", page)
    made["reported_rejected"] = approve_comment(
        comment=made["reported_rejected"], moderator=moderator
    )
    report_comment(comment=made["reported_rejected"], reporter=reader, rule="trolling")
    reject_comment(
        comment=made["reported_rejected"], moderator=second_moderator, rule="insults_threats"
    )

    # Nothing a person decided on a rule, or withdrawn by its author: none of these is a label.
    made["pending"] = _post(second_reader, "Still waiting for a moderator.", page)
    made["automatic"] = _post(second_reader, "Rejected by the engine alone.", page)
    Decision.objects.create(
        comment=made["automatic"],
        source=DecisionSource.ENGINE,
        action=DecisionAction.REJECT,
        rules=["spam"],
        cited_rule="spam",
        text_checked=made["automatic"].text,
    )
    # As the engine's screening leaves it (rows only: the test needs no trained model).
    Comment.objects.filter(pk=made["automatic"].pk).update(status=CommentStatus.REJECTED)
    StatusChange.objects.create(
        comment=made["automatic"],
        from_status=CommentStatus.PENDING,
        to_status=CommentStatus.REJECTED,
        by_system=True,
        rule="spam",
    )
    made["own_deletion"] = _post(reader, "I take that back.", page)
    made["own_deletion"] = approve_comment(comment=made["own_deletion"], moderator=moderator)
    delete_comment(comment=made["own_deletion"], actor=reader)
    made["removed_unreported"] = _post(troll, "Removed with no report and no rule.", page)
    made["removed_unreported"] = approve_comment(
        comment=made["removed_unreported"], moderator=moderator
    )
    delete_comment(comment=made["removed_unreported"], actor=moderator)
    return made


def _export(tmp_path: Path, name: str, *args: str) -> tuple[list[dict[str, Any]], Path]:
    out = tmp_path / f"{name}.jsonl"
    today = timezone.localdate().isoformat()
    assert decorum(["export-labels", "--since", today, *args, "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines], out


def test_it_exports_what_people_decided_with_the_latest_decision_as_the_label(
    tmp_path: Path, reader: Any, second_reader: Any, moderator: Any, second_moderator: Any
) -> None:
    made = _decide_everything(reader, second_reader, moderator, second_moderator)
    records, out = _export(tmp_path, "labels")

    assert len(records) == 7
    found = {(r["decision"], tuple(r["labels"]), tuple(r.get("overturned", []))) for r in records}
    assert found == {
        ("approved", (), ()),  # the approved comment
        ("rejected", ("third_party_promotion",), ()),
        ("approved", (), ()),  # rejected, then approved: the latest decision wins
        ("appeal_granted", (), ("insults_threats",)),
        ("appeal_denied", ("spam",), ()),
        ("report_upheld", ("trolling",), ()),
        ("report_upheld", ("insults_threats",), ()),  # the moderator's rule, not the report's
    }
    assert len([r for r in records if r["decision"] == "approved"]) == 2
    texts = " ".join(r["text"] for r in records)
    for undecided in ("Still waiting", "engine alone", "take that back", "no report"):
        assert undecided not in texts

    # The file reads as policy-dev, with its articles beside it.
    articles_file = tmp_path / "labels.articles.jsonl"
    articles = read_articles(articles_file)
    assert [a.title for a in articles.values()] == ["Harbour bridge reopens"]
    assert next(iter(articles.values())).edition == "en"
    loaded, bad = load_comments(out, articles)
    assert bad == 0 and len(loaded) == 7
    assert [json.loads(line)["id"] for line in articles_file.read_text().splitlines()] == [
        records[0]["article_id"]
    ]
    # Records in the order comments were written; a reply points at its exported parent.
    reply = next(r for r in records if r["labels"] == ["third_party_promotion"])
    assert reply["parent_id"] == records[0]["id"]
    assert made["reply"].parent_id == made["approved"].pk


def test_personal_data_is_masked_and_authors_pseudonymised(
    tmp_path: Path, reader: Any, second_reader: Any, moderator: Any, second_moderator: Any
) -> None:
    made = _decide_everything(reader, second_reader, moderator, second_moderator)
    first, out = _export(tmp_path, "first")
    text = out.read_text(encoding="utf-8") + (tmp_path / "first.articles.jsonl").read_text()
    for needle in (
        "rita.private",
        "example.org",
        "7700",
        "900123",
        "Sam Second",
        "@second",
        "Second",
        reader.public_id,
        reader.username,
        "writer1",
    ):
        assert needle not in text, needle
    approved = first[0]
    assert approved["text"] == (
        "Agreed. Write to [email] or call [phone]; [name] and @[user] were at the meeting too."
    )
    assert first[1]["text"] == "Details at https://facebook.com/[user] and on my blog"

    # The same author has one pseudonym within an export ...
    by_reader = [r for r in first if r["text"].startswith(("Agreed", "Details"))]
    assert len({r["author"] for r in by_reader}) == 1
    assert len({r["author"] for r in first}) == 5  # reader, second reader, three writers
    assert all(re.fullmatch(r"c[0-9a-f]{12}", r["id"]) for r in first)
    assert all(re.fullmatch(r"u[0-9a-f]{12}", r["author"]) for r in first)
    assert made["approved"].author_id == made["reply"].author_id
    # ... and another in the next export, as does each comment.
    second, _ = _export(tmp_path, "second")
    assert [r["text"] for r in second] == [r["text"] for r in first]
    assert not {r["author"] for r in first} & {r["author"] for r in second}
    assert not {r["id"] for r in first} & {r["id"] for r in second}


def test_the_period_is_the_day_of_the_latest_decision(
    tmp_path: Path, reader: Any, moderator: Any
) -> None:
    page = make_page("Library hours extended")
    old = _post(reader, "Decided last week.", page)
    reject_comment(comment=old, moderator=moderator, rule="off_topic")
    week_ago = timezone.now() - timedelta(days=7)
    Decision.objects.filter(comment=old).update(created_at=week_ago)
    recent = _post(reader, "Decided today.", page)
    approve_comment(comment=recent, moderator=moderator)

    today_only, _ = _export(tmp_path, "today")
    assert [r["text"] for r in today_only] == ["Decided today."]
    day = timezone.localdate(week_ago).isoformat()
    out = tmp_path / "week.jsonl"
    call_command("export_labels", "--since", day, "--until", day, "-o", str(out))
    assert [json.loads(line)["labels"] for line in out.read_text().splitlines()] == [["off_topic"]]
    empty = tmp_path / "empty.jsonl"
    call_command(
        "export_labels", "--since", "2020-01-01", "--until", "2020-12-31", "-o", str(empty)
    )
    assert empty.read_text() == "" and (tmp_path / "empty.articles.jsonl").read_text() == ""


def test_the_selector_reads_in_a_fixed_number_of_queries(
    reader: Any, second_reader: Any, moderator: Any, second_moderator: Any
) -> None:
    _decide_everything(reader, second_reader, moderator, second_moderator)
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        decided = labels.decided_comments(now - timedelta(days=1), now + timedelta(days=1))
    assert len(decided) == 7 and len(queries) == 5


def test_bad_dates_and_unwritable_files_are_refused_with_a_message(
    tmp_path: Path, capsys: Any, db: Any
) -> None:
    with pytest.raises(CommandError, match="'yesterday' is not a date"):
        call_command("export_labels", "--since", "yesterday", "-o", str(tmp_path / "x.jsonl"))
    with pytest.raises(CommandError, match="must not come after"):
        call_command(
            "export_labels", "--since", "2026-02-01", "--until", "2026-01-01", "-o", "x.jsonl"
        )
    missing = tmp_path / "no-such-folder" / "labels.jsonl"
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_labels", "--since", "2026-01-01", "-o", str(missing))
    (tmp_path / "labels.jsonl").mkdir()  # a folder where the file should go
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_labels", "--since", "2026-01-01", "-o", str(tmp_path / "labels.jsonl"))
    with pytest.raises(SystemExit):
        decorum(["export-labels", "--since", "2026-13-01", "-o", str(tmp_path / "y.jsonl")])
    assert "'2026-13-01' is not a date" in capsys.readouterr().err


def test_articles_can_go_to_a_file_of_ones_choice(
    tmp_path: Path, reader: Any, moderator: Any
) -> None:
    comment = _post(reader, "Fine words.", make_page("Tram timetable"))
    approve_comment(comment=comment, moderator=moderator)
    records, _ = _export(tmp_path, "labels", "--articles", str(tmp_path / "arts.jsonl"))
    arts = [json.loads(line) for line in (tmp_path / "arts.jsonl").read_text().splitlines()]
    assert [a["id"] for a in arts] == [records[0]["article_id"]]
    assert set(arts[0]) == {"id", "edition", "title", "body"}


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("see https://bob:secret@example.com/x", "see https://[user]@example.com/x"),
        ("my page example.com/users/jsmith/posts", "my page example.com/users/[user]/posts"),
        ("on https://social.example/@jane_d ok", "on https://social.example/@[user] ok"),
        ("https://example.com/p?user=jdoe&page=2", "https://example.com/p?user=[user]&page=2"),
        ("read https://www.bbc.co.uk/news/world-123", "read https://www.bbc.co.uk/news/world-123"),
        ("Rita said the reader was right", "[name] said the reader was right"),
        ("ask Rita Reader or rita reader", "ask [name] or [name]"),
        ("ping ritar now", "ping [name] now"),
    ],
)
def test_links_with_user_names_and_users_names_are_masked(text: str, masked: str) -> None:
    names = labels.Names(
        full=frozenset({("rita", "reader"), ("ritar",)}), parts=frozenset({"rita", "reader"})
    )
    assert labels.mask_personal_data(text, names) == masked
