"""Links in the Wagtail admin menu: the comment moderation page for moderators, the policy
editor for administrators."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from decorum.community.access import can_moderate
from decorum.enforcement.access import can_edit_policy


class ModerationMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item() -> MenuItem:
    return ModerationMenuItem(
        _("Comments to review"),
        reverse("enforcement_workspace:queue"),
        icon_name="comment",
        order=250,
    )


class PolicyMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_edit_policy(request.user)


@hooks.register("register_admin_menu_item")
def register_policy_menu_item() -> MenuItem:
    return PolicyMenuItem(
        _("Community policy"), reverse("enforcement_policy:edit"), icon_name="cog", order=260
    )
