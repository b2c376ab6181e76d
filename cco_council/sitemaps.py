from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.sitemaps import sitemaps as article_sitemaps
from events.sitemaps import sitemaps as event_sitemaps
from media_relations.sitemaps import sitemaps as press_sitemaps


class StaticViewSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["home", "articles:library", "events:event_list", "media_relations:press"]

    def location(self, item):
        return reverse(item)


sitemaps = {"pages": StaticViewSitemap, **article_sitemaps, **event_sitemaps, **press_sitemaps}
