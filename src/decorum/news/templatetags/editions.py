"""The edition switcher: the same page in the other editions where it exists."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override
from wagtail.models import Page

register = template.Library()


def edition_home_url(language: str) -> str:
    with override(language):
        return reverse("wagtail_serve", args=[""])


def _versions(page: Page, request: Any) -> dict[str, str]:
    """Language code -> address of the page's live versions, in one query."""
    versions = (
        Page.objects.live().filter(translation_key=page.translation_key).select_related("locale")
    )
    return {
        version.locale.language_code: url
        for version in versions
        if (url := version.get_url(request))
    }


@register.simple_tag(takes_context=True)
def edition_links(context: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per edition: code, name in its own language, address, whether current."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    # A reader switching edition on a page that edition does not carry lands on its front
    # page, not on an error.
    versions = None
    if isinstance(page, Page):
        known = context.get("other_editions")  # an article page has looked them up already
        if known is not None:
            versions = {v["code"]: v["url"] for v in known}
            versions[current] = request.path if request is not None else (page.url or "")
        else:
            versions = _versions(page, request)
    links = []
    for code, _name in settings.LANGUAGES:
        if versions is not None:
            url = versions.get(code) or edition_home_url(code)
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = edition_home_url(code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "current": code == current,
            }
        )
    return links


@register.simple_tag
def edition_home() -> str:
    return edition_home_url(get_language())
