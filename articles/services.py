"""Writes with side effects on other rows: the search vector, the title-word lexicon, the
facets, the cached public pages and the shared HTTP cache's.

These are derived from several tables (an item, its exchanges, its authors and tags), so they
are refreshed here rather than in ``save()``, and called where the change happens: the admin's
save and delete paths, the demo loader, the publish actions and the tests. ``item_changed()``
is the one path by which an edit reaches search and the page cache. Each refresh is one
statement, whatever the number of items.
"""

import datetime
import zoneinfo
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from articles import caching
from articles.models import Article, Facet
from cco_council.core import httpcache

# Title (A), summary with authors, interviewee and tags (B), body and introduction (C),
# conversation exchanges (D); for a members-only item, the teaser instead of C and D. The
# title is indexed twice: stemmed (english) for ordinary matching, and as written (simple) so
# that a prefix of a title word ("engageme") still finds it, which a stemmed prefix does not.
# Members-only items (or parts of a members-only series) are indexed by their public text
# alone (title, summary, authors, tags, teaser): search is the same for everyone, so neither
# its results nor its snippets can tell a reader what the body says.
_MEMBERS_ONLY_SQL = (
    "(a.members_only OR coalesce("
    "(SELECT s.members_only FROM articles_series s WHERE s.id = a.series_id), false))"
)
_SEARCH_VECTOR_SQL = f"""
UPDATE articles_article AS a SET search_vector =
    setweight(to_tsvector('english', a.title), 'A')
 || setweight(to_tsvector('simple', a.title), 'A')
 || setweight(to_tsvector('english', a.summary || ' ' || a.interviewee_name || ' ' || coalesce((
        SELECT string_agg(au.name, ' ' ORDER BY aa.position, aa.id)
        FROM articles_articleauthor aa JOIN articles_author au ON au.id = aa.author_id
        WHERE aa.article_id = a.id), '') || ' ' || coalesce((
        SELECT string_agg(t.name, ' ' ORDER BY t.name)
        FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
        WHERE ti.object_id = a.id AND ti.content_type_id = %(ct)s), '')), 'B')
 || setweight(to_tsvector('english', regexp_replace(
        CASE WHEN {_MEMBERS_ONLY_SQL} THEN a.preview_html ELSE a.body || ' ' || a.introduction END,
        '<[^>]*>', ' ', 'g')), 'C')
 || setweight(to_tsvector('english', CASE WHEN {_MEMBERS_ONLY_SQL} THEN '' ELSE coalesce((
        SELECT string_agg(
            regexp_replace(e.text, '<[^>]*>', ' ', 'g'), ' ' ORDER BY e.position, e.id)
        FROM articles_exchange e WHERE e.article_id = a.id), '') END), 'D')
"""  # noqa: S608 - a constant, no input

# Words of titles, with their distinct trigrams (as pg_trgm builds them: lower case, two
# spaces before and one after), for typo corrections in plain SQL: no extension needed.
_TITLE_WORDS_SQL = """
INSERT INTO articles_titleword (word, trigrams)
SELECT w, ARRAY(
    SELECT DISTINCT substr('  ' || w || ' ', i, 3)
    FROM generate_series(1, length(w) + 1) AS i)
FROM (
    SELECT DISTINCT lower(m[1]) AS w
    FROM articles_article a, regexp_matches(a.title, '([[:alnum:]]+)', 'g') AS m
    {where}
) AS words
WHERE length(w) BETWEEN 3 AND 64
ON CONFLICT (word) DO NOTHING
"""


def _article_content_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Article).id


@transaction.atomic
def refresh_search_vector(*, article_ids: Iterable[int] | None = None) -> None:
    """Recompute the search vector (and title words) of these items, or of all with None."""
    ids = None if article_ids is None else sorted({int(pk) for pk in article_ids if pk})
    if ids == []:
        return
    params = {"ct": _article_content_type_id(), "ids": ids}
    where = "" if ids is None else " WHERE a.id = ANY(%(ids)s)"
    with connection.cursor() as cursor:
        cursor.execute(_SEARCH_VECTOR_SQL + where, params)
        cursor.execute(_TITLE_WORDS_SQL.format(where=where), params)


# Which filter values items carry, by kind; the item ids are the changed ones. A facet whose
# listed_by is among them is refreshed too: the item may have been its first and left it.
_FACET_KEYS_SQL = """
SELECT 'series', series_id FROM articles_article
    WHERE id = ANY(%(ids)s) AND series_id IS NOT NULL
UNION SELECT 'author', author_id FROM articles_articleauthor WHERE article_id = ANY(%(ids)s)
UNION SELECT 'author', interviewer_id FROM articles_article
    WHERE id = ANY(%(ids)s) AND interviewer_id IS NOT NULL
UNION SELECT 'tag', tag_id FROM taggit_taggeditem
    WHERE content_type_id = %(ct)s AND object_id = ANY(%(ids)s)
UNION SELECT 'year', EXTRACT(YEAR FROM published_at AT TIME ZONE %(tz)s)::bigint
    FROM articles_article WHERE id = ANY(%(ids)s) AND published_at IS NOT NULL
UNION SELECT kind, key FROM articles_facet WHERE listed_by = ANY(%(ids)s)
"""

