from django.contrib.sitemaps import Sitemap

from articles.sitemaps import sitemaps as article_sitemaps
from cco_council.core.addresses import reverse_once
from events.sitemaps import sitemaps as event_sitemaps
from media_relations.sitemaps import sitemaps as press_sitemaps


class StaticViewSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["home", "articles:library", "events:event_list", "media_relations:press"]

    def location(self, item):
        return reverse_once(item)


sitemaps = {"pages": StaticViewSitemap, **article_sitemaps, **event_sitemaps, **press_sitemaps}
