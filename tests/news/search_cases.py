"""Search behaviour shared by the SQLite run and the PostgreSQL run (imported by both)."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from tests.factories import make_article, make_edition


def check_ranked_filtered_highlighted_and_paginated(client: Client) -> None:
    now = timezone.now()
    make_article(
        "Harbour bridge reopens",
        section="Politics",
        lead="The harbour bridge is open again after repairs to the harbour walls.",
        published_at=now - timedelta(days=1),
    )
    make_article(
        "Council budget",
        section="Economy",
        lead="The budget mentions the harbour once.",
        published_at=now - timedelta(days=10),
    )
    make_article("Opera season", section="Culture", lead="Nothing about the sea.")
    make_article("Harbour draft", section="Politics", lead="harbour harbour", live=False)

    html = client.get("/search/", {"q": "harbour"}).content.decode()
    assert "2 articles found" in html
    assert html.index("Harbour bridge reopens".replace("Harbour", "<mark>Harbour</mark>")) < (
        html.index("Council budget")
    )
    assert "<mark>harbour</mark>" in html and "Harbour draft" not in html
    assert "Opera season" not in html

    politics = client.get("/search/").context["sections"]
    section_id = next(s.pk for s in politics if s.title == "Economy")
    only_economy = client.get("/search/", {"q": "harbour", "section": section_id})
    assert [r["article"].title for r in only_economy.context["results"]] == ["Council budget"]
    recent = client.get(
        "/search/", {"q": "harbour", "from": (now - timedelta(days=3)).date().isoformat()}
    )
    assert [r["article"].title for r in recent.context["results"]] == ["Harbour bridge reopens"]

    for number in range(12):
        make_article(f"Tide table {number}", lead="Tide times for the harbour.")
    first = client.get("/search/", {"q": "tide"})
    assert first.context["page"].paginator.count == 12 and len(first.context["results"]) == 10
    second = client.get("/search/", {"q": "tide", "page": 2})
    assert len(second.context["results"]) == 2


def check_hostile_queries_are_escaped(client: Client) -> None:
    make_article("Safe article", lead="Script kiddies and markup.")
    html = client.get("/search/", {"q": "<script>alert(1)</script> script"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert client.get("/search/", {"q": "x" * 5000}).status_code == 200


FTS_SYNTAX = ['bank"', '"', '"bank', "bank*", "^bank", "title:bank", "(bank", "NEAR(bank", "-"]


def check_query_syntax_is_read_as_words(client: Client, editor_client: Client) -> None:
    """Quotes, stars and the other characters of the full-text query language are not syntax:
    the words around them are searched and a query without words finds nothing, in both
    editions and in the admin's page search (prefix matching on the words as written)."""
    make_article("Bank holiday traffic", lead="The bank holiday brings traffic to the coast.")
    make_edition("ru", {"Politics": "Политика"})
    for prefix in ("", "/ru"):
        for query in FTS_SYNTAX:
            response = client.get(f"{prefix}/search/", {"q": query})
            assert response.status_code == 200, (prefix, query)
    found = client.get("/search/", {"q": 'bank"'})
    assert [r["article"].title for r in found.context["results"]] == ["Bank holiday traffic"]
    for query in [*FTS_SYNTAX, 'bank holiday"', "ban"]:
        for url in ("/admin/pages/search/", "/admin/choose-page/search/"):
            response = editor_client.get(url, {"q": query})
            assert response.status_code == 200, (url, query)
    admin = editor_client.get("/admin/pages/search/", {"q": 'ban"'}).content.decode()
    assert "Bank holiday traffic" in admin


def check_a_null_character_is_a_clear_400(client: Client) -> None:
    """PostgreSQL cannot hold NUL in text; any GET parameter with one is refused, not a 500."""
    for prefix in ("", "/ru"):
        cases: list[dict[str, str]] = [
            {"q": "bank\x00"},
            {"q": "bank", "section": "\x00"},
            {"q": "\x00"},
        ]
        for params in cases:
            response = client.get(f"{prefix}/search/", params)
            assert response.status_code == 400, (prefix, params)
            assert "null character" in response.content.decode() or prefix == "/ru"
    russian = client.get("/ru/search/", {"q": "\x00"}).content.decode()
    assert "нулевой символ" in russian
    scripted = client.get("/search/", {"q": "\x00"}, HTTP_ACCEPT="application/json")
    assert scripted.status_code == 400 and scripted.json()["code"] == "null_character"


def check_russian_words_are_found(client: Client) -> None:
    """The Russian edition's search finds its articles; the English edition's does not."""
    russian = make_edition("ru", {"Politics": "Политика"})
    make_article(
        "Мост через гавань снова открыт",
        section=russian.sections["Politics"],
        lead="Ремонт моста закончился раньше срока, движение восстановлено.",
    )
    make_article("Театральный сезон", section=russian.sections["Politics"], lead="Премьера оперы.")
    make_article("Ремонт in English", lead="An English article that mentions ремонт.")
    html = client.get("/ru/search/", {"q": "ремонт"}).content.decode()
    assert "Мост через гавань снова открыт" in html and "Театральный сезон" not in html
    assert "<mark>Ремонт</mark>" in html
    assert "in English" not in html
    english = client.get("/search/", {"q": "ремонт"}).content.decode()
    assert "<mark>Ремонт</mark> in English" in english and "Мост через гавань" not in english


def check_word_forms_are_found(client: Client) -> None:
    """Another form of a word finds the article, in the edition that published it only."""
    make_article(
        "Storm stops the island ferry",
        lead="The ferry to the island stays in port until the wind drops.",
    )
    make_article(
        "A comet over the bay",
        lead="Astronomers photographed the comet from the harbour wall.",
    )
    russian = make_edition("ru", {"Politics": "Политика"})
    make_article(
        "Расписание паромов изменится",
        section=russian.sections["Politics"],
        lead="Из-за шторма несколько паромов остаются в порту.",
    )

    ferries = client.get("/search/", {"q": "ferries"})
    assert [r["article"].title for r in ferries.context["results"]] == [
        "Storm stops the island ferry"
    ]
    assert "<mark>ferry</mark>" in ferries.content.decode()
    comets = client.get("/search/", {"q": "Comets"})
    assert [r["article"].title for r in comets.context["results"]] == ["A comet over the bay"]

    parom = client.get("/ru/search/", {"q": "паромы"})
    assert [r["article"].title for r in parom.context["results"]] == [
        "Расписание паромов изменится"
    ]
    assert "<mark>паромов</mark>" in parom.content.decode()
    assert client.get("/search/", {"q": "паромы"}).context["results"] == []
    assert client.get("/ru/search/", {"q": "ferries"}).context["results"] == []
    # the words that worked before still do
    assert len(client.get("/search/", {"q": "ferry"}).context["results"]) == 1
    assert len(client.get("/ru/search/", {"q": "паромов"}).context["results"]) == 1
