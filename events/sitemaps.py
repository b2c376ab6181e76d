"""Sitemap sections of this app, merged by cco_council's /sitemap.xml: (slug, last change)
pairs, read in one query per section."""

from django.contrib.sitemaps import Sitemap

from cco_council.core.addresses import reverse_slug
from events.models import Event, Speaker


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return list(
            Event.objects.published().order_by("-start", "-id").values_list("slug", "updated_at")
        )

    def location(self, item):
        return reverse_slug("events:event_detail", item[0])

    def lastmod(self, item):
        return item[1]


class SpeakerSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return list(
            Speaker.objects.with_published_talks()
            .order_by("name", "id")
            .values_list("slug", "updated_at")
        )

    def location(self, item):
        return reverse_slug("events:speaker_detail", item[0])

    def lastmod(self, item):
        return item[1]


sitemaps = {"events": EventSitemap, "speakers": SpeakerSitemap}
