"""Refuse requests whose input cannot be read as text, with a clear 400 instead of a 500.

Two kinds reach the views otherwise:

- a NUL character in the query string: PostgreSQL refuses to store or compare text holding
  one, so ``/search/?q=bank%00`` raised a database error;
- a form body that is not UTF-8. Decorum's pages are UTF-8 and so are the forms browsers send
  from them. Django decodes bytes it cannot read as UTF-8 with replacement characters (or
  guesses Latin-1), and ignores a charset it does not know, so a comment or a display name
  would be stored with "�" where the text was. A declared charset other than UTF-8 (known or
  not) and percent-escapes that do not decode as UTF-8 are refused before any view runs.

Multipart bodies (uploads) are not read here: their charset is checked, their parts are not.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def unreadable_input(request: HttpRequest) -> tuple[str, str] | None:
    """``(code, message)`` when the request carries text Decorum will not read, else None."""
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return (
                "null_character",
                _("The address contains a null character, which is not allowed."),
            )
    if request.method not in BODY_METHODS or request.content_type not in FORM_TYPES:
        return None
    charset = (request.content_params or {}).get("charset")
    if charset is not None and not _is_utf8(charset):
        return (
            "invalid_encoding",
            _(
                "The form was sent in the character set %(charset)s; this site accepts only "
                "UTF-8. Please send it again from the page."
            )
            % {"charset": charset[:40]},
        )
    if request.content_type == "application/x-www-form-urlencoded":
        try:
            unquote_to_bytes(request.body.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return (
                "invalid_encoding",
                _(
                    "The form contains bytes that are not valid UTF-8 text. "
                    "Please send it again from the page."
                ),
            )
    return None


def bad_request(request: HttpRequest, code: str, message: str) -> HttpResponse:
    """The error as the client wants it: the JSON envelope for scripts, a page for people."""
    if request.accepts("application/json") and not request.accepts("text/html"):
        return JsonResponse({"code": code, "message": message, "data": None}, status=400)
    return render(request, "decorum/bad_request.html", {"message": message}, status=400)


class UnreadableInputMiddleware:
    """Runs after the session, locale and user are known (the error page needs them) and
    before any view or ``CsrfViewMiddleware.process_view`` reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = unreadable_input(request)
        if problem is not None:
            return bad_request(request, *problem)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (Django's
    ``SecurityMiddleware`` sends HSTS, Referrer-Policy, nosniff and COOP).

    The public site gets the strict policy: only the site's own scripts and styles, none inline.
    Paths under ``DECORUM_ADMIN_PATHS`` (the Wagtail and Django admins, whose pages carry inline
    scripts and styles) get ``DECORUM_ADMIN_CONTENT_SECURITY_POLICY``. A view that sets its own
    header keeps it. An empty setting sends no header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.policy = str(getattr(settings, "DECORUM_CONTENT_SECURITY_POLICY", ""))
        self.admin_policy = str(getattr(settings, "DECORUM_ADMIN_CONTENT_SECURITY_POLICY", ""))
        self.admin_paths = tuple(getattr(settings, "DECORUM_ADMIN_PATHS", ()))
        self.permissions_policy = str(getattr(settings, "DECORUM_PERMISSIONS_POLICY", ""))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        in_admin = request.path_info.startswith(self.admin_paths) if self.admin_paths else False
        policy = self.admin_policy if in_admin else self.policy
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        if self.permissions_policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions_policy
        return response


class ProxyHeadersMiddleware:
    """X-Forwarded-Proto is believed only from ``DECORUM_TRUSTED_PROXIES``, like
    X-Forwarded-For (decorum.core.client_ip): a client that reaches the server directly
    cannot claim HTTPS. Runs first, before ``SecurityMiddleware`` reads
    ``SECURE_PROXY_SSL_HEADER`` for the HTTPS redirect and secure cookies."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "HTTP_X_FORWARDED_PROTO" in request.META:
            from decorum.core.client_ip import from_trusted_proxy

            if not from_trusted_proxy(request):
                del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)
