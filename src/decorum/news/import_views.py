"""The Wagtail admin page where an editor imports an article from a URL or an HTML file."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from decorum.core.errors import ValidationFailed
from decorum.news import importing
from decorum.news.models import SectionPage

MAX_UPLOAD = importing.MAX_BYTES


def import_article(request: HttpRequest) -> HttpResponse:
    sections = [
        s
        for s in SectionPage.objects.live().order_by("title")
        if s.permissions_for_user(request.user).can_add_subpage()
    ]
    error = ""
    if request.method == "POST":
        section = next((s for s in sections if str(s.pk) == request.POST.get("section")), None)
        url = request.POST.get("url", "").strip()
        upload = request.FILES.get("file")
        try:
            if section is None:
                raise ValidationFailed(_("Choose the section the article belongs to."))
            if upload is not None:
                if upload.size is not None and upload.size > MAX_UPLOAD:
                    raise ValidationFailed(_("The file is larger than 3 MB."))
                extracted = importing.extract(upload.read(), source_url=url)
            elif url:
                extracted = importing.extract(importing.fetch(url), source_url=url)
            else:
                raise ValidationFailed(_("Paste a web address or choose an HTML file."))
            article = importing.create_draft(
                editor=request.user, section=section, extracted=extracted
            )
        except ValidationFailed as err:
            error = str(err.message)
        else:
            messages.success(
                request, _("Draft created from the page. Check it, add tags, then publish.")
            )
            return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    return render(
        request,
        "news/admin/import.html",
        {"sections": sections, "error": error},
        status=400 if error else 200,
    )
