"""The editor reviews suggested tags for an article and adds the ones they accept."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from decorum.news.entities import suggest_tags
from decorum.news.models import ArticlePage

MAX_TAG = 100


def review_tags(request: HttpRequest, page_id: int) -> HttpResponse:
    live_page = get_object_or_404(ArticlePage, pk=page_id)
    if not live_page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    article = live_page.get_latest_revision_as_object()
    if request.method == "POST":
        chosen = [
            t.strip()[:MAX_TAG]
            for t in request.POST.getlist("tag")
            if t.strip() and "," not in t and '"' not in t
        ]
        if chosen:
            # a live article with no pending draft gets its tags at once; otherwise they join
            # the draft the editor is working on
            in_sync = live_page.live and not live_page.has_unpublished_changes
            article.tags.add(*chosen)
            revision = article.save_revision(user=request.user, log_action=True)
            if in_sync:
                revision.publish(user=request.user)
            messages.success(request, _("Tags added: %(tags)s.") % {"tags": ", ".join(chosen)})
        return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[page_id]))
    return render(
        request,
        "news/admin/review_tags.html",
        {"page": article, "suggestions": suggest_tags(article)},
    )
