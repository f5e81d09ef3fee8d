"""The DSA transparency report: its period, its figures on real data, who may open the page,
and the ``decorum transparency-report`` command's JSON, CSV and printable HTML."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone

from decorum.cli import main as decorum
from decorum.community.actions import post_comment, report_comment
from decorum.community.models import Comment, CommentStatus
from decorum.core.errors import ValidationFailed
from decorum.enforcement.actions import change_status, reject_comment
from decorum.enforcement.appeals import decide_appeal, submit_appeal
from decorum.enforcement.models import Appeal, Decision, DecisionAction, DecisionSource
from decorum.enforcement.sanctions import block_user
from decorum.enforcement.transparency import current_period, parse_period
from tests.community.conftest import make_page
from tests.conftest import login, make_user

pytestmark = pytest.mark.django_db

URL = "/moderation/transparency/"


@pytest.fixture(autouse=True)
def _premoderation(settings: Any) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True


def _writer(n: int) -> Any:
    return make_user(get_user_model(), f"writer{n}@example.com", display_name=f"Writer {n}")


def _engine(comment: Comment, action: str, rule: str = "") -> None:
    """What the screening job stores and does (the engine itself is not run)."""
    Decision.objects.create(
        comment=comment,
        source=DecisionSource.ENGINE,
        action=action,
        rules=[rule] if rule else [],
        cited_rule=rule,
        language="en",
    )
    if action == DecisionAction.REJECT:
        change_status(comment, CommentStatus.REJECTED, by_system=True, rule=rule, note="engine")


def _half_year(moderator: Any, second_reader: Any) -> dict[str, Any]:
    """Two automatic rejections (one overturned on appeal), an automatic allowance a moderator
    reverses after a report, a moderator's own rejection, an unanswered report, a site block."""
    page = make_page("Harbour bridge reopens")
    writers = [_writer(n) for n in range(6)]
    appealed = post_comment(
        author=writers[0], article=page, text="You fools", screen=False, enforce_rate_limit=False
    )
    _engine(appealed, DecisionAction.REJECT, "insults_threats")
    _engine(
        post_comment(
            author=writers[1], article=page, text="Idiots", screen=False, enforce_rate_limit=False
        ),
        DecisionAction.REJECT,
        "insults_threats",
    )
    with override_settings(DECORUM_COMMUNITY_PREMODERATION=False):
        advert = post_comment(
            author=writers[2],
            article=page,
            text="Buy tickets",
            screen=False,
            enforce_rate_limit=False,
        )
        untouched = post_comment(
            author=writers[5], article=page, text="Nice", screen=False, enforce_rate_limit=False
        )
    _engine(advert, DecisionAction.ALLOW)
    report_comment(comment=advert, reporter=second_reader, rule="commercial")
    reject_comment(comment=advert, moderator=moderator, rule="commercial")
    report_comment(comment=untouched, reporter=second_reader, rule="spam")
    queued = post_comment(
        author=writers[3], article=page, text="Click here", screen=False, enforce_rate_limit=False
    )
    reject_comment(comment=queued, moderator=moderator, rule="spam")
    block = block_user(
        user=writers[4],
        scope="site",
        moderator=moderator,
        reason="Repeated insults",
        rule="insults_threats",
    )
    appeal = submit_appeal(
        user=writers[0],
        subject="comment",
        public_id=writers[0].public_id,
        explanation="I was quoting the article's headline, not calling anyone names at all.",
        comment_id=appealed.pk,
    )
    # Filed ten hours ago (within the period unless it began less than ten hours ago).
    filed = max(timezone.now() - timedelta(hours=10), current_period().filter.start)
    Appeal.objects.filter(pk=appeal.pk).update(created_at=filed)
    appeal.refresh_from_db()
    decide_appeal(appeal=appeal, moderator=moderator, grant=True, reason="A quotation.")
    appeal.refresh_from_db()
    return {"block": block, "appeal": appeal}


def test_periods_are_half_years_or_years_and_anything_else_is_refused() -> None:
    h2 = parse_period("2026-H2")
    assert (h2.since.isoformat(), h2.until.isoformat()) == ("2026-07-01", "2026-12-31")
    h1 = parse_period("2026-h1")
    assert (h1.label, h1.since.isoformat(), h1.until.isoformat()) == (
        "2026-H1",
        "2026-01-01",
        "2026-06-30",
    )
    year = parse_period("2025")
    assert (year.since.isoformat(), year.until.isoformat()) == ("2025-01-01", "2025-12-31")
    for wrong in ("2026-H3", "26-H1", "2026-Q1", "2026-07", "", "H2-2026"):
        with pytest.raises(ValidationFailed) as err:
            parse_period(wrong)
        assert err.value.code == "invalid_period"
        assert "YYYY-H1" in err.value.message


