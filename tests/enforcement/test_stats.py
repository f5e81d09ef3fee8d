"""The moderation statistics page: who may see it, what it counts, its CSV, its query count."""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from decorum.community.actions import delete_comment, post_comment, report_comment
from decorum.community.models import Comment, CommentStatus
from decorum.enforcement.actions import approve_comment, change_status, reject_comment
from decorum.enforcement.models import Decision, DecisionAction, DecisionSource
from decorum.enforcement.stats import CHARTS, quantile, wilson
from tests.community.conftest import make_page
from tests.conftest import login, make_user
from tests.factories import make_edition, translate_article

pytestmark = pytest.mark.django_db

URL = "/moderation/stats/"
_WRITERS = itertools.count()


@pytest.fixture(autouse=True)
def _premoderation(settings: Any) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True


def _engine(comment: Comment, action: str, rule: str = "", language: str = "en") -> Decision:
    """An automatic decision as the screening job stores it (the engine itself is not run)."""
    return Decision.objects.create(
        comment=comment,
        source=DecisionSource.ENGINE,
        action=action,
        rules=[rule] if rule else [],
        cited_rule=rule,
        language=language,
    )


def _post(author: Any, article: Any, text: str) -> Comment:
    """Each comment by its own author, so the sanction ladder blocks nobody."""
    del author
    fresh = make_user(get_user_model(), f"writer-{next(_WRITERS)}@example.com")
    return post_comment(author=fresh, article=article, text=text, enforce_rate_limit=False)


def _engine_rejects(comment: Comment, rule: str) -> None:
    """What the screening job does on an automatic rejection (the engine itself is not run)."""
    _engine(comment, DecisionAction.REJECT, rule)
    change_status(comment, CommentStatus.REJECTED, by_system=True, rule=rule, note="engine")


def _moderation_story(reader: Any, second_reader: Any, moderator: Any, *, copies: int = 1) -> None:
    """Per copy: the engine rejects two comments for insults and a moderator approves one of
    them; the engine allows one that a moderator rejects after a report; a moderator rejects
    one from the queue; one stays pending; a moderator removes one."""
    page = make_page("Harbour bridge reopens")
    for n in range(copies):
        wrong = _post(reader, page, f"You are wrong about the bridge {n}")
        _engine_rejects(wrong, "insults_threats")
        approve_comment(comment=wrong, moderator=moderator)
        _engine_rejects(_post(reader, page, f"Rude words number {n}"), "insults_threats")
        with override_settings(DECORUM_COMMUNITY_PREMODERATION=False):
            allowed = _post(reader, page, f"Buy my bridge tickets {n}")
        _engine(allowed, DecisionAction.ALLOW)
        report_comment(comment=allowed, reporter=second_reader, rule="commercial")
        reject_comment(comment=allowed, moderator=moderator, rule="commercial")
        queued = _post(reader, page, f"Click here {n}")
        reject_comment(comment=queued, moderator=moderator, rule="spam")
        _post(reader, page, f"Still waiting {n}")
        removed = _post(reader, page, f"To be removed {n}")
        delete_comment(comment=removed, actor=moderator)


def test_a_stranger_is_sent_to_log_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_reader_is_refused(client: Client, reader: Any) -> None:
    response = login(client, reader).get(URL)
    assert response.status_code == 403


def test_a_moderator_and_an_administrator_see_every_chart_with_its_table(
    client: Client, moderator: Any, admin_user: Any
) -> None:
    for user in (moderator, admin_user):
        response = login(client, user).get(URL)
        assert response.status_code == 200
        body = response.content.decode()
        for name in CHARTS:
            assert f'data-chart="{name}"' in body
        assert body.count("<svg") == len(CHARTS)
        assert body.count('<table class="stats-table">') == len(CHARTS)
        assert "<script" not in body.split('class="moderation-stats"')[1]


