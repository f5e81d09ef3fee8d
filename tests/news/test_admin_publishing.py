"""An editor creates and publishes an article through Wagtail's admin views."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from decorum.news.models import ArticlePage
from tests.conftest import login
from tests.factories import make_site_tree

pytestmark = pytest.mark.django_db


def test_editor_creates_and_publishes_an_article_that_appears_on_the_home_page(
    client: Client, editor: Any
) -> None:
    tree = make_site_tree()
    section = tree.sections["Politics"]
    login(client, editor)
    add_url = f"/admin/pages/add/news/articlepage/{section.pk}/"
    assert client.get(add_url).status_code == 200
    data = nested_form_data(
        {
            "title": "Town hall gets a new clock",
            "slug": "town-hall-gets-a-new-clock",
            "lead": "The old clock stopped in March and will go to the museum.",
            "main_image_caption": "",
            "main_image_credit": "",
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>Workers hoisted the clock on Friday.</p>")),
                    ("quote", {"text": "It keeps better time.", "attribution": "The mayor"}),
                ]
            ),
            "published_at": "2026-11-20 10:00",
            "byline": "Ed Editor",
            "source": "Town hall press office",
            "tags": "clocks, town hall",
            "related_picks": inline_formset([]),
            "action-publish": "Publish",
        }
    )
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = ArticlePage.objects.get(slug="town-hall-gets-a-new-clock")
    assert article.live
    assert sorted(t.name for t in article.tags.all()) == ["clocks", "town hall"]
    client.logout()
    home = client.get("/").content.decode()
    assert "Town hall gets a new clock" in home


def test_editor_translates_an_article_into_the_russian_edition(client: Client, editor: Any) -> None:
    from wagtail.models import Locale

    from tests.factories import make_article, make_edition

    make_edition("ru", {"Politics": "Политика"})
    article = make_article("Town hall gets a new clock", section="Politics", tags=["clocks"])
    russian = Locale.objects.get(language_code="ru")
    login(client, editor)
    submit_url = f"/admin/translation/submit/page/{article.pk}/"
    assert client.get(submit_url).status_code == 200
    response = client.post(submit_url, {"locales": [russian.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = ArticlePage.objects.get(translation_key=article.translation_key, locale=russian)
    assert not draft.live  # a copy to translate, not yet published

    data = nested_form_data(
        {
            "title": "В ратуше повесили новые часы",
            "slug": "novye-chasy",
            "lead": "Старые часы остановились в марте и переедут в музей.",
            "main_image_caption": "",
            "main_image_credit": "",
            "body": streamfield([("paragraph", rich_text("<p>Часы подняли в пятницу.</p>"))]),
            "published_at": "2026-11-20 10:00",
            "byline": "Ed Editor",
            "source": "",
            "tags": "часы",
            "related_picks": inline_formset([]),
            "action-publish": "Publish",
        }
    )
    response = client.post(f"/admin/pages/{draft.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    home = client.get("/ru/").content.decode()
    assert "В ратуше повесили новые часы" in home
    page = client.get(ArticlePage.objects.get(pk=article.pk).url).content.decode()
    assert 'href="/ru/' in page and 'id="other-editions"' in page


def test_editor_previews_an_article_that_was_never_saved(client: Client, editor: Any) -> None:
    """Wagtail previews a new page before autosave has created it; the slug is still blank."""
    tree = make_site_tree()
    section = tree.sections["Politics"]
    login(client, editor)
    preview_url = f"/admin/pages/add/news/articlepage/{section.pk}/preview/"
    data = nested_form_data(
        {
            "title": "Bridge closes for repairs",
            "slug": "",
            "lead": "Cyclists will use the ferry until spring.",
            "main_image_caption": "",
            "main_image_credit": "",
            "body": streamfield([("paragraph", rich_text("<p>The deck needs new planks.</p>"))]),
            "published_at": "2026-11-20 10:00",
            "byline": "",
            "source": "",
            "tags": "bridges",
            "related_picks": inline_formset([]),
        }
    )
    response = client.post(preview_url, data)
    assert response.json() == {"is_valid": True, "is_available": True}
    response = client.get(f"{preview_url}?in_preview_panel=true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bridge closes for repairs" in html
    assert "The deck needs new planks." in html
    assert not ArticlePage.objects.exists()
