"""Which classifier model screens comments: the shipped one, or one ``decorum train --extra``
retrained with the publisher's labels. An administrator puts a retrained model in force and
can go back to the shipped one, like policy versions; both are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decorum.core.errors import ErrorCode, ValidationFailed
from decorum.enforcement import app_settings, audit, engine_adapter
from decorum.enforcement.access import access_model_versions_for_choosing
from decorum.enforcement.models import ModelVersion

MAX_LISTED = 100


@dataclass(frozen=True, slots=True)
class ModelRow:
    """One retrained model on disk, with who put it in force when it is."""

    name: str
    trained_at: datetime
    in_force: bool
    put_in_force_by: str
    put_in_force_at: datetime | None


def model_versions() -> list[ModelRow]:
    """Retrained models under the models folder, newest first, joined with their records
    (one query)."""
    root = app_settings.models_root()
    dirs = (
        sorted((d for d in root.iterdir() if d.is_dir()), key=lambda d: d.name, reverse=True)
        if root.is_dir()
        else []
    )[:MAX_LISTED]
    records = {
        r.name: r
        for r in ModelVersion.objects.filter(name__in=[d.name for d in dirs]).select_related(
            "put_in_force_by"
        )
    }
    rows = []
    for d in dirs:
        record = records.get(d.name)
        by = record.put_in_force_by if record is not None else None
        rows.append(
            ModelRow(
                name=d.name,
                trained_at=datetime.fromtimestamp(d.stat().st_mtime, tz=UTC),
                in_force=bool(record and record.in_force),
                put_in_force_by=str(getattr(by, "shown_name", "") or "") if by else "",
                put_in_force_at=record.put_in_force_at if record is not None else None,
            )
        )
    return rows


def _changed() -> None:
    engine_adapter.model_in_force_changed()
    transaction.on_commit(engine_adapter.model_in_force_changed)


@transaction.atomic
def put_model_in_force(*, name: str, by: Any) -> ModelVersion:
    """Screen comments with the retrained model ``name`` (a folder in the models folder),
    after loading it as the engine will."""
    access_model_versions_for_choosing(by)
    root = app_settings.models_root()
    directory = root / str(name or "")
    if not name or Path(name).name != name or not directory.is_dir():
        raise ValidationFailed(_("There is no such model."), code=ErrorCode.UNKNOWN_MODEL)
    engine_adapter.check_model_dir(str(directory))
    now = timezone.now()
    previous = list(
        ModelVersion.objects.select_for_update()
        .filter(in_force=True)
        .values_list("name", flat=True)
    )
    ModelVersion.objects.filter(in_force=True).update(in_force=False)
    record, _created = ModelVersion.objects.update_or_create(
        name=name,
        defaults={
            "path": str(directory),
            "in_force": True,
            "put_in_force_by": by,
            "put_in_force_at": now,
            "created_at": datetime.fromtimestamp(directory.stat().st_mtime, tz=UTC),
        },
    )
    audit.record(
        action="model.put_in_force",
        actor=by,
        target=record,
        details={"model": name, "previous": previous[0] if previous else "shipped"},
    )
    _changed()
    return record


@transaction.atomic
def back_to_shipped_model(*, by: Any) -> None:
    """Screen comments with the shipped model again."""
    access_model_versions_for_choosing(by)
    previous = list(
        ModelVersion.objects.select_for_update()
        .filter(in_force=True)
        .values_list("name", flat=True)
    )
    ModelVersion.objects.filter(in_force=True).update(in_force=False)
    audit.record(
        action="model.shipped_in_force",
        actor=by,
        details={"model": "shipped", "previous": previous[0] if previous else "shipped"},
    )
    _changed()
