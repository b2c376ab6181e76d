from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from articles import selectors
from articles.models import Article
from cco_council.core.feeds import Atom1Feed, Rss201rev2Feed

FEED_SIZE = 30


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class LibraryFeed(Feed):
    """The newest published items of the library, with their summaries (RSS 2.0).

    Titles, authors and tags are plain text in both formats; the description (an Atom
    ``summary type="html"``) is HTML, so the plain-text summary is escaped into it.
    """

    feed_type = Rss201rev2Feed
    description = "New articles and conversations from the CCO Council's resource library."

    def title(self):
        return f"{settings.SITE_NAME}: resource library"

    def link(self):
        return absolute(reverse("articles:library"))

    def feed_url(self):
        return None

    def items(self):
        return self.published_items()[:FEED_SIZE]

    def published_items(self):
        return (
            Article.objects.published()
            .defer("search_vector", "body", "introduction")
            .with_authors()
            .prefetch_related("tags")
            .order_by("-published_at", "-id")
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.summary)

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.author_list) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LibraryAtomFeed(LibraryFeed):
    feed_type = Atom1Feed
    subtitle = LibraryFeed.description


class TagFeed(LibraryFeed):
    """The newest published items with one tag; a tag no published item carries is not found."""

    def get_object(self, request, slug):
        return get_object_or_404(selectors.published_tags(), slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj):
        return absolute(reverse("articles:tag_detail", kwargs={"slug": obj.slug}))

    def description(self, obj):
        return f"Items tagged “{obj.name}” in the {settings.SITE_NAME} library."

    def items(self, obj):
        return self.published_items().filter(tags=obj)[:FEED_SIZE]