# For each tag, author and series (all, or those asked for): its first published item and how
# many were live at %(now)s. Scheduled items count in listed_from (readers compare it with
# the clock). Each branch reads the links of the values asked for, never the whole library,
# unless all are asked for.
_LINKED_FACETS_SQL = """
SELECT kind, key, min(slug), min(label), min(published_at),
       (array_agg(item ORDER BY published_at, item))[1],
       count(DISTINCT item) FILTER (WHERE published_at <= %(now)s)
FROM (
    SELECT 'series' AS kind, s.id AS key, s.slug, s.title AS label, a.published_at, a.id AS item
    FROM articles_article a JOIN articles_series s ON s.id = a.series_id
    WHERE a.status = 'published' AND (%(all)s OR a.series_id = ANY(%(series)s))
  UNION ALL
    SELECT 'author', au.id, au.slug, au.name, a.published_at, a.id
    FROM articles_articleauthor aa
    JOIN articles_article a ON a.id = aa.article_id
    JOIN articles_author au ON au.id = aa.author_id
    WHERE a.status = 'published' AND (%(all)s OR aa.author_id = ANY(%(author)s))
  UNION ALL
    SELECT 'author', au.id, au.slug, au.name, a.published_at, a.id
    FROM articles_article a JOIN articles_author au ON au.id = a.interviewer_id
    WHERE a.status = 'published' AND (%(all)s OR a.interviewer_id = ANY(%(author)s))
  UNION ALL
    SELECT 'tag', t.id, t.slug, t.name, a.published_at, a.id
    FROM taggit_taggeditem ti
    JOIN articles_article a ON a.id = ti.object_id
    JOIN taggit_tag t ON t.id = ti.tag_id
    WHERE ti.content_type_id = %(ct)s AND a.status = 'published'
      AND (%(all)s OR ti.tag_id = ANY(%(tag)s))
) AS carried
GROUP BY kind, key
"""

# Each kind of item, the library as a whole, and each year (all years, or one), from the
# published-items indexes: first item, and how many were live at %(now)s.
_KIND_FACETS_SQL = """
SELECT kind, min(published_at), (array_agg(id ORDER BY published_at, id))[1],
       count(*) FILTER (WHERE published_at <= %(now)s)
FROM articles_article WHERE status = 'published' GROUP BY kind
"""
_ALL_FACET_SQL = """
SELECT min(published_at), (SELECT id FROM articles_article WHERE status = 'published'
                           ORDER BY published_at, id LIMIT 1),
       count(*) FILTER (WHERE published_at <= %(now)s)
FROM articles_article WHERE status = 'published'
"""
_ALL_YEARS_SQL = """
SELECT y, min(published_at), (array_agg(id ORDER BY published_at, id))[1],
       count(*) FILTER (WHERE published_at <= %(now)s)
FROM (SELECT EXTRACT(YEAR FROM published_at AT TIME ZONE %(tz)s)::bigint AS y, published_at, id
      FROM articles_article WHERE status = 'published') AS dated
GROUP BY y
"""
_ONE_YEAR_SQL = """
SELECT min(published_at), (array_agg(id ORDER BY published_at, id))[1],
       count(*) FILTER (WHERE published_at <= %(now)s)
FROM articles_article
WHERE status = 'published' AND published_at >= %(start)s AND published_at < %(end)s
"""


