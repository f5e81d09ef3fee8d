from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from decorum.news import feeds, views

# Tag slugs keep their letters (Cyrillic tags of the Russian edition), hence <str:slug>.
app_name = "news"
urlpatterns: list[URLPattern | URLResolver] = [
    path("tags/<str:slug>/", views.tag_page, name="tag"),
    path("s/<str:code>", views.short_link, name="short_link"),
    path("live/", views.live, name="live"),
    path("search/", views.search, name="search"),
    path("live/updates/", views.live_updates, name="live_updates"),
    path("feeds/rss/", feeds.LatestFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.LatestAtom(), name="feed_atom"),
    path("feeds/section/<slug:slug>/rss/", feeds.SectionFeed(), name="section_rss"),
    path("feeds/section/<slug:slug>/atom/", feeds.SectionAtom(), name="section_atom"),
    path("feeds/tag/<str:slug>/rss/", feeds.TagFeed(), name="tag_rss"),
    path("feeds/tag/<str:slug>/atom/", feeds.TagAtom(), name="tag_atom"),
]
