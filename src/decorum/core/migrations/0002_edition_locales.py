"""One Wagtail locale per configured edition language, so editors can translate pages into
every edition from the first start (Wagtail itself only creates the default one)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import migrations


def create_locales(apps: Any, schema_editor: Any) -> None:
    locale_model = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        locale_model.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
