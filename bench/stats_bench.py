"""Timing of the moderation statistics page on SQLite with 100,000 decisions.

Migrates a fresh SQLite database in a temporary data directory, generates comments (one per
automatic decision, a fifth of them decided again by a moderator), reports, appeals and blocks
over the last 30 days with ``bulk_create``, then requests ``/moderation/stats/`` as a moderator
and prints the median time of the page over ``--repeat`` requests through the Django test
client (target: under 300 ms), its query count, and the median time of each chart's query.

Run: ``.venv/bin/python bench/stats_bench.py [--decisions N] [--repeat N]`` (about two to three
minutes with 100,000 decisions, most of it migrating and generating).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DECORUM_DATA_DIR", tempfile.mkdtemp(prefix="decorum-stats-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "decorum.settings.dev"

RULES = ["insults_threats", "spam", "profanity", "hate", "off_topic", "commercial", "privacy"]


def _generate(n: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from decorum.community.models import Comment, CommentReport
    from decorum.enforcement.models import Appeal, Block, Decision, StatusChange
    from decorum.news.models import ArticlePage

    rng = random.Random(14)
    users = get_user_model()
    now = timezone.now()
    authors = users.objects.bulk_create(
        users(username=f"bench{i}", email=f"bench{i}@bench.invalid", display_name=f"B{i}")
        for i in range(500)
    )
    moderator = users.objects.get(email="moderator@demo.decorum.invalid")
    articles = list(ArticlePage.objects.values_list("pk", flat=True))
    statuses = ["published"] * 70 + ["rejected"] * 20 + ["pending"] * 6 + ["removed"] * 4
    comments = []
    for i in range(n):
        created = now - timedelta(seconds=rng.randrange(30 * 86400))
        comments.append(
            Comment(
                article_id=rng.choice(articles),
                author=authors[i % len(authors)],
                text=f"bench comment {i}",
                status=rng.choice(statuses),
                created_at=created,
                updated_at=created,
            )
        )
    comments = Comment.objects.bulk_create(comments, batch_size=2000)
    decisions, changes, reports = [], [], []
    for c in comments:
        action = {"rejected": "reject", "pending": "queue"}.get(c.status, "allow")
        rule = [rng.choice(RULES)] if action == "reject" else []
        at = c.created_at + timedelta(seconds=2)
        decisions.append(
            Decision(
                comment=c,
                source="engine",
                action=action,
                rules=rule,
                cited_rule=rule[0] if rule else "",
                language="en",
                created_at=at,
            )
        )
        if rng.random() < 0.2:
            later = at + timedelta(minutes=rng.randrange(5, 3000))
            human = rng.choice(["allow", "reject"])
            cited = rng.choice(RULES) if human == "reject" else ""
            decisions.append(
                Decision(
                    comment=c,
                    source="moderator",
                    action=human,
                    moderator=moderator,
                    rules=[cited] if cited else [],
                    cited_rule=cited,
                    created_at=later,
                )
            )
            changes.append(
                StatusChange(
                    comment=c,
                    from_status="pending",
                    actor=moderator,
                    to_status="published" if human == "allow" else "rejected",
                    created_at=later,
                    comment_created_at=c.created_at,
                )
            )
        if rng.random() < 0.05:
            reports.append(
                CommentReport(
                    comment=c,
                    reporter=authors[(c.pk + 1) % len(authors)],
                    rule=rng.choice(RULES),
                    created_at=at,
                )
            )
    Decision.objects.bulk_create(decisions, batch_size=2000)
    StatusChange.objects.bulk_create(changes, batch_size=2000)
    CommentReport.objects.bulk_create(reports, batch_size=2000, ignore_conflicts=True)
    Appeal.objects.bulk_create(
        Appeal(
            user=authors[i],
            subject="comment",
            public_id="x",
            explanation="please",
            comment=comments[i],
            status=rng.choice(["open", "granted", "denied"]),
            created_at=now - timedelta(days=rng.randrange(30)),
            decided_at=now - timedelta(hours=rng.randrange(1, 20)),
        )
        for i in range(300)
    )
    Block.objects.bulk_create(
        Block(user=authors[i], scope="site", reason="ladder", created_at=now - timedelta(days=3))
        for i in range(100)
    )
    print(
        f"generated: {len(comments)} comments, {len(decisions)} decisions, "
        f"{len(changes)} human status changes, {len(reports)} reports"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=100_000, help="automatic decisions")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    from decorum.demo.build import load_demo_content_once

    load_demo_content_once(stdout=open(os.devnull, "w"))
    print(f"migrate and demo content: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    _generate(args.decisions)
    print(f"generate: {time.perf_counter() - started:.1f} s")

    from django.contrib.auth import get_user_model

    from decorum.enforcement.stats import CHARTS, StatsFilter, build_chart

    client = Client()
    client.force_login(get_user_model().objects.get(email="moderator@demo.decorum.invalid"))
    assert client.get("/moderation/stats/").status_code == 200  # warm caches
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/moderation/stats/")
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    print(
        f"/moderation/stats/: median {statistics.median(times):.0f} ms, best "
        f"{min(times):.0f} ms over {args.repeat} requests, {len(queries)} queries "
        f"(target < 300 ms)"
    )
    period = StatsFilter.default()
    for name in CHARTS:
        chart_times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            build_chart(name, period, language="en")
            chart_times.append((time.perf_counter() - t0) * 1000)
        print(f"  {name:10s} median {statistics.median(chart_times):6.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
