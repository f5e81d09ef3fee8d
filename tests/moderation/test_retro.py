"""Earlier members of a campaign are amended once a later verdict names them."""

from __future__ import annotations

from decorum.moderation.policy import load_default_policy
from decorum.moderation.retro import amend_all
from decorum.moderation.types import Evidence, Finding, Verdict


def _verdict(cid: str, fired: tuple[Finding, ...] = ()) -> Verdict:
    return Verdict(
        comment_id=cid,
        action="reject" if fired else "allow",
        fired=fired,
        scores={},
        policy_version="t",
        engine_version="t",
        statement="s",
    )


def test_it_marks_the_first_copies_of_a_campaign_once_it_is_recognised() -> None:
    mob = Finding(
        rule="flash_mob",
        score=0.9,
        detector="flash_mob@1",
        reason="Near-identical comments from 3 accounts.",
        evidence=(Evidence(kind="related", related_ids=("c1", "c2")),),
    )
    first, second, third, other = amend_all(
        [_verdict("c1"), _verdict("c2"), _verdict("c3", (mob,)), _verdict("c4")],
        load_default_policy(),
    )
    assert first.action == "reject" and [f.rule for f in first.fired] == ["flash_mob"]
    assert "c3" in first.fired[0].reason
    assert second.action == "reject"
    assert third.fired == (mob,)
    assert other.action == "allow" and not other.fired
