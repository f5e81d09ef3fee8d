"""Galleries and videos as article blocks, and the Multimedia page listing such articles."""

from __future__ import annotations

import pytest
from django.test import Client

from decorum.core.images import make_wagtail_image
from decorum.news.media import embed_url
from decorum.news.models import MultimediaPage
from tests.factories import make_article, make_site_tree

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://evil.example/watch?v=dQw4w9WgXcQ", ""),
        ("javascript:alert(1)", ""),
        ('https://www.youtube.com/watch?v="><script>', ""),
    ],
)
def test_only_known_video_hosts_are_embedded(url: str, expected: str) -> None:
    assert embed_url(url) == expected


def test_gallery_and_video_render_and_the_multimedia_page_lists_them(client: Client) -> None:
    tree = make_site_tree()
    media_page = MultimediaPage(title="Multimedia", slug="multimedia")
    tree.home.add_child(instance=media_page)
    media_page.save_revision().publish()
    images = [make_wagtail_image(title=f"Photo {n}") for n in (1, 2)]
    gallery = make_article("Festival photos")
    gallery.body.append(
        (
            "gallery",
            {
                "title": "The festival",
                "images": [
                    {"image": i, "caption": "At the river", "credit": "Staff"} for i in images
                ],
            },
        )
    )
    gallery.save_revision().publish()
    video = make_article("Bridge opening on video")
    video.body.append(("video", {"url": "https://vimeo.com/76979871", "caption": "Opening"}))
    video.save_revision().publish()
    other = make_article("Plain text story")
    linked = make_article("Video elsewhere")
    linked.body.append(("video", {"url": "https://videos.example/clip/9", "caption": ""}))
    linked.save_revision().publish()

    html = client.get(gallery.url).content.decode()
    assert html.count('class="gallery-image"') == 2 and "The festival" in html
    html = client.get(video.url).content.decode()
    assert 'src="https://player.vimeo.com/video/76979871"' in html and "sandbox=" in html
    html = client.get(linked.url).content.decode()
    assert "<iframe" not in html and 'href="https://videos.example/clip/9"' in html

    listing = client.get(media_page.url).content.decode()
    for shown in (gallery, video, linked):
        assert shown.title in listing
    assert other.title not in listing
