"""Sitemap sections of this app, merged by cco_council's /sitemap.xml: published items only."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q

from articles.models import Article, Author, Series


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, item):
        return item.updated_at


class AuthorSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return (
            Author.objects.published()
            .annotate(
                latest=Max(
                    "credits__article__published_at",
                    filter=Q(credits__article__in=Article.objects.published()),
                )
            )
            .order_by("name")
        )

    def lastmod(self, item):
        return item.latest


class SeriesSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Series.objects.published()

    def lastmod(self, item):
        return item.updated_at


sitemaps = {"articles": ArticleSitemap, "authors": AuthorSitemap, "series": SeriesSitemap}
