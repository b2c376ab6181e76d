"""PDF bytes in Django's cache (Redis when several app servers share it), one entry per item.

A version is a hash of everything a PDF prints, read in one query: the item's own row, its
author credits and those authors' ``updated_at``, the interviewer, its series (and how many
parts the series has published, for "Part 2 of N"), its exchanges (a digest of their text)
and its tags; plus the settings and layout that shape the bytes. The entry of an item
(``pdf:article:<id>``) holds the version it was built from beside the bytes: a download whose
version differs builds again and overwrites it, so an item never has more than one PDF in the
cache however often it is edited. Its size sits in a small entry of its own
(``pdfsize:article:<id>``), for the read page's download link, which must not fetch the bytes.

This module imports no reportlab: the view computes versions (ETag, Last-Modified) with it,
the read page reads sizes with it, and only a download builds, lazily, on a miss.
"""

import hashlib
import logging
import math
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.core.cache import cache
from django.db.models import CharField, Max, OuterRef, Subquery, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import MD5, Cast, Concat
from django.utils import timezone
from taggit.models import TaggedItem

from articles import caching
from articles.models import Article, ArticleAuthor, Exchange, Series
from cco_council.core import cachereads

logger = logging.getLogger(__name__)

# Bump when the layout changes, so cached PDFs of the old layout are not served.
LAYOUT_VERSION = "2"  # 2: the cover on page one, the end matter kept with the text


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
        # The cover's renditions (made by a job after the row is saved) print on page one.
        cover_key=KeyTextTransform("key", "cover_image_renditions"),
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
        "cover_key",
    )


def _settings_signature() -> str:
    return f"{LAYOUT_VERSION}|{settings.SITE_URL}|{getattr(settings, 'PDF_PAGE_SIZE', '')}"


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _latest(*stamps) -> datetime:
    return max(stamp for stamp in stamps if stamp is not None)


def _signature_rows(queryset) -> list[tuple]:
    return list(_signatures(queryset))


def _article_version(slug: str) -> tuple[int, Version] | None:
    rows = _signature_rows(Article.objects.published().filter(slug=slug))
    if not rows:
        return None
    row = rows[0]
    pk, updated_at, *_ = row
    modified = _latest(updated_at, row[3], row[5], row[6], row[8])
    return pk, Version(key=_digest(_settings_signature(), *row), modified=modified)


def _series_version(slug: str) -> tuple[Series, Version] | None:
    series = Series.objects.filter(slug=slug).first()
    if series is None:
        return None
    rows = _signature_rows(Article.objects.published().filter(series=series).order_by("pk"))
    if not rows:
        return None
    modified = _latest(series.updated_at, *(_latest(r[1], r[3], r[5], r[6], r[8]) for r in rows))
    cover = (series.cover_image_renditions or {}).get("key")
    key = _digest(_settings_signature(), series.pk, series.updated_at, cover, *rows)
    return series, Version(key=key, modified=modified)


def _remembered(kind: str, slug: str, compute, *, also=()) -> tuple:
    """``compute()``, remembered in the cache while the library is unchanged.

    The library's version (``articles.caching``) changes with every edit to anything a PDF
    prints (``articles.services`` bumps it where the admin saves), on every app server at once;
    no edit changes a published item's clock, so a
    remembered answer also ends when the next scheduled item goes live (it may become "Part 3
    of 3", or this item may). The memory lasts at most ``PDF_VERSION_SECONDS``, which bounds
    what no edit signals (a cover's renditions, made by a job after the save). It is its own
    setting, not the page cache's: every read page asks for its PDF's version (for the size
    beside the download link), and that query costs more than the rest of the page, so pages
    rendered afresh (editors, readers after an edit, a site run without the page cache) need
    the memory most. Without a cache, the query runs every time.

    Returns ``(value, extra)``: ``extra`` holds the cache's values of the keys ``also`` names,
    read in the same round trip (None when they were not read).
    """
    lifetime = settings.PDF_VERSION_SECONDS
    if lifetime <= 0:
        return compute(), None
    key = f"pdfversion:{kind}:{_digest(_settings_signature(), slug)}"
    now = timezone.now()
    try:
        # With the page's other reads (cco_council.core.cachereads): one round trip.
        found = cachereads.get_many([caching.VERSION_KEY, key, *also])
    except Exception:
        logger.warning("cache unavailable; PDF version computed", exc_info=True)
        return compute(), None
    extra = {name: found.get(name) for name in also}
    library = found.get(caching.VERSION_KEY)
    remembered = found.get(key)
    # The entry's end of life is read on this server's clock, not left to the cache server's
    # expiry, so a scheduled item is not held back by a cache whose clock lags.
    if (
        library is not None
        and remembered is not None
        and remembered[0] == library
        and remembered[2] > now.timestamp()
    ):
        return remembered[1], extra
    value = compute()
    try:
        library = library or caching.library_version()
        until_next = caching.seconds_until_next_scheduled(now)
        timeout = lifetime if until_next is None else min(lifetime, until_next)
        if timeout >= 1:
            cache.set(key, (library, value, now.timestamp() + timeout), math.ceil(timeout))
    except Exception:
        logger.warning("cache unavailable; PDF version not remembered", exc_info=True)
    return value, extra


