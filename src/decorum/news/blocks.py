"""Body blocks for articles: everything an editor can put between the lead and the comments."""

from __future__ import annotations

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
