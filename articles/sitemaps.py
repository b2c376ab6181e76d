"""Sitemap sections of this app, merged by cco_council's /sitemap.xml: published items only.

Each section's items are (slug, last change) pairs read in one hand-written statement: a
sitemap lists addresses, and compiling a query and making a model instance per address cost
more than the rest of the work.
"""

from cco_council.core.sitemaps import PublishedRowPages, SlugSitemap, published_rows

_ARTICLES_SQL = """
SELECT a.slug, a.updated_at FROM articles_article a
WHERE {published}
ORDER BY a.published_at DESC, a.id DESC
"""
_ARTICLES_COUNT_SQL = "SELECT count(*) FROM articles_article a WHERE {published}"

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


class ArticleSitemap(SlugSitemap):
    """``Article.objects.published()``, newest first."""

    viewname = "articles:article_detail"
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        # The one section that grows with the library: read a page at a time.
        return PublishedRowPages(_ARTICLES_SQL, alias="a", count_sql=_ARTICLES_COUNT_SQL)


class AuthorSitemap(SlugSitemap):
    viewname = "articles:author_detail"
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return published_rows(_AUTHORS_SQL, alias="a", times=3)


class SeriesSitemap(SlugSitemap):
    viewname = "articles:series_detail"
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return published_rows(_SERIES_SQL, alias="a")


sitemaps = {"articles": ArticleSitemap, "authors": AuthorSitemap, "series": SeriesSitemap}
