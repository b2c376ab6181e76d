from django.conf import settings
from django.http import Http404
from django.utils.html import escape

from articles import selectors
from cco_council.core.addresses import SlugUrls, reverse_once, reverse_slug
from cco_council.core.feeds import Atom1Feed, Feed, Rss201rev2Feed, WholeResponseMixin

FEED_SIZE = 30


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class LibraryFeed(WholeResponseMixin, Feed):
    """The newest published items of the library, with their summaries (RSS 2.0).

    Titles, authors and tags are plain text in both formats; the description (an Atom
    ``summary type="html"``) is HTML, so the plain-text summary is escaped into it.
    """

    feed_type = Rss201rev2Feed
    description = "New articles and conversations from the CCO Council's resource library."

    def title(self):
        return f"{settings.SITE_NAME}: resource library"

    def link(self):
        return absolute(reverse_once("articles:library"))

    def feed_url(self):
        return None

    def items(self):
        return self.with_links(selectors.feed_entries(limit=FEED_SIZE))

    @staticmethod
    def with_links(entries):
        """``(address, entry)`` pairs: the item's address, also its guid (Django's default),
        made with the view reversed once for the feed."""
        urls = SlugUrls()
        return [(absolute(urls("articles:article_detail", entry.slug)), entry) for entry in entries]

    def item_title(self, item):
        return item[1].title

    def item_description(self, item):
        return escape(item[1].summary)

    def item_link(self, item):
        return item[0]

    def item_pubdate(self, item):
        return item[1].published_at

    def item_updateddate(self, item):
        return item[1].updated_at

    def item_author_name(self, item):
        return ", ".join(item[1].authors) or None

    def item_categories(self, item):
        return item[1].tags


class LibraryAtomFeed(LibraryFeed):
    feed_type = Atom1Feed
    subtitle = LibraryFeed.description


class TagFeed(LibraryFeed):
    """The newest published items with one tag; a tag no published item carries is not found."""

    def get_object(self, request, slug):
        tag = selectors.public_tag(slug)
        if tag is None:
            raise Http404("No published item carries this tag.")
        return tag

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj):
        return absolute(reverse_slug("articles:tag_detail", obj.slug))

    def description(self, obj):
        return f"Items tagged “{obj.name}” in the {settings.SITE_NAME} library."

    def items(self, obj):
        return self.with_links(selectors.feed_entries(limit=FEED_SIZE, tag=obj))
