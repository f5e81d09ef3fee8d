"""Importing an article from a page served on 127.0.0.1, with clutter around the article."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from decorum.news.models import ArticlePage
from tests.conftest import login
from tests.factories import make_site_tree

pytestmark = pytest.mark.django_db

# a news page as sites write them: the article among menus, sign-up boxes and comment rules
ARTICLE_HTML = """<!doctype html><html lang="en"><head><title>Harbour bridge reopens | Riverton Post</title>
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2026-11-01T09:30:00Z">
<meta property="og:image" content="{base}/lead.png">
</head><body>
<nav class="menu"><a href="/">Home</a> <a href="/world">World news menu</a> <a href="/sport">Sport</a></nav>
<div class="signup">Subscribe to our newsletter for exclusive offers today!</div>
<article><h1>Harbour bridge reopens</h1>
<p>The harbour bridge reopened on Saturday after eight months of repairs to its steel frame and deck.</p>
<p>Engineers replaced more than four hundred rivets and repainted the whole structure in its original green.</p>
<p>Traffic is expected to return to normal levels within a week, the council said in a statement.</p>
</article>
<aside class="comment-rules">Our comment rules: be nice, no spam, moderators decide everything.</aside>
<footer>Copyright Riverton Post. Cookie settings. Privacy policy.</footer>
</body></html>"""  # noqa: E501


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def site() -> Iterator[str]:
    png = _png()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/lead.png":
                body, kind = png, "image/png"
            elif self.path == "/article":
                body, kind = ARTICLE_HTML.format(base=base).encode(), "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_an_editor_imports_a_page_as_a_draft_without_the_clutter(
    client: Client, editor: Any, settings: Any, site: str
) -> None:
    settings.DECORUM_NEWS_IMPORT_ALLOW_PRIVATE = True
    section = make_site_tree().sections["World"]
    login(client, editor)
    form = client.get("/admin/news/import/")
    assert form.status_code == 200 and "Import an article" in form.content.decode()
    response = client.post("/admin/news/import/", {"url": f"{site}/article", "section": section.pk})
    assert response.status_code == 302, response.content.decode()[:400]
    article = ArticlePage.objects.get()
    assert not article.live and article.get_parent().pk == section.pk
    assert article.title == "Harbour bridge reopens"
    assert article.lead.startswith("The harbour bridge reopened on Saturday")
    assert article.byline == "Jane Roe"
    assert article.published_at.date().isoformat() == "2026-11-01"
    assert article.main_image is not None
    body = " ".join(str(b.value) for b in article.body)
    assert "four hundred rivets" in body
    everything = article.title + article.lead + body
    for clutter in ("newsletter", "World news menu", "comment rules", "Cookie settings"):
        assert clutter not in everything


def test_an_uploaded_html_file_works_too_and_bad_input_is_explained(
    client: Client, editor: Any, settings: Any
) -> None:
    section = make_site_tree().sections["World"]
    login(client, editor)
    upload = io.BytesIO(ARTICLE_HTML.format(base="http://127.0.0.1:9").encode())
    upload.name = "page.html"
    response = client.post("/admin/news/import/", {"file": upload, "section": section.pk})
    assert response.status_code == 302
    assert ArticlePage.objects.get().title == "Harbour bridge reopens"

    refused = client.post(
        "/admin/news/import/", {"url": "file:///etc/passwd", "section": section.pk}
    )
    assert refused.status_code == 400 and "http://" in refused.content.decode()
    settings.DECORUM_NEWS_IMPORT_ALLOW_PRIVATE = False
    private = client.post(
        "/admin/news/import/", {"url": "http://127.0.0.1:9/x", "section": section.pk}
    )
    assert private.status_code == 400 and "private or local" in private.content.decode()
    empty = io.BytesIO(b"<html><body></body></html>")
    empty.name = "empty.html"
    nothing = client.post("/admin/news/import/", {"file": empty, "section": section.pk})
    assert nothing.status_code == 400 and "No article text" in nothing.content.decode()
    assert ArticlePage.objects.count() == 1


def test_readers_cannot_import(client: Client, reader: Any) -> None:
    login(client, reader)
    assert client.get("/admin/news/import/").status_code in (302, 403)
