"""Accounts tells and asks the hooks ``DECORUM_ACCOUNTS_HOOKS`` names, and nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from decorum.accounts.checks import check_accounts_hooks
from decorum.accounts.hooks import AccountHooks, CommentingBlock
from tests.conftest import PASSWORD


class BlockedEverywhere(AccountHooks):
    """Reports one final site-wide block for everybody."""

    def commenting_blocks(self, user: Any) -> Sequence[CommentingBlock]:
        return [CommentingBlock(site_wide=True, article_title="", reason="Test.", final=True)]


@pytest.mark.django_db
def test_the_hooks_the_setting_names_tell_a_user_of_their_blocks_at_login(
    client: Client, reader: Any, settings: Any
) -> None:
    settings.DECORUM_ACCOUNTS_HOOKS = f"{__name__}.BlockedEverywhere"
    login = client.post("/accounts/login/", {"login": reader.email, "password": PASSWORD})
    assert login.status_code == 302
    page = client.get("/profile/").content.decode()
    assert 'class="blocked-notice warning"' in page
    assert "Reasons: Test. This block is final." in page


def test_the_configured_hooks_pass_the_check() -> None:
    assert check_accounts_hooks() == []


def test_the_system_check_rejects_a_bad_hooks_path(settings: Any) -> None:
    settings.DECORUM_ACCOUNTS_HOOKS = "decorum.accounts.models.User"
    [error] = check_accounts_hooks()
    assert error.id == "accounts.E001"
    assert "is not a subclass of decorum.accounts.hooks.AccountHooks" in error.msg
    with pytest.raises(SystemCheckError, match=r"accounts\.E001"):
        call_command("check")
