"""Counts per day on the statistics page follow the site's local midnights, across a change of
daylight saving time too (each day is a range on the raw timestamp, not a truncated date)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client, override_settings

from decorum.community.actions import post_comment
from decorum.enforcement.models import Decision, DecisionAction, DecisionSource
from tests.community.conftest import make_page
from tests.conftest import login

pytestmark = pytest.mark.django_db

URL = "/moderation/stats/"
# Berlin leaves summer time at 01:00 UTC on 25 October 2026: that day lasts 25 hours.
PERIOD = {"since": "2026-10-24", "until": "2026-10-26"}
POSTED_AND_LOCAL_DAY = [
    (datetime(2026, 10, 23, 21, 59, tzinfo=UTC), None),  # 23:59 on the 23rd: before the period
    (datetime(2026, 10, 23, 22, 0, tzinfo=UTC), "2026-10-24"),  # midnight, summer time
    (datetime(2026, 10, 23, 23, 0, tzinfo=UTC), "2026-10-24"),
    (datetime(2026, 10, 24, 21, 59, tzinfo=UTC), "2026-10-24"),
    (datetime(2026, 10, 24, 22, 0, tzinfo=UTC), "2026-10-25"),
    (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), "2026-10-25"),  # 23:59, winter time
    (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), "2026-10-26"),
    (datetime(2026, 10, 26, 22, 59, tzinfo=UTC), "2026-10-26"),
    (datetime(2026, 10, 26, 23, 0, tzinfo=UTC), None),  # midnight on the 27th: after it
]


def _per_day(client: Client, chart: str) -> dict[str, int]:
    response = client.get(URL, {"format": "csv", "chart": chart, **PERIOD})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
    return {row[0]: sum(int(n) for n in row[1:]) for row in rows}


@override_settings(TIME_ZONE="Europe/Berlin")
def test_comments_and_decisions_are_counted_on_their_local_day(
    client: Client, reader: Any, moderator: Any
) -> None:
    page = make_page("Clocks go back")
    for n, (posted, _day) in enumerate(POSTED_AND_LOCAL_DAY):
        comment = post_comment(
            author=reader,
            article=page,
            text=f"Comment number {n}",
            created_at=posted,
            enforce_rate_limit=False,
            screen=False,
        )
        Decision.objects.create(
            comment=comment,
            source=DecisionSource.ENGINE,
            action=DecisionAction.ALLOW,
            language="en",
            created_at=posted,
        )
    expected = {"2026-10-24": 3, "2026-10-25": 2, "2026-10-26": 2}  # by UTC days: 2, 2, 2
    assert [day for _posted, day in POSTED_AND_LOCAL_DAY if day] == sorted(
        day for day in expected for _n in range(expected[day])
    )
    login(client, moderator)
    assert _per_day(client, "comments") == expected
    assert _per_day(client, "sources") == expected