@transaction.atomic
def refresh_facets(*, article_ids: Iterable[int] | None = None) -> None:
    """Recompute the facets (filter values and counts, ``Facet``) these items carry or
    carried, or all of them with None. The counts of each kind of item and of the whole
    library are recomputed every time (from an index, not the rows).

    Every path that changes an item's publish state or time, its kind, tags, authors,
    interviewer or series, or a tag's, author's or series' name or slug, comes through here,
    by ``item_changed()``, ``author_changed()`` or ``library_changed()``.
    """
    ids = None if article_ids is None else sorted({int(pk) for pk in article_ids if pk})
    now = timezone.now()
    params = {"ct": _article_content_type_id(), "tz": settings.TIME_ZONE, "now": now}
    with connection.cursor() as cursor:
        if ids is None:
            keys = None
        else:
            keys = {kind: [] for kind in Facet.Kind.values}
            if ids:
                cursor.execute(_FACET_KEYS_SQL, {**params, "ids": ids})
                for kind, key in cursor.fetchall():
                    keys[kind].append(key)
        rows = []
        asked = {kind: (keys or {}).get(kind, []) for kind in ("series", "author", "tag")}
        if keys is None or any(asked.values()):
            cursor.execute(_LINKED_FACETS_SQL, {**params, **asked, "all": keys is None})
            rows += [tuple(row) for row in cursor.fetchall()]
        rows += _year_facets(cursor, params, None if keys is None else keys["year"])
        kinds = list(Article.Kind.values)
        cursor.execute(_KIND_FACETS_SQL, params)
        for kind, first_at, first, items in cursor.fetchall():
            label = dict(Article.Kind.choices).get(kind, kind)
            rows.append(("kind", kinds.index(kind) if kind in kinds else -1, kind, label,
                         first_at, first, items))  # fmt: skip
        cursor.execute(_ALL_FACET_SQL, params)
        first_at, first, items = cursor.fetchone()
        if first_at is not None:
            rows.append(("all", 0, "", "", first_at, first, items))
    Facet.objects.bulk_create(
        [
            Facet(
                kind=kind,
                key=key,
                slug=slug,
                label=label,
                listed_from=at,
                listed_by=item,
                items=items,
                counted_at=now,
            )
            for kind, key, slug, label, at, item, items in rows
        ],  # fmt: skip
        update_conflicts=True,
        unique_fields=["kind", "key"],
        update_fields=["slug", "label", "listed_from", "listed_by", "items", "counted_at"],
    )
    # What was refreshed and no longer has a published item: gone from the filters.
    scope = Facet.objects.all()
    if keys is not None:
        asked = [Q(kind=kind, key__in=values) for kind, values in keys.items() if values]
        scope = scope.filter(reduce(or_, asked, Q(kind__in=["kind", "all"])))
    kept = {(kind, key) for kind, key, *_ in rows}
    stale = [
        pk for pk, kind, key in scope.values_list("pk", "kind", "key") if (kind, key) not in kept
    ]
    Facet.objects.filter(pk__in=stale).delete()


def _year_facets(cursor, params: dict, years: list[int] | None) -> list[tuple]:
    if years is None:
        cursor.execute(_ALL_YEARS_SQL, params)
        found = cursor.fetchall()
    else:
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        found = []
        for year in sorted(set(years)):
            start = datetime.datetime(year, 1, 1, tzinfo=zone)
            cursor.execute(
                _ONE_YEAR_SQL, {**params, "start": start, "end": start.replace(year=year + 1)}
            )
            first_at, first, items = cursor.fetchone()
            if first_at is not None:
                found.append((year, first_at, first, items))
    return [
        ("year", year, str(year), str(year), at, item, items) for year, at, item, items in found
    ]


def item_changed(*, article_ids: Iterable[int]) -> None:
    """An item, its exchanges, credits or tags were saved: search, the filters and every
    cached page follow."""
    article_ids = list(article_ids)
    refresh_search_vector(article_ids=article_ids)
    refresh_facets(article_ids=article_ids)
    caching.bump_library_version()
    httpcache.purge(httpcache.LIBRARY)


def author_changed(*, author_id: int) -> None:
    """An author's name is part of each of their items' vectors, and shows on their pages."""
    item_changed(article_ids=author_article_ids(author_id=author_id))


def author_article_ids(*, author_id: int) -> list[int]:
    """Items crediting the author; read before a delete, which takes the credits with it."""
    return list(
        Article.objects.filter(author_links__author_id=author_id).values_list("id", flat=True)
    )


def series_changed(*, series_id: int) -> None:
    """A series was saved: its parts' search text depends on whether it is members-only."""
    item_changed(
        article_ids=Article.objects.filter(series_id=series_id).values_list("id", flat=True)
    )


def library_changed() -> None:
    """Something a library page shows changed without touching any item's search text (a
    series' title, a deleted item, a publish state): the filters are recomputed and cached
    pages go stale."""
    refresh_facets()
    caching.bump_library_version()
    httpcache.purge(httpcache.LIBRARY)


@transaction.atomic
def number_series_parts(*, series, article_ids: list[int]) -> None:
    """Number the parts of ``series`` 1, 2, 3… in the order of ``article_ids`` (its parts not
    listed follow, in their present order). The numbers show on every part's page."""
    ids = list(dict.fromkeys(article_ids))
    rest = series.parts.exclude(pk__in=ids).order_by("part_number", "pk")
    ids += list(rest.values_list("pk", flat=True))
    now = timezone.now()
    for number, pk in enumerate(ids, start=1):
        Article.objects.filter(pk=pk, series=series).exclude(part_number=number).update(
            part_number=number, updated_at=now
        )
    library_changed()


@transaction.atomic
def publish(*, articles, user=None) -> int:
    """Publish these items now, keeping a publish time already set (a schedule stays)."""
    count = 0
    for article in articles:
        article.status = Article.Status.PUBLISHED
        if article.published_at is None:
            article.published_at = timezone.now()
        if user is not None:
            article.updated_by = user
        article.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
        count += 1
    library_changed()
    return count


@transaction.atomic
def unpublish(*, articles, user=None) -> int:
    """Return these items to draft: they leave every public page at once."""
    count = 0
    for article in articles:
        article.status = Article.Status.DRAFT
        if user is not None:
            article.updated_by = user
        article.save(update_fields=["status", "updated_by", "updated_at"])
        count += 1
    library_changed()
    return count
