"""Sitemap sections of this app, merged by cco_council's /sitemap.xml."""

from django.contrib.sitemaps import Sitemap

from media_relations.models import PressRelease


class PressReleaseSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return PressRelease.objects.published().order_by("-published_at", "-id")

    def lastmod(self, item):
        return item.updated_at


sitemaps = {"press-releases": PressReleaseSitemap}
