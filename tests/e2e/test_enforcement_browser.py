"""In a real browser: the nudge names the rule before posting, and after posting anyway the
author sees, within moments, the rule the engine says the comment broke and why."""

from __future__ import annotations

import time
from typing import Any

import pytest

from decorum.community.models import Comment, CommentStatus
from decorum.enforcement import engine_adapter
from tests.community.conftest import make_page
from tests.e2e.test_comments_browser import log_browser_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INSULT = "You are a pathetic idiot and a moron, nobody wants to read you."


def test_a_reader_is_nudged_posts_anyway_and_sees_the_rule_it_broke(
    live_server: Any, page: Any, reader: Any, settings: Any, screenshot_dir: Any
) -> None:
    settings.DECORUM_ENFORCEMENT_SCREENING = True
    engine_adapter.clear_caches()
    engine_adapter.warm_up()  # `decorum serve` does this while starting
    article = make_page("Harbour bridge reopens after repairs")
    log_browser_in(page, live_server, reader)
    page.goto(f"{live_server.url}{article.url}")

    page.fill("#comment-form textarea[name=text]", INSULT)
    page.click("#comment-form button[type=submit]")
    nudge = page.locator(".nudge")
    nudge.wait_for(state="visible")
    assert "Insults" in nudge.inner_text() or "insult" in nudge.inner_text().lower()
    assert Comment.objects.count() == 0

    started = time.monotonic()
    page.click(".nudge-post")
    notice = page.locator(".decision-notice--rejected")
    notice.wait_for(state="visible", timeout=20_000)
    elapsed = time.monotonic() - started
    assert "breaks the rule" in notice.inner_text()
    assert "Decided automatically" in notice.inner_text()
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.REJECTED
    page.screenshot(path=str(screenshot_dir / "rejected-comment.png"), full_page=True)
    assert elapsed < 10, f"the decision took {elapsed:.1f} s to show"

    page.fill(
        "#comment-form textarea[name=text]", "Glad the bridge is open again, the detour was long."
    )
    page.click("#comment-form button[type=submit]")
    published = page.locator(".comment[data-status=published]")
    published.wait_for(state="visible", timeout=20_000)
    assert Comment.objects.filter(status=CommentStatus.PUBLISHED).count() == 1


def test_the_nudge_warns_a_reader_that_posting_would_block_them(
    live_server: Any, page: Any, reader: Any, settings: Any
) -> None:
    from decorum.enforcement.models import Block, StatusChange

    settings.DECORUM_ENFORCEMENT_SCREENING = True
    engine_adapter.clear_caches()
    engine_adapter.warm_up()
    article = make_page("Harbour bridge reopens after repairs")
    for n in range(2):
        old = Comment.objects.create(
            article=article, author=reader, text=f"old {n}", status=CommentStatus.REJECTED
        )
        StatusChange.objects.create(
            comment=old, from_status="pending", to_status="rejected", by_system=True
        )
    log_browser_in(page, live_server, reader)
    page.goto(f"{live_server.url}{article.url}")
    page.fill("#comment-form textarea[name=text]", INSULT)
    page.click("#comment-form button[type=submit]")
    warning = page.locator(".nudge .nudge-warning")
    warning.wait_for(state="visible")
    assert "blocks your account" in warning.inner_text()
    assert not Block.objects.exists()


def test_a_moderator_approves_a_false_positive_with_the_keyboard(
    live_server: Any, page: Any, reader: Any, second_reader: Any, moderator: Any, settings: Any
) -> None:
    from decorum.community.actions import post_comment, report_comment
    from decorum.core.jobs import wait_for_jobs

    settings.DECORUM_ENFORCEMENT_SCREENING = True
    engine_adapter.clear_caches()
    engine_adapter.warm_up()
    article = make_page("Film review: the villain returns")
    sarcastic = post_comment(
        author=reader, article=article, text="What a pathetic idiot the villain is, a true moron!"
    )
    wait_for_jobs()
    sarcastic.refresh_from_db()
    assert sarcastic.status == CommentStatus.REJECTED
    settings.DECORUM_ENFORCEMENT_SCREENING = False
    fine = post_comment(author=reader, article=article, text="Loved the soundtrack.")
    report_comment(comment=fine, reporter=second_reader, rule="off_topic")

    log_browser_in(page, live_server, moderator)
    page.goto(f"{live_server.url}/moderation/?queue=reported")
    assert page.locator(f"#queue-{fine.pk} .queue-report").inner_text().startswith("Stay on topic")

    page.goto(f"{live_server.url}/moderation/?queue=engine_rejected")
    item = page.locator(f"#queue-{sarcastic.pk}")
    assert item.locator("mark").count() >= 1
    page.screenshot(path=str(screenshot_dir_path() / "moderation-workspace.png"), full_page=True)
    page.keyboard.press("j")
    assert "is-focused" in (item.get_attribute("class") or "")
    page.keyboard.press("a")
    page.locator(".queue-empty").wait_for(state="visible")
    sarcastic.refresh_from_db()
    assert sarcastic.status == CommentStatus.PUBLISHED


