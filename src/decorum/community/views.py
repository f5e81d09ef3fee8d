from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def standards(request: HttpRequest) -> HttpResponse:
    return render(request, "community/standards.html", {})
