"""The engine's command line on small files written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decorum.moderation.cli import main

ARTICLE = {
    "id": "a1",
    "edition": "en",
    "title": "The library extends its opening hours",
    "body": "The city library will open until nine in the evening from next month.",
}


def _comment(cid: str, text: str, minute: int) -> str:
    return json.dumps(
        {
            "id": cid,
            "article_id": "a1",
            "author": f"u{cid}",
            "created_at": f"2026-03-01T10:{minute:02d}:00Z",
            "parent_id": None,
            "text": text,
            "labels": [],
        }
    )


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps(ARTICLE) + "\n", "utf-8")
    comments = tmp_path / "comments.jsonl"
    lines = [
        _comment("c1", "Longer hours at the library are great for students.", 1),
        '{"id": "c2", "article_id": "a1", "author": "u2", "text": "no time given"}',
        _comment("c3", "PLEASE KEEP THE LIBRARY OPEN ON SUNDAYS TOO EVERYONE AGREES", 3),
    ]
    comments.write_text("\n".join(lines) + "\n", "utf-8")
    return articles, comments


def test_moderate_decides_good_lines_and_names_the_bad_one(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles, comments = files
    out = tmp_path / "out.jsonl"
    code = main(["moderate", "--articles", str(articles), str(comments), "-o", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert "line 2: field 'created_at' is missing" in err
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["c1", "c3"]
    assert rows[0]["action"] == "allow"
    assert rows[1]["action"] == "queue"
    assert [r["id"] for r in rows[1]["rules"]] == ["formatting"]
    assert set(rows[1]["rules"][0]) == {
        "id",
        "score",
        "detector",
        "evidence",
        "reason",
        "code",
        "params",
    }
    assert rows[1]["rules"][0]["code"] in {"capitals", "run_on"}
    assert rows[1]["rule"] == "formatting"
    assert rows[1]["policy_version"] and "formatting" in rows[1]["scores"]


def test_evaluate_prints_per_rule_figures_as_json(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    articles, comments = files
    code = main(["evaluate", "--articles", str(articles), "--comments", str(comments), "--json"])
    assert code == 1  # the malformed line is still reported
    report = json.loads(capsys.readouterr().out)
    assert report["comments"] == 2
    assert report["acceptable_flagged"] == 0.5
    assert set(report["rules"]["formatting"]) >= {"precision", "recall", "f1"}
