"""Body blocks for articles: everything an editor can put between the lead and the comments."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        template = "news/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    credit = blocks.CharBlock(required=False, label=_("Credit"))

    class Meta:
        icon = "image"
        template = "news/blocks/image.html"


class RelatedArticleBlock(blocks.StructBlock):
    article = blocks.PageChooserBlock(page_type="news.ArticlePage", label=_("Article"))

    class Meta:
        icon = "link"
        template = "news/blocks/related_article.html"


class ExternalPostBlock(blocks.StructBlock):
    """A post from elsewhere kept as its URL and text: never fetched, so no third-party scripts."""

    url = blocks.URLBlock(label=_("Post URL"))
    text = blocks.TextBlock(label=_("Post text"))
    author = blocks.CharBlock(required=False, label=_("Author"))

    class Meta:
        icon = "site"
        template = "news/blocks/external_post.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Gallery title"))
    images = blocks.ListBlock(ImageBlock(), min_num=2, label=_("Images"))

    class Meta:
        icon = "image"
        template = "news/blocks/gallery.html"


class VideoBlock(blocks.StructBlock):
    """A video by URL. YouTube and Vimeo play in a privacy-friendly embed; anything else is a
    link (nothing is fetched from the other site when the page is saved or shown)."""

    url = blocks.URLBlock(label=_("Video URL"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "media"
        template = "news/blocks/video.html"

    def get_context(
        self, value: Any, parent_context: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        from decorum.news.media import embed_url

        context = super().get_context(value, parent_context=parent_context)
        context["embed_url"] = embed_url(str(value.get("url", "")))
        return context


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "h2", "h3", "ol", "ul"],
        label=_("Paragraph"),
        template="news/blocks/paragraph.html",
    )
    quote = QuoteBlock()
    image = ImageBlock()
    related_article = RelatedArticleBlock()
    external_post = ExternalPostBlock()
    gallery = GalleryBlock()
    video = VideoBlock()
