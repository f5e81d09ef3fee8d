"""Editors translate articles into the other editions themselves (Wagtail's "Translate" action
needs simple_translation's ``submit_translation`` permission, which no group has by default).

The permission row is created here if post_migrate has not made it yet (fresh database)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def grant(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    content_type = ContentType.objects.get_or_create(
        app_label="simple_translation", model="simpletranslation"
    )[0]
    permission = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )[0]
    editors.permissions.add(permission)


def revoke(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth.Group")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(*editors.permissions.filter(codename="submit_translation"))


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_article_embeddings"),
        ("simple_translation", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
