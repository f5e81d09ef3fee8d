"""Site-wide views that belong to no app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers and crawlers ask for /favicon.ico whatever the page says; send them to the SVG
    icon instead of logging a 404 on every first visit. Temporary, so a renamed static file
    (hashed names in production) is picked up within a day."""
    return HttpResponseRedirect(static("decorum/favicon.svg"))
