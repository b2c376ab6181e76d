"""Sitemap sections of this app, merged by cco_council's /sitemap.xml."""

from cco_council.core.sitemaps import SlugSitemap, published_rows

_RELEASES_SQL = """
SELECT r.slug, r.updated_at FROM media_relations_pressrelease r
WHERE {published}
ORDER BY r.published_at DESC, r.id DESC
"""


class PressReleaseSitemap(SlugSitemap):
    """``PressRelease.objects.published()``, newest first."""

    viewname = "media_relations:release_detail"
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return published_rows(_RELEASES_SQL, alias="r")


sitemaps = {"press-releases": PressReleaseSitemap}
