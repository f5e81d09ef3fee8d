"""DSA statements of reasons: every restriction is exported, valid, and free of personal data."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from decorum.accounts.deletion import delete_account_by_moderator
from decorum.cli import main as decorum
from decorum.community.actions import delete_comment, post_comment
from decorum.community.models import Comment, CommentStatus
from decorum.enforcement.actions import change_status, reject_comment
from decorum.enforcement.dsa_statements import mark_illegal, validate
from decorum.enforcement.models import Decision, DecisionAction, DecisionSource, StatusChange
from decorum.enforcement.sanctions import block_user
from tests.community.conftest import make_page
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SECRET_TEXTS = ["Rude words about Mrs Smith", "Buy pills at my shop", "Off topic rambling"]


@pytest.fixture(autouse=True)
def _premoderation(settings: Any) -> None:
    settings.DECORUM_COMMUNITY_PREMODERATION = True


def _writer(n: int) -> Any:
    return make_user(get_user_model(), f"writer{n}@example.com", display_name=f"Wendy Writer{n}")


def _restrictions(moderator: Any) -> dict[str, Any]:
    page = make_page("Harbour bridge reopens")
    writers = [_writer(n) for n in range(5)]
    automatic = post_comment(author=writers[0], article=page, text=SECRET_TEXTS[0])
    Decision.objects.create(
        comment=automatic,
        source=DecisionSource.ENGINE,
        action=DecisionAction.REJECT,
        rules=["insults_threats"],
        language="en",
        text_checked=automatic.text,
    )
    change_status(
        automatic, CommentStatus.REJECTED, by_system=True, rule="insults_threats", note="engine"
    )
    by_moderator = post_comment(author=writers[1], article=page, text=SECRET_TEXTS[1])
    reject_comment(comment=by_moderator, moderator=moderator, rule="drugs", note="Mrs Smith")
    illegal = StatusChange.objects.get(comment=by_moderator, to_status=CommentStatus.REJECTED)
    mark_illegal(
        moderator=moderator,
        target=illegal,
        law="Example Narcotics Act, section 12",
        explanation="Offering controlled substances for sale.",
    )
    removed = post_comment(author=writers[2], article=page, text=SECRET_TEXTS[2])
    delete_comment(comment=removed, actor=moderator)
    own = post_comment(author=writers[2], article=page, text="My own deletion")
    delete_comment(comment=own, actor=writers[2])  # the author's own: no restriction
    block = block_user(
        user=writers[3],
        scope="site",
        moderator=moderator,
        reason="Repeated insults against Mrs Smith",
        rule="insults_threats",
        without_notice=True,
    )
    deletion = delete_account_by_moderator(user=writers[4], moderator=moderator)
    return {
        "writers": writers,
        "comments": [automatic, by_moderator, removed],
        "block": block,
        "deletion": deletion,
        "illegal": illegal,
    }


def test_every_restriction_is_exported_valid_and_without_personal_data(
    tmp_path: Path, moderator: Any
) -> None:
    made = _restrictions(moderator)
    out = tmp_path / "statements.json"
    today = timezone.localdate().isoformat()
    assert (
        decorum(["export-statements", "--since", today, "--format", "tdb-json", "-o", str(out)])
        == 0
    )
    text = out.read_text(encoding="utf-8")
    document = json.loads(text)
    assert validate(document) == []
    statements = {s["puid"]: s for s in document["statements"]}
    automatic, _by_moderator, removed = made["comments"]
    rejection_auto = StatusChange.objects.get(comment=automatic, to_status="rejected")
    removal = StatusChange.objects.get(comment=removed, to_status="removed")
    assert set(statements) == {
        f"decorum:rejection:{rejection_auto.pk}",
        f"decorum:rejection:{made['illegal'].pk}",
        f"decorum:removal:{removal.pk}",
        f"decorum:block:{made['block'].pk}",
        f"decorum:account-deletion:{made['deletion'].pk}",
    }
    auto = statements[f"decorum:rejection:{rejection_auto.pk}"]
    assert auto["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_DISABLED"]
    assert auto["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert "insults_threats" in auto["incompatible_content_ground"]
    assert auto["category"] == "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"
    assert (auto["automated_detection"], auto["automated_decision"]) == (
        "Yes",
        "AUTOMATED_DECISION_FULLY",
    )
    assert auto["content_language"] == "EN" and auto["content_type"] == ["CONTENT_TYPE_TEXT"]
    illegal = statements[f"decorum:rejection:{made['illegal'].pk}"]
    assert illegal["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert illegal["illegal_content_legal_ground"] == "Example Narcotics Act, section 12"
    assert illegal["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert statements[f"decorum:removal:{removal.pk}"]["decision_visibility"] == [
        "DECISION_VISIBILITY_CONTENT_REMOVED"
    ]
    block = statements[f"decorum:block:{made['block'].pk}"]
    assert block["decision_provision"] == "DECISION_PROVISION_PARTIAL_SUSPENSION"
    assert "not notified" in block["decision_facts"]
    account = statements[f"decorum:account-deletion:{made['deletion'].pk}"]
    assert account["decision_account"] == "DECISION_ACCOUNT_TERMINATED"
    for statement in document["statements"]:
        assert statement["territorial_scope"] and statement["application_date"] == today
    # No personal data: no e-mail, name, public id or comment text (nor a moderator's note).
    forbidden = [*SECRET_TEXTS, "Mrs Smith", "@", "Wendy", "Writer", "Mo Moderator"]
    for user in made["writers"]:
        forbidden += [user.email, user.display_name, str(user.public_id), user.username]
    for needle in forbidden:
        assert needle not in text, needle

    csv_out = tmp_path / "statements.csv"
    assert decorum(["export-statements", "--since", today, "--until", today, "--format", "csv",
                    "-o", str(csv_out)]) == 0  # fmt: skip
    rows = list(csv.DictReader(csv_out.open(encoding="utf-8")))
    assert {row["puid"] for row in rows} == set(statements)
    csv_text = csv_out.read_text(encoding="utf-8")
    for needle in forbidden:
        assert needle not in csv_text, needle


def test_a_period_before_the_restrictions_is_empty(tmp_path: Path, moderator: Any) -> None:
    _restrictions(moderator)
    out = tmp_path / "old.json"
    decorum(["export-statements", "--since", "2020-01-01", "--until", "2020-12-31", "-o", str(out)])
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document == {"statements": []} and validate(document) == []


def test_the_schema_refuses_a_statement_without_its_ground() -> None:
    statement = {
        "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
        "category": "STATEMENT_CATEGORY_VIOLENCE",
        "territorial_scope": ["DE"],
        "content_type": ["CONTENT_TYPE_TEXT"],
        "content_date": "2026-01-01",
        "application_date": "2026-01-02",
        "decision_facts": "x",
        "source_type": "SOURCE_VOLUNTARY",
        "automated_detection": "No",
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "puid": "decorum:test:1",
    }
    errors = validate({"statements": [statement]})
    assert any("illegal_content_legal_ground" in e for e in errors)
    assert validate({"statements": [{**statement, "category": "NOT_A_CATEGORY"}]})


def test_only_moderators_mark_content_illegal(reader: Any, moderator: Any) -> None:
    from decorum.core.errors import PermissionDenied

    made = _restrictions(moderator)
    with pytest.raises(PermissionDenied):
        mark_illegal(moderator=reader, target=made["illegal"], law="x", explanation="y")
    assert Comment.objects.count() == 4
