"""Sitemap sections of this app, merged by cco_council's /sitemap.xml: published items only.

Each section's items are (slug, last change) pairs: a sitemap lists addresses, and a model
instance per address cost more than the rest of the work.
"""

from django.contrib.sitemaps import Sitemap
from django.db import connection

from articles.models import Article
from cco_council.core.addresses import reverse_slug
from cco_council.core.models import published_sql


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Article.objects.published().order_by("-published_at").values_list("slug", "updated_at")
        )

    def location(self, item):
        return reverse_slug("articles:article_detail", item[0])

    def lastmod(self, item):
        return item[1]


# Authors with a published item (Author.objects.published()'s rule) and the publish time of
# the newest item they are credited on.
_AUTHORS_SQL = """
SELECT au.slug, (
    SELECT max(a.published_at) FROM articles_articleauthor aa
    JOIN articles_article a ON a.id = aa.article_id
    WHERE aa.author_id = au.id AND {published})
FROM articles_author au
WHERE EXISTS (SELECT 1 FROM articles_articleauthor aa
              JOIN articles_article a ON a.id = aa.article_id
              WHERE aa.author_id = au.id AND {published})
   OR EXISTS (SELECT 1 FROM articles_article a WHERE a.interviewer_id = au.id AND {published})
ORDER BY au.name, au.id
"""

# Series with a published part (Series.objects.published()'s rule).
_SERIES_SQL = """
SELECT s.slug, s.updated_at FROM articles_series s
WHERE EXISTS (SELECT 1 FROM articles_article a WHERE a.series_id = s.id AND {published})
ORDER BY s.title, s.id
"""


def _rows(sql: str, times: int) -> list[tuple]:
    published, params = published_sql("a")
    with connection.cursor() as cursor:
        cursor.execute(sql.format(published=published), params * times)
        return cursor.fetchall()


class AuthorSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return _rows(_AUTHORS_SQL, 3)

    def location(self, item):
        return reverse_slug("articles:author_detail", item[0])

    def lastmod(self, item):
        return item[1]


class SeriesSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return _rows(_SERIES_SQL, 1)

    def location(self, item):
        return reverse_slug("articles:series_detail", item[0])

    def lastmod(self, item):
        return item[1]


sitemaps = {"articles": ArticleSitemap, "authors": AuthorSitemap, "series": SeriesSitemap}
