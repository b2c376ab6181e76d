"""Sitemap sections of this app, merged by cco_council's /sitemap.xml."""

from django.contrib.sitemaps import Sitemap

from cco_council.core.addresses import reverse_slug
from media_relations.models import PressRelease


class PressReleaseSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return list(
            PressRelease.objects.published()
            .order_by("-published_at", "-id")
            .values_list("slug", "updated_at")
        )

    def location(self, item):
        return reverse_slug("media_relations:release_detail", item[0])

    def lastmod(self, item):
        return item[1]


sitemaps = {"press-releases": PressReleaseSitemap}
