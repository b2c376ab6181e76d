"""Writes with side effects on other rows: the search vector, the title-word lexicon and the
cached public pages.

These are derived from several tables (an item, its exchanges, its authors and tags), so they
are refreshed here rather than in ``save()``, and called where the change happens: the admin's
save and delete paths, the demo loader, the publish actions and the tests. ``item_changed()``
is the one path by which an edit reaches search and the page cache. Each refresh is one
statement, whatever the number of items.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from articles import caching
from articles.models import Article

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


def item_changed(*, article_ids: Iterable[int]) -> None:
    """An item, its exchanges, credits or tags were saved: search and every cached page follow."""
    refresh_search_vector(article_ids=article_ids)
    caching.bump_library_version()


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
    series' description, a deleted item): cached pages go stale."""
    caching.bump_library_version()


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
