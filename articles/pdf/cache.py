"""PDF bytes in Django's cache (Redis when several app servers share it), keyed by version.

A version is a hash of everything a PDF prints, read in one query: the item's own row, its
author credits and those authors' ``updated_at``, the interviewer, its series (and how many
parts the series has published, for "Part 2 of N"), its exchanges (a digest of their text)
and its tags; plus the settings and layout that shape the bytes. Any edit gives a new key, so
nothing ever needs deleting: a stale PDF is simply never asked for again and expires.

This module imports no reportlab: the view computes versions (ETag, Last-Modified) with it
and only builds, lazily, on a cache miss.
"""

import functools
import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Max, OuterRef, Subquery, Value
from django.db.models.functions import MD5, Cast, Concat
from django.utils import timezone
from taggit.models import TaggedItem

from articles.models import Article, ArticleAuthor, Exchange, Series

logger = logging.getLogger(__name__)

# Bump when the layout changes, so cached PDFs of the old layout are not served.
LAYOUT_VERSION = "1"


@dataclass(frozen=True)
class Version:
    key: str  # the hash: cache key part and ETag
    modified: datetime  # the latest change among the rows printed: Last-Modified


def _text(expression):
    return Cast(expression, output_field=CharField())


def _aggregate(queryset, group: str, expression, ordering):
    return Subquery(
        queryset.values(group)
        .annotate(signature=StringAgg(expression, delimiter="|", order_by=ordering))
        .values("signature")[:1],
        output_field=CharField(),
    )


def _signatures(queryset):
    """(id, signature fields...) rows for the articles of ``queryset``, in one query."""
    credits = _aggregate(
        ArticleAuthor.objects.filter(article=OuterRef("pk")),
        "article",
        Concat(
            _text("author_id"),
            Value(":"),
            _text("position"),
            Value(":"),
            _text("author__updated_at"),
            output_field=CharField(),
        ),
        ("position", "id"),
    )
    authors_modified = Subquery(
        ArticleAuthor.objects.filter(article=OuterRef("pk"))
        .values("article")
        .annotate(latest=Max("author__updated_at"))
        .values("latest")[:1]
    )
    exchanges = _aggregate(
        Exchange.objects.filter(article=OuterRef("pk")),
        "article",
        Concat(
            _text("id"),
            Value(":"),
            _text("position"),
            Value(":"),
            "speaker",
            Value(":"),
            MD5("text"),
            output_field=CharField(),
        ),
        ("position", "id"),
    )
    tags = _aggregate(
        TaggedItem.objects.filter(
            object_id=OuterRef("pk"),
            content_type__app_label="articles",
            content_type__model="article",
        ),  # fmt: skip
        "object_id",
        "tag__name",
        ("tag__name",),
    )
    # "Part 2 of 3" counts the published parts in part order: any change to that list shows.
    series_parts = _aggregate(
        Article.objects.published().filter(series_id=OuterRef("series_id")),
        "series_id",
        Concat(_text("id"), Value(":"), _text("part_number"), output_field=CharField()),
        ("part_number", "published_at"),
    )
    return queryset.annotate(
        credits=credits,
        authors_modified=authors_modified,
        exchange_signature=exchanges,
        tag_signature=tags,
        series_parts=series_parts,
    ).values_list(
        "pk",
        "updated_at",
        "status",
        "published_at",
        "series_id",
        "series__updated_at",
        "interviewer__updated_at",
        "credits",
        "authors_modified",
        "exchange_signature",
        "tag_signature",
        "series_parts",
    )


def _settings_signature() -> str:
    return f"{LAYOUT_VERSION}|{settings.SITE_URL}|{getattr(settings, 'PDF_PAGE_SIZE', '')}"


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _latest(*stamps) -> datetime:
    return max(stamp for stamp in stamps if stamp is not None)


# Building that query with the ORM costs several times what running it does, and it is asked
# for on every download; so it is compiled once per process from the published() queryset
# (visibility stays defined there) with placeholder values, and run with the real ones: the
# slug or series id, and "now" for every moment published() compares with.
_SLUG = "\x00pdf-version-slug"
_SERIES_ID = -7_000_000_001


@functools.cache
def _compiled(kind: str) -> tuple[str, tuple]:
    if kind == "article":
        queryset = Article.objects.published().filter(slug=_SLUG)
    else:
        queryset = Article.objects.published().filter(series_id=_SERIES_ID).order_by("pk")
    sql, params = _signatures(queryset).query.sql_with_params()
    return sql, tuple(params)


