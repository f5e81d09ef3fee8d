"""Thin views: parse the request, call one action or selector, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from decorum.community.standards import current_standards


def request_language() -> str:
    return (get_language() or "en").split("-")[0]


def standards(request: HttpRequest) -> HttpResponse:
    return render(
        request, "community/standards.html", {"standards": current_standards(request_language())}
    )