def article_version(slug: str) -> tuple[int, Version] | None:
    """(id, version) of the published item with this slug, or None: from the cache while the
    library is unchanged, else one query."""
    return _remembered("article", slug, lambda: _article_version(slug))[0]


def series_version(slug: str) -> tuple[Series, Version] | None:
    """(series, version) if the series has published parts, else None: from the cache while
    the library is unchanged, else two queries."""
    return _remembered("series", slug, lambda: _series_version(slug))[0]


def article_key(pk: int) -> str:
    return f"pdf:article:{pk}"


def series_key(pk: int) -> str:
    return f"pdf:series:{pk}"


def size_key(pdf_key: str) -> str:
    return f"pdfsize:{pdf_key.removeprefix('pdf:')}"


def _cache_get(key):
    # With the cache down, PDFs are built for every download instead of failing.
    try:
        return cache.get(key)
    except Exception:
        logger.warning("cache unavailable; PDF not read from it", exc_info=True)
        return None


def _cached(key: str, version: Version) -> bytes | None:
    """The bytes under ``key`` if they were built from ``version``."""
    entry = _cache_get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version.key:
        return entry[1]
    return None


def _store(key: str, version: Version, data: bytes) -> None:
    """Replace the item's entry (whatever version it held) and its size."""
    try:
        cache.set_many({key: (version.key, data), size_key(key): (version.key, len(data))})
    except Exception:
        logger.warning("cache unavailable; PDF not stored", exc_info=True)


def _get_or_build(key: str, version: Version, build) -> bytes:
    data = _cached(key, version)
    if data is None:
        data = build()
        _store(key, version, data)
    return data


def get_or_build_article_pdf(article: Article, version: Version | None = None) -> bytes:
    """The published item's PDF from the cache, built and stored on a miss."""
    if version is None:
        found = article_version(article.slug)
        if found is None:
            raise Article.DoesNotExist(article.slug)
        version = found[1]

    def build():
        from articles.pdf import build_article_pdf

        return build_article_pdf(article)

    return _get_or_build(article_key(article.pk), version, build)


def get_or_build_series_pdf(series: Series, version: Version | None = None) -> bytes:
    """The series' PDF from the cache, built and stored on a miss."""
    if version is None:
        found = series_version(series.slug)
        if found is None:
            raise Series.DoesNotExist(series.slug)
        version = found[1]

    def build():
        from articles.pdf import build_series_pdf

        return build_series_pdf(series)

    return _get_or_build(series_key(series.pk), version, build)


def cached_article_pdf(pk: int, version: Version) -> bytes | None:
    return _cached(article_key(pk), version)


def cached_series_pdf(pk: int, version: Version) -> bytes | None:
    return _cached(series_key(pk), version)


def cached_article_pdf_size(article: Article) -> int | None:
    """The size in bytes of the published item's PDF if the cache holds its current version,
    else None (drafts too): for the read page's download link, which never builds one."""
    key = size_key(article_key(article.pk))
    # The size is read in the version's round trip.
    found, extra = _remembered(
        "article", article.slug, lambda: _article_version(article.slug), also=(key,)
    )
    if found is None:
        return None
    entry = extra[key] if extra is not None else _cache_get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == found[1].key:
        return entry[1]
    return None


def rebuild_article_pdf(article: Article) -> bytes | None:
    """Build the published item's PDF into the cache now (``build_pdfs`` uses it)."""
    found = article_version(article.slug)
    if found is None:
        return None
    from articles.pdf import build_article_pdf

    data = build_article_pdf(article)
    _store(article_key(article.pk), found[1], data)
    return data


def rebuild_series_pdf(series: Series) -> bytes | None:
    found = series_version(series.slug)
    if found is None:
        return None
    from articles.pdf import build_series_pdf

    data = build_series_pdf(series)
    _store(series_key(series.pk), found[1], data)
    return data
