"""Editors publish articles themselves: give Wagtail's "Editors" group publish on the tree root.

Wagtail's own migrations give Editors only add and edit (they would submit for moderation);
in a newsroom the editor is the one who publishes.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def grant(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    editors = Group.objects.filter(name="Editors").first()
    root = Page.objects.filter(depth=1).order_by("path").first()
    publish = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="publish_page"
    ).first()
    if editors is None or root is None or publish is None:
        return
    GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=publish)


def revoke(apps: Any, schema_editor: Any) -> None:
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name="Editors", page__depth=1, permission__codename="publish_page"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
