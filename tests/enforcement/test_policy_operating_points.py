"""The policy editor tells an admin what each threshold of a classifier-scored rule means,
from the operating points the training measured out of fold (precision, violations caught,
acceptable comments flagged), and says nothing misleading when a model has no such figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client

from decorum.enforcement import engine_adapter
from decorum.enforcement.models import PolicyVersion
from tests.conftest import login

pytestmark = pytest.mark.django_db

URL = "/moderation/policy/"
SHIPPED_MODELS = Path(engine_adapter.__file__).parents[1] / "moderation" / "models"


def _point(score: float, precision: float, recall: float, per_1000: float, flagged: int) -> Any:
    return {
        "score": score,
        "precision": precision,
        "recall": recall,
        "acceptable_flagged_per_1000": per_1000,
        "flagged": flagged,
    }


HATE_POINTS = [
    _point(0.25, 0.6667, 0.9, 14.0, 60),
    _point(0.3, 0.7, 0.85, 8.0, 40),
    _point(0.4, 0.9, 0.8, 3.5, 30),
    _point(0.5, 0.995, 0.7, 1.2, 200),
    _point(0.6, 1.0, 0.6, 0.0, 12),
    _point(0.7, 1.0, 0.5, 0.0, 10),
    _point(0.8, 1.0, 0.3, 0.0, 6),
    _point(0.9, 0.0, 0.0, 0.0, 0),
]


def _use_manifest(monkeypatch: pytest.MonkeyPatch, directory: Path, manifest: Any) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "classifier.json").write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.setenv("DECORUM_CLASSIFIER_MODELS", str(directory))
    engine_adapter.clear_caches()


@pytest.fixture(autouse=True)
def _fresh_caches() -> Any:
    engine_adapter.clear_caches()
    yield
    engine_adapter.clear_caches()


@pytest.fixture
def measured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A classifier manifest whose training measured operating points for ``hate`` only
    (``spam`` is scored by the classifier but was not measured)."""
    directory = tmp_path / "measured"
    _use_manifest(
        monkeypatch,
        directory,
        {"rules": ["hate", "spam"], "operating_points": {"hate": HATE_POINTS, "spam": []}},
    )
    return directory


def _save_hate_thresholds(client: Client, threshold: str, review: str) -> Any:
    page = client.get(URL)
    data: dict[str, str] = {"what": "settings", "note": "thresholds"}
    for rule in page.context["settings"].rules:
        if rule.enabled:
            data[f"enabled-{rule.id}"] = "on"
        data[f"action-{rule.id}"] = rule.action
        data[f"threshold-{rule.id}"] = str(rule.threshold)
        data[f"words-{rule.id}"] = "\n".join(rule.words)
    data["threshold-hate"] = threshold
    data["review-threshold-hate"] = review
    return client.post(URL, data)


def _row(html: str, rule_id: str) -> str:
    start = html.index(f'<tr data-rule="{rule_id}">')
    return html[start : html.index('<tr data-rule="', start + 1)]


def test_the_editor_reads_each_threshold_at_the_nearest_measured_score_below_it(
    client: Client, admin_user: Any, measured: Path
) -> None:
    login(client, admin_user)
    response = _save_hate_thresholds(client, threshold="0.55", review="0.3")
    assert response.status_code == 302, response.content.decode()[:500]
    saved = yaml.safe_load(PolicyVersion.objects.get().text)
    hate = next(r for r in saved["rules"] if r["id"] == "hate")
    assert (hate["threshold"], hate["review_threshold"]) == (0.55, 0.3)

    page = client.get(URL)
    assert page.status_code == 200
    row = _row(page.content.decode(), "hate")
    # reject at 0.55 is read at 0.50, queue at 0.30 at 0.30
    assert (
        "at 0.50: about 1 wrong decision in 200 (precision 99.5 %), 70 % of violations caught, "
        "1.2 acceptable comments flagged per 1000"
    ) in row
    assert (
        "at 0.30: about 1 wrong decision in 3 (precision 70 %), 85 % of violations caught, "
        "8.0 acceptable comments flagged per 1000"
    ) in row
    # every measured point is in the table, with the note on where the figures come from
    assert row.count("<tr><td>") == len(HATE_POINTS)
    assert "out of fold on the development and contrast sets" in row
    assert "Not measured for the trained model." in _row(page.content.decode(), "spam")


def test_thresholds_beyond_the_measured_scores_are_said_plainly(
    client: Client, admin_user: Any, measured: Path
) -> None:
    login(client, admin_user)
    assert _save_hate_thresholds(client, threshold="0.95", review="0.1").status_code == 302
    row = _row(client.get(URL).content.decode(), "hate")
    assert "at 0.90: the classifier flagged nothing in the measurement." in row
    assert "Not measured at or below 0.10: the lowest measured score is 0.25." in row
    assert _save_hate_thresholds(client, threshold="0.6", review="0.6").status_code == 302
    row = _row(client.get(URL).content.decode(), "hate")
    assert "at 0.60: no wrong decision among the 12 comments flagged (precision 100 %)" in row


def test_the_russian_editor_reads_thresholds_in_russian(
    client: Client, admin_user: Any, measured: Path
) -> None:
    login(client, admin_user)
    assert _save_hate_thresholds(client, threshold="0.5", review="0.3").status_code == 302
    page = client.get("/ru" + URL)
    assert page.status_code == 200
    row = _row(page.content.decode(), "hate")
    assert (
        "при 0,50: примерно 1 ошибочное решение из 200 (точность 99,5 %), поймано 70 % "
        "нарушений, на 1000 допустимых комментариев отмечено 1,2"
    ) in row
    assert "Все измеренные оценки" in row


def test_a_review_threshold_outside_0_and_1_is_refused_naming_the_rule(
    client: Client, admin_user: Any, measured: Path
) -> None:
    login(client, admin_user)
    response = _save_hate_thresholds(client, threshold="0.5", review="2")
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "review-threshold-hate": ["rule 'hate': review_threshold: must be a number between 0 and 1"]
    }
    assert PolicyVersion.objects.count() == 0


def test_a_manifest_without_operating_points_shows_no_figures(
    client: Client, admin_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = json.loads((SHIPPED_MODELS / "classifier.json").read_text(encoding="utf-8"))
    manifest.pop("operating_points", None)
    _use_manifest(monkeypatch, tmp_path / "older", manifest)
    login(client, admin_user)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "wrong decision" not in html and "All measured scores" not in html
    assert "Not measured for the trained model." in _row(html, "hate")


def test_a_missing_manifest_leaves_the_editor_working(
    client: Client, admin_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DECORUM_CLASSIFIER_MODELS", str(tmp_path / "nothing-here"))
    engine_adapter.clear_caches()
    login(client, admin_user)
    page = client.get(URL)
    assert page.status_code == 200
    assert "wrong decision" not in page.content.decode()
    assert engine_adapter.operating_points() == {}


def test_only_administrators_see_the_figures(
    client: Client, measured: Path, reader: Any, outsider: Any, moderator: Any
) -> None:
    assert client.get(URL).status_code == 302  # to the login page
    for user in (reader, outsider, moderator):
        login(client, user)
        response = client.get(URL)
        assert response.status_code == 403
        assert "wrong decision" not in response.content.decode()
