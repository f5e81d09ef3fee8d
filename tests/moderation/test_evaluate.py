"""Dataset reading names bad lines and fields; scoring counts per-rule hits and misses."""

from __future__ import annotations

import json
from pathlib import Path

from decorum.moderation.dataset import LabelledComment, LineError, read_articles, read_comments
from decorum.moderation.evaluate import score
from decorum.moderation.types import Finding, Verdict


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", "utf-8"
    )
    return path


def test_it_reads_comments_and_names_the_bad_line_and_field(tmp_path: Path) -> None:
    arts = _write(tmp_path / "a.jsonl", [{"id": "a1", "edition": "en", "title": "T", "body": "B"}])
    comments = _write(
        tmp_path / "c.jsonl",
        [
            {
                "id": "c1",
                "article_id": "a1",
                "author": "u1",
                "created_at": "2026-03-01T10:00:00Z",
                "parent_id": None,
                "text": "Nice piece.",
                "labels": [],
            },
            "{not json",
            {
                "id": "c3",
                "article_id": "zz",
                "author": "u2",
                "created_at": "2026-03-01T10:01:00Z",
                "text": "Hello",
            },
            {
                "id": "c4",
                "article_id": "a1",
                "author": "u2",
                "created_at": "yesterday",
                "text": "Hi",
            },
            {
                "id": "c5",
                "article_id": "a1",
                "author": "u3",
                "created_at": "2026-03-01T10:02:00Z",
                "parent_id": "c1",
                "text": "Agreed.",
            },
        ],
    )
    articles, errors = read_articles(arts)
    assert not errors
    out = list(read_comments(comments, articles))
    bad = [o for o in out if isinstance(o, LineError)]
    good = [o for o in out if isinstance(o, LabelledComment)]
    assert [(e.line, e.field) for e in bad] == [(2, "line"), (3, "article_id"), (4, "created_at")]
    assert "line 3: article_id" in str(bad[1])
    assert [g.comment.id for g in good] == ["c1", "c5"]
    parent = good[1].comment.parent
    assert parent is not None and parent.text == "Nice piece." and parent.author == "u1"
    assert good[0].labels == ()


def _verdict(cid: str, action: str, rules: list[str]) -> Verdict:
    return Verdict(
        comment_id=cid,
        action=action,  # type: ignore[arg-type]
        fired=tuple(Finding(rule=r, score=0.9, detector="t@1", reason="r") for r in rules),
        scores={},
        policy_version="p",
        engine_version="e",
        statement="",
    )


def test_it_scores_precision_recall_and_acceptable_shares() -> None:
    report = score(
        [
            (["spam"], _verdict("c1", "reject", ["spam"])),
            (["spam"], _verdict("c2", "allow", [])),
            ([], _verdict("c3", "queue", ["spam"])),
            ([], _verdict("c4", "allow", [])),
        ]
    )
    spam = next(r for r in report.rules if r.rule == "spam")
    assert (spam.tp, spam.fp, spam.fn) == (1, 1, 1)
    assert spam.precision == 0.5 and spam.recall == 0.5
    assert report.acceptable_flagged == 1 and report.acceptable_rejected == 0
    assert report.caught == 1 and report.violating == 2
    assert "spam" in report.table() and report.as_dict()["acceptable_flagged"] == 0.5
