from django.conf import settings
from django.urls import reverse
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator

from cco_council.core.feeds import Atom1Feed, Feed, Rss201rev2Feed, WholeResponseMixin
from media_relations.selectors import published_releases

FEED_SIZE = 20


class PressReleaseFeed(WholeResponseMixin, Feed):
    """The newest published press releases, as RSS 2.0.

    The description (an Atom ``summary type="html"``) is HTML: the plain-text summary is
    escaped into it; without one, the body's opening words are taken from its sanitized HTML
    with the tags stripped, which leaves its text escaped as it was.
    """

    feed_type = Rss201rev2Feed
    title = f"{settings.SITE_NAME} press releases"
    description = f"News and announcements from the {settings.SITE_NAME}."

    def link(self):
        return reverse("media_relations:press")

    def feed_url(self):
        return reverse("media_relations:feed_rss")

    def items(self):
        return published_releases()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        if item.summary:
            return escape(item.summary)
        return Truncator(strip_tags(item.body)).words(60)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return settings.SITE_NAME


class PressReleaseAtomFeed(PressReleaseFeed):
    feed_type = Atom1Feed
    subtitle = PressReleaseFeed.description

    def feed_url(self):
        return reverse("media_relations:feed_atom")
