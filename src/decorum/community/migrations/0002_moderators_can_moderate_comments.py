"""Grant ``community.moderate_comment`` to Wagtail's "Moderators" group."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def grant(apps: Any, schema_editor: Any) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="community", model="comment")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="moderate_comment",
        defaults={"name": "Can moderate comments"},
    )
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(permission)


def revoke(apps: Any, schema_editor: Any) -> None:
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="community", codename="moderate_comment"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