def test_it_measures_how_often_people_overturned_the_engine(
    client: Client, reader: Any, second_reader: Any, moderator: Any
) -> None:
    _moderation_story(reader, second_reader, moderator)
    response = login(client, moderator).get(URL, {"format": "csv", "chart": "accuracy"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, data = rows[0], rows[1:]
    assert header[:6] == [
        "Automatic decision",
        "Rule",
        "Title",
        "Language",
        "Decisions",
        "Overturned by a person",
    ]
    by_kind = {(row[0], row[1], row[3]): row for row in data}
    rejected = by_kind[("rejected", "insults_threats", "en")]
    assert rejected[4:7] == ["2", "1", "0.5"]
    low, high = wilson(1, 2) or (0.0, 0.0)
    assert (float(rejected[7]), float(rejected[8])) == (round(low, 4), round(high, 4))
    allowed = by_kind[("allowed", "", "en")]
    assert allowed[4:7] == ["1", "1", "0.0"]


def test_it_counts_comments_decisions_reports_and_the_wait(
    client: Client, reader: Any, second_reader: Any, moderator: Any
) -> None:
    _moderation_story(reader, second_reader, moderator)
    login(client, moderator)

    def table(chart: str, **extra: str) -> list[list[str]]:
        response = client.get(URL, {"format": "csv", "chart": chart, **extra})
        return list(csv.reader(io.StringIO(response.content.decode())))

    comments = table("comments")
    assert comments[0] == ["Day", "Published", "Rejected", "Pending review", "Removed"]
    assert [sum(int(row[i]) for row in comments[1:]) for i in range(1, 5)] == [1, 3, 1, 1]
    assert len(comments) == 31  # the default period: the last 30 days
    rules = {row[0]: row[2:] for row in table("rules")[1:]}
    assert rules == {"insults_threats": ["2", "0"], "commercial": ["0", "1"], "spam": ["0", "1"]}
    sources = table("sources")[1:]
    assert [sum(int(row[i]) for row in sources) for i in (1, 2)] == [3, 3]
    assert [(row[0], row[2]) for row in table("reports")[1:]] == [("commercial", "1")]
    assert table("backlog")[1] == ["less than 1 hour", "1"]
    wait = table("wait")[1:]
    assert sum(int(row[1]) for row in wait) == 1  # the one queued comment a person decided


def test_the_edition_filter_follows_the_article(
    client: Client, reader: Any, moderator: Any
) -> None:
    english = make_page("Ferry timetable")
    make_edition("ru")
    russian = translate_article(english, title="Расписание паромов")
    reject_comment(comment=_post(reader, english, "one"), moderator=moderator, rule="spam")
    reject_comment(comment=_post(reader, russian, "два"), moderator=moderator, rule="spam")
    reject_comment(comment=_post(reader, russian, "три"), moderator=moderator, rule="spam")
    login(client, moderator)
    counts = {}
    for edition in ("", "en", "ru"):
        response = client.get(URL, {"format": "csv", "chart": "rules", "edition": edition})
        counts[edition] = list(csv.reader(io.StringIO(response.content.decode())))[1][3]
    assert counts == {"": "3", "en": "1", "ru": "2"}


def test_a_period_outside_the_data_is_empty_and_a_bad_period_falls_back(
    client: Client, reader: Any, second_reader: Any, moderator: Any
) -> None:
    _moderation_story(reader, second_reader, moderator)
    login(client, moderator)
    response = client.get(
        URL, {"format": "csv", "chart": "rules", "since": "2020-01-01", "until": "2020-01-31"}
    )
    assert list(csv.reader(io.StringIO(response.content.decode())))[1:] == []
    page = client.get(URL, {"since": "2020-02-01", "until": "2020-01-01"})
    assert page.status_code == 200
    assert "The start of the period must come before its end." in page.content.decode()
    assert client.get(URL, {"format": "csv", "chart": "nope"}).status_code == 400


def test_the_page_makes_the_same_number_of_queries_whatever_the_data(
    client: Client, reader: Any, second_reader: Any, moderator: Any
) -> None:
    login(client, moderator)
    client.get(URL)  # warm the standards cache

    def queries() -> int:
        client.get(URL)  # per-request caches (the session, the policy in force) warm up first
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured.captured_queries)

    empty = queries()
    _moderation_story(reader, second_reader, moderator, copies=1)
    small = queries()
    _moderation_story(reader, second_reader, moderator, copies=4)
    assert queries() == small
    assert small <= empty + 2 and small <= len(CHARTS) + 12


def test_quantiles_and_the_wilson_interval() -> None:
    assert quantile([], 0.5) is None
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert quantile([float(n) for n in range(1, 11)], 0.9) == pytest.approx(9.1)
    assert wilson(0, 0) is None
    low, high = wilson(10, 10) or (0.0, 0.0)
    assert high == pytest.approx(1.0) and low == pytest.approx(0.7225, abs=1e-4)
    low, high = wilson(50, 100) or (0.0, 0.0)
    assert (low, high) == (pytest.approx(0.4038, abs=1e-4), pytest.approx(0.5962, abs=1e-4))
