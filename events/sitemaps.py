"""Sitemap sections of this app, merged by cco_council's /sitemap.xml."""

from django.contrib.sitemaps import Sitemap

from events.models import Event, Speaker


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Event.objects.published().order_by("-start", "-id")

    def lastmod(self, event):
        return event.updated_at


class SpeakerSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Speaker.objects.with_published_talks().order_by("name", "id")

    def lastmod(self, speaker):
        return speaker.updated_at


sitemaps = {"events": EventSitemap, "speakers": SpeakerSitemap}