def screenshot_dir_path() -> Any:
    from tests.e2e.conftest import SCREENSHOT_DIR

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


def test_a_blocked_reader_sees_why_appeals_and_a_second_moderator_restores_them(
    live_server: Any, browser: Any, reader: Any, moderator: Any, django_user_model: Any
) -> None:
    from decorum.enforcement.sanctions import block_user
    from tests.conftest import PASSWORD, make_user

    other_moderator = make_user(
        django_user_model, "mod2@example.org", is_staff=True, groups=("Moderators",)
    )
    article = make_page("Harbour bridge reopens after repairs")
    block_user(user=reader, scope="site", moderator=moderator, reason="Insults in three threads.")

    user_tab = browser.new_context(locale="en-GB").new_page()
    user_tab.goto(f"{live_server.url}/accounts/login/?next=/profile/")
    user_tab.fill("input[name=login]", reader.email)
    user_tab.fill("input[name=password]", PASSWORD)
    user_tab.click("form button[type=submit]")
    notice = user_tab.locator(".messages .blocked-notice")
    assert "Insults in three threads." in notice.inner_text()
    user_tab.goto(f"{live_server.url}{article.url}")
    assert "blocked from commenting" in user_tab.locator(".comments-closed").inner_text()
    user_tab.click(".blocked-details")
    user_tab.click(".account-block--active .appeal-link")
    assert user_tab.input_value("input[name=public_id]") == reader.public_id
    user_tab.fill(
        "textarea[name=explanation]",
        "Those were quotes from the film under discussion, not insults.",
    )
    user_tab.click(".appeal-form button[type=submit]")
    assert "Your appeal was sent" in user_tab.locator(".messages").inner_text()

    mod_tab = browser.new_context(locale="en-GB").new_page()
    log_browser_in(mod_tab, live_server, other_moderator)
    mod_tab.goto(f"{live_server.url}/moderation/appeals/")
    mod_tab.click(".appeal-row a")
    mod_tab.fill("textarea[name=reason]", "Checked the threads: they were quotes.")
    mod_tab.click("button[value=grant]")
    assert "decided" in mod_tab.locator(".messages").inner_text()

    user_tab.goto(f"{live_server.url}{article.url}")
    user_tab.fill("#comment-form textarea[name=text]", "Thank you for looking at it again.")
    user_tab.click("#comment-form button[type=submit]")
    user_tab.locator(".comment .comment-text").first.wait_for()
    assert "Thank you for looking" in user_tab.locator(".comment .comment-text").first.inner_text()
    user_tab.context.close()
    mod_tab.context.close()


def test_a_moderator_rejects_with_r_and_must_confirm_a_site_block(
    live_server: Any, page: Any, reader: Any, second_reader: Any, moderator: Any, settings: Any
) -> None:
    from decorum.community.actions import post_comment
    from decorum.enforcement.models import Block

    settings.DECORUM_ENFORCEMENT_SCREENING = False
    settings.DECORUM_COMMUNITY_PREMODERATION = True
    article = make_page("Harbour bridge reopens after repairs")
    rude = post_comment(author=reader, article=article, text="Only fools drive over it.")
    spam = post_comment(author=second_reader, article=article, text="Cheap watches, click here")

    log_browser_in(page, live_server, moderator)
    page.goto(f"{live_server.url}/moderation/")
    rude_item, spam_item = page.locator(f"#queue-{rude.pk}"), page.locator(f"#queue-{spam.pk}")
    menu = rude_item.locator(".decide-menu")
    assert menu.get_attribute("open") is None  # the rule menu stays folded until needed
    assert not rude_item.locator(".reject-form select").is_visible()

    page.keyboard.press("j")
    page.keyboard.press("r")
    select = rude_item.locator(".reject-form select")
    assert select.is_visible() and select.evaluate("el => el === document.activeElement")
    select.select_option("insults_threats")
    rude_item.locator(".reject-button").click()
    page.locator(".messages").wait_for(state="visible")
    rude.refresh_from_db()
    assert rude.status == CommentStatus.REJECTED

    spam_item.locator(".decide-menu summary").click()
    spam_item.locator("input[name=reason]").fill("Advertising in every thread.")
    spam_item.locator(".block-site").click()
    page.locator(".confirm-site-block").wait_for(state="visible")
    assert not Block.objects.exists()  # one click only asks
    page.click(".confirm-block-form button[type=submit]")
    page.locator(".workspace").wait_for(state="visible")
    block = Block.objects.get(user=second_reader)
    assert (block.scope, block.reason) == ("site", "Advertising in every thread.")