def test_the_command_reports_notices_restrictions_accuracy_appeals_and_blocks(
    tmp_path: Path, moderator: Any, second_reader: Any
) -> None:
    made = _half_year(moderator, second_reader)
    period = current_period().label
    out = tmp_path / "report.json"
    assert decorum(["transparency-report", "--period", period, "--format", "json",
                    "-o", str(out)]) == 0  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["period"]["label"] == period

    notices = report["notices"]
    assert (notices["total"], notices["acted_on"], notices["comments_reported"]) == (2, 1, 2)
    assert {(r["rule"], r["reports"], r["acted_on"]) for r in notices["by_rule"]} == {
        ("commercial", 1, 1),
        ("spam", 1, 0),
    }

    actions = report["actions"]
    assert (actions["total"], actions["automatic"], actions["human"]) == (5, 2, 3)
    assert (actions["after_notice"], actions["own_initiative"]) == (1, 4)
    rows = {(r["type"], r["rule"]): r for r in actions["by_rule_and_type"]}
    assert set(rows) == {
        ("rejection", "insults_threats"),
        ("rejection", "commercial"),
        ("rejection", "spam"),
        ("site_block", "insults_threats"),
    }
    assert (rows[("rejection", "insults_threats")]["automatic"], rows[
        ("rejection", "insults_threats")]["human"]) == (2, 0)  # fmt: skip
    assert rows[("rejection", "commercial")]["after_notice"] == 1
    assert rows[("rejection", "spam")]["own_initiative"] == 1
    assert rows[("site_block", "insults_threats")]["human"] == 1

    automated = report["automated_means"]
    assert (automated["checked"], automated["rejected"], automated["allowed"]) == (3, 2, 1)
    # One of the two automatic rejections was overturned (the appeal), and the one
    # automatic allowance was reversed after a report.
    assert (automated["rejections_precision"], automated["rejections_error_rate"]) == (0.5, 0.5)
    low, high = automated["rejections_interval"]
    assert 0 < low < 0.5 < high < 1
    assert (automated["allowances_precision"], automated["allowances_error_rate"]) == (0.0, 1.0)
    accuracy = {(r["decision"], r["rule"]): r for r in automated["accuracy"]}
    assert accuracy[("reject", "insults_threats")]["decisions"] == 2
    assert accuracy[("reject", "insults_threats")]["overturned"] == 1

    complaints = report["complaints"]
    assert (complaints["received"], complaints["granted"], complaints["denied"]) == (1, 1, 0)
    appeal = made["appeal"]
    expected = (appeal.decided_at - appeal.created_at).total_seconds() / 3600
    assert complaints["median_hours_to_decide"] == pytest.approx(expected, abs=0.01)
    by_subject = {r["subject"]: r for r in complaints["by_subject"]}
    assert (by_subject["comment"]["received"], by_subject["comment"]["granted"]) == (1, 1)

    suspensions = report["suspensions"]
    assert (suspensions["site_blocks"], suspensions["final_site_blocks"]) == (1, 0)
    assert suspensions["article_blocks"] == 0

    # No personal data: no names, e-mail addresses or comment texts.
    text = out.read_text(encoding="utf-8")
    for needle in ("Writer", "@", "You fools", "Buy tickets", "quoting"):
        assert needle not in text


def test_the_command_writes_csv_and_a_printable_html_document(
    tmp_path: Path, moderator: Any, second_reader: Any
) -> None:
    _half_year(moderator, second_reader)
    period = current_period().label
    csv_out = tmp_path / "report.csv"
    call_command("transparency_report", period=period, format="csv", output=csv_out)
    rows = list(csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8"))))
    figures = {(r["section"], r["row"]): r["value"] for r in rows if r["table"] == "figures"}
    assert figures[("actions", "automatic")] == "2"
    assert figures[("suspensions", "site_blocks")] == "1"
    assert any(
        r["table"] == "by_rule_and_type"
        and r["row"] == "rejection/insults_threats"
        and (r["column"], r["value"]) == ("automatic", "2")
        for r in rows
    )
    html_out = tmp_path / "report.html"
    call_command("transparency_report", period=period, output=html_out)
    html = html_out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "@media print" in html and "break-after: page" in html
    for section in ("notices", "actions", "automated_means", "complaints", "suspensions"):
        assert f'data-section="{section}"' in html


def test_the_command_refuses_a_wrong_period() -> None:
    with pytest.raises(CommandError, match="YYYY-H1"):
        call_command("transparency_report", period="2026-H3", format="json")


def test_a_stranger_is_sent_to_log_in(client: Client) -> None:
    response = client.get(URL, {"period": "2026-H2"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_reader_and_a_moderator_are_refused(client: Client, reader: Any, moderator: Any) -> None:
    for user in (reader, moderator):
        response = login(client, user).get(URL, {"period": "2026-H2"})
        assert response.status_code == 403
        assert b"Only administrators" in response.content
        assert (
            login(client, user).get(URL, {"period": "2026-H2", "format": "json"}).status_code == 403
        )


def test_an_administrator_sees_every_section_and_downloads_the_figures(
    client: Client, admin_user: Any, moderator: Any, second_reader: Any
) -> None:
    _half_year(moderator, second_reader)
    period = current_period().label
    login(client, admin_user)
    response = client.get(URL, {"period": period})
    assert response.status_code == 200
    body = response.content.decode()
    for section in ("notices", "actions", "automated_means", "complaints", "suspensions"):
        assert f'data-section="{section}"' in body
    assert "enforcement/transparency.css" in body
    assert "<script" not in body.split('class="transparency-report"')[1]
    assert " style=" not in body
    document = client.get(URL, {"period": period, "format": "json"})
    assert document["Content-Type"] == "application/json"
    assert json.loads(document.content)["suspensions"]["site_blocks"] == 1
    table = client.get(URL, {"period": period, "format": "csv"})
    assert table["Content-Type"].startswith("text/csv")
    assert "section,table,row,column,value" in table.content.decode()
    # Without a period: the current half-year.
    assert client.get(URL).status_code == 200
    wrong = client.get(URL, {"period": "2026-H7"})
    assert wrong.status_code == 400
    assert "YYYY-H1" in wrong.content.decode()
