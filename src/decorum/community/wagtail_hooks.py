"""A link to the comment moderation page in the Wagtail admin menu, for moderators only."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from decorum.community.access import can_moderate


class ModerationMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item() -> MenuItem:
    return ModerationMenuItem(
        _("Comments to review"), reverse("community:moderation"), icon_name="comment", order=250
    )
