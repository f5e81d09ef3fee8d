"""Classes named by a dotted-path setting (the django-allauth adapter habit).

An app that lets another app take over part of its work (community's comment gate, accounts'
hooks) defines a base class with the permissive defaults and reads the class to use from a
setting; the settings name the implementation, so the app never imports it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TypeVar

from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

T = TypeVar("T")


@lru_cache(maxsize=32)
def class_from_setting(setting: str, path: str, base: type[T]) -> type[T]:
    """The class at ``path`` (the value of ``setting``), which must subclass ``base``; raises
    ``ImproperlyConfigured`` naming the setting otherwise. Cached per path, so reading it on
    every request costs a dictionary lookup."""
    try:
        found = import_string(path)
    except ImportError as err:
        raise ImproperlyConfigured(f"{setting} = {path!r} cannot be imported: {err}") from err
    if not (isinstance(found, type) and issubclass(found, base)):
        raise ImproperlyConfigured(
            f"{setting} = {path!r} is not a subclass of {base.__module__}.{base.__qualname__}."
        )
    return found


def check_class_setting(setting: str, path: str, base: type, *, id: str) -> list[CheckMessage]:
    """The system check for such a setting: one error, at start-up, for a bad dotted path."""
    try:
        class_from_setting(setting, path, base)
    except ImproperlyConfigured as err:
        return [
            Error(
                str(err),
                hint=f"Name a subclass of {base.__module__}.{base.__qualname__} by its dotted "
                "path.",
                id=id,
            )
        ]
    return []
