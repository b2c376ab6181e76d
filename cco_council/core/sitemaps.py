"""A sitemap section of addresses by slug, each with the time it last changed.

Django's ``Sitemap`` asks the section for each item's location, priority, last change and
change frequency through a generic lookup, four calls an item, and reverses each address; a
section here is a list of ``(slug, last change)`` rows read in one hand-written statement
(each app's ``sitemaps.py``), its view reversed once (``core.addresses``).
"""

from django.contrib.sitemaps import Sitemap
from django.db import connection

from cco_council.core.addresses import SlugUrls
from cco_council.core.models import published_sql


def published_rows(sql: str, *, alias: str, times: int = 1) -> list[tuple]:
    """The rows of ``sql``, whose ``{published}`` (``times`` over) is ``published_sql(alias)``:
    the one visibility rule, in a statement written once instead of compiled per request."""
    published, params = published_sql(alias)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(published=published), params * times)
        return cursor.fetchall()


class PublishedRowPages:
    """A long section's rows as Django's paginator reads them: counted in one statement, and
    only the page asked for read (a sitemap page holds up to the section's ``limit``), so a
    library of 100,000 items is not read whole for each page of 5,000."""

    def __init__(self, sql: str, *, alias: str, count_sql: str):
        self.sql, self.alias, self.count_sql = sql, alias, count_sql

    def count(self) -> int:
        return published_rows(self.count_sql, alias=self.alias)[0][0]

    def __getitem__(self, index: slice) -> list[tuple]:
        published, params = published_sql(self.alias)
        with connection.cursor() as cursor:
            cursor.execute(
                f"{self.sql.format(published=published)} LIMIT %s OFFSET %s",
                [*params, index.stop - index.start, index.start],
            )
            return cursor.fetchall()


class SlugSitemap(Sitemap):
    """Items are ``(slug, last change)`` rows from ``items()``; ``viewname`` takes the slug.

    ``get_urls()`` gives what Django's does for such a section (pagination, protocol and
    domain, and ``latest_lastmod`` when every item has one), without per-item lookups.
    """

    viewname: str

    def location(self, item):
        return SlugUrls()(self.viewname, item[0])

    def lastmod(self, item):
        return item[1]

    def get_urls(self, page=1, site=None, protocol=None):
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        rows = self.paginator.page(page).object_list
        urls = SlugUrls()
        viewname = self.viewname
        changefreq = getattr(self, "changefreq", None)
        priority = getattr(self, "priority", None)
        priority = str(priority if priority is not None else "")
        found = [
            {
                "item": row,
                "location": prefix + urls(viewname, row[0]),
                "lastmod": row[1],
                "changefreq": changefreq,
                "priority": priority,
                "alternates": [],
            }
            for row in rows
        ]
        times = [row[1] for row in rows]
        if times and None not in times:
            self.latest_lastmod = max(times)
        return found
