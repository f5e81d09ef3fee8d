"""Related coverage draws on content similarity (real multilingual embeddings), across
editions; editor picks still come first."""

from __future__ import annotations

from typing import Any

import pytest

from decorum.news.models import ArticleEmbedding
from decorum.news.selectors import related_articles
from decorum.news.similarity import compute_embedding
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_similar_articles_follow_the_picks_and_unrelated_ones_stay_out() -> None:
    pick = make_article("Editor's choice: a history of the town", lead="Founded in 1820.")
    main = make_article(
        "Harbour bridge closed for repairs",
        lead="Engineers closed the harbour bridge to repair cracks in its steel deck.",
        body_paragraphs=("Traffic is diverted over the old river crossing.",),
        related=[pick],
    )
    similar = make_article(
        "Steel deck of the harbour bridge needs more work",
        lead="Repairs to the bridge over the harbour will take longer than planned.",
    )
    russian = make_article(
        "Ремонт моста через гавань затягивается",
        lead="Инженеры продолжают ремонт стального настила моста через гавань.",
    )
    unrelated = make_article(
        "Opera season opens with a new Carmen",
        lead="The city opera begins its season with a modern staging of Carmen.",
    )
    for article in (main, similar, russian, unrelated, pick):
        assert compute_embedding(article.pk)
    assert not compute_embedding(main.pk)  # unchanged text: nothing to redo
    assert ArticleEmbedding.objects.count() == 5

    titles = [a.title for a in related_articles(article=main, limit=5)]
    assert titles[0] == pick.title
    assert similar.title in titles and russian.title in titles
    assert unrelated.title not in titles


def test_publishing_computes_the_embedding_in_the_background(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.DECORUM_NEWS_EMBED_ON_PUBLISH = True
    settings.DECORUM_JOBS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Tram line extended", lead="The tram now reaches the airport.")
    assert ArticleEmbedding.objects.filter(article=article).exists()
