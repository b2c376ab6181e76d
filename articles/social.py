"""The pictures library pages share (OpenGraph, Twitter): a cover, or a card of the item.

Cards carry the title, the kind and who wrote it, never the summary or the body
(see ``cco_council.core.social``).
"""

from django.urls import reverse
from django.utils.text import get_text_list

from articles.models import Article, Author, Series
from cco_council.core.social import Card, SocialImage, card_image, cover_image


def article_card(article: Article, authors: list[Author]) -> Card:
    if article.is_conversation and article.interviewee_name:
        byline = f"A conversation with {article.interviewee_name}"
    elif authors:
        byline = "By " + get_text_list([author.name for author in authors], "and")
    else:
        byline = ""
    kind = article.get_kind_display()
    if article.series_id:
        kind = f"{kind} · part {article.part_number}"
    return Card(title=article.title, kind=kind, byline=byline)


def article_image(article: Article, authors: list[Author]) -> SocialImage:
    card = article_card(article, authors)
    return cover_image(article.cover, alt=article.title) or card_image(
        card,
        reverse("articles:article_card", kwargs={"slug": article.slug, "version": card.version}),
    )


def series_card(series: Series, part_count: int) -> Card:
    return Card(title=series.title, kind=f"Series · {part_count} parts")


def series_image(series: Series, part_count: int) -> SocialImage:
    card = series_card(series, part_count)
    return cover_image(series.cover, alt=series.title) or card_image(
        card,
        reverse("articles:series_card", kwargs={"slug": series.slug, "version": card.version}),
    )


def author_card(author: Author) -> Card:
    portrait = author.portrait.rendition("square", width=384)
    return Card(
        title=author.name,
        kind="Author",
        byline=author.role,
        portrait=portrait.name if portrait else "",
    )


def author_image(author: Author) -> SocialImage:
    card = author_card(author)
    return card_image(
        card,
        reverse("articles:author_card", kwargs={"slug": author.slug, "version": card.version}),
    )