def _signature_rows(kind: str, value) -> list[tuple]:
    sql, params = _compiled(kind)
    now = timezone.now()
    placeholder = _SLUG if kind == "article" else _SERIES_ID
    values = [
        value if param == placeholder else now if isinstance(param, datetime) else param
        for param in params
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


def article_version(slug: str) -> tuple[int, Version] | None:
    """(id, version) of the published item with this slug, or None: one query."""
    rows = _signature_rows("article", slug)
    if not rows:
        return None
    row = rows[0]
    pk, updated_at, *_ = row
    modified = _latest(updated_at, row[3], row[5], row[6], row[8])
    return pk, Version(key=_digest(_settings_signature(), *row), modified=modified)


def series_version(slug: str) -> tuple[Series, Version] | None:
    """(series, version) if the series has published parts, else None: two queries."""
    series = Series.objects.filter(slug=slug).first()
    if series is None:
        return None
    rows = _signature_rows("series", series.pk)
    if not rows:
        return None
    modified = _latest(series.updated_at, *(_latest(r[1], r[3], r[5], r[6], r[8]) for r in rows))
    key = _digest(_settings_signature(), series.pk, series.updated_at, *rows)
    return series, Version(key=key, modified=modified)


def article_key(pk: int, version: Version) -> str:
    return f"pdf:article:{pk}:{version.key}"


def series_key(pk: int, version: Version) -> str:
    return f"pdf:series:{pk}:{version.key}"


def _cache_get(key):
    # With the cache down, PDFs are built for every download instead of failing.
    try:
        return cache.get(key)
    except Exception:
        logger.warning("cache unavailable; PDF not read from it", exc_info=True)
        return None


def _cache_set(key, value):
    try:
        cache.set(key, value)
    except Exception:
        logger.warning("cache unavailable; PDF not stored", exc_info=True)


def get_or_build_article_pdf(article: Article, version: Version | None = None) -> bytes:
    """The published item's PDF from the cache, built and stored on a miss."""
    if version is None:
        found = article_version(article.slug)
        if found is None:
            raise Article.DoesNotExist(article.slug)
        version = found[1]
    key = article_key(article.pk, version)
    data = _cache_get(key)
    if data is None:
        from articles.pdf import build_article_pdf

        data = build_article_pdf(article)
        _cache_set(key, data)
    return data


def article_pdf_size(article: Article) -> int | None:
    """The size in bytes of the published item's PDF (None for drafts), for the read page's
    download link. The size is cached beside the bytes, so only the first reader of a new
    version pays for the build, and later ones fetch a number, not the document."""
    found = article_version(article.slug)
    if found is None:
        return None
    version = found[1]
    key = article_key(article.pk, version) + ":size"
    size = _cache_get(key)
    if size is None:
        size = len(get_or_build_article_pdf(article, version))
        _cache_set(key, size)
    return size


def get_or_build_series_pdf(series: Series, version: Version | None = None) -> bytes:
    """The series' PDF from the cache, built and stored on a miss."""
    if version is None:
        found = series_version(series.slug)
        if found is None:
            raise Series.DoesNotExist(series.slug)
        version = found[1]
    key = series_key(series.pk, version)
    data = _cache_get(key)
    if data is None:
        from articles.pdf import build_series_pdf

        data = build_series_pdf(series)
        _cache_set(key, data)
    return data


def cached_article_pdf(pk: int, version: Version) -> bytes | None:
    return _cache_get(article_key(pk, version))


def cached_series_pdf(pk: int, version: Version) -> bytes | None:
    return _cache_get(series_key(pk, version))


def rebuild_article_pdf(article: Article) -> bytes | None:
    """Build the published item's PDF into the cache now (``build_pdfs`` uses it)."""
    found = article_version(article.slug)
    if found is None:
        return None
    from articles.pdf import build_article_pdf

    data = build_article_pdf(article)
    _cache_set(article_key(article.pk, found[1]), data)
    return data


def rebuild_series_pdf(series: Series) -> bytes | None:
    found = series_version(series.slug)
    if found is None:
        return None
    from articles.pdf import build_series_pdf

    data = build_series_pdf(series)
    _cache_set(series_key(series.pk, found[1]), data)
    return data
