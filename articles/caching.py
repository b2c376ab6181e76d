"""A shared cache of the library's public pages, for anonymous readers.

Every app server reads and writes the same cache (Redis in production). A page is stored under
the library's current *version*, which any change to an item, exchange, credit, author, series
or tag replaces (``services.item_changed()`` and its siblings), so an edit shows at once on
every server. A page never outlives the next scheduled publish time, so a scheduled item
appears on the minute without a cron job. Signed-in editors and members, and anyone carrying
a session or messages cookie, always get a fresh page, never stored: only a request without a
session can be anonymous, so a page stored here is one a member's full text never reached
(a members-only item's anonymous page holds its teaser alone).

Addresses that mean the same page share one entry: the query is read as the page reads it
(the last value of a repeated parameter, an empty one as absent), sorted, and the view is given
that normalised query, so ``?page=1&page=1``, ``?tag=cx&kind=article`` or what the filter form
sends (every field, the unused ones empty) neither add entries nor cache links that carry the
mess along.
"""

import hashlib
import logging
import math
import uuid
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import set_response_etag

from cco_council.core.pagination import BadPageNumber, page_number

logger = logging.getLogger(__name__)

VERSION_KEY = "articles:pages:version"
PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Only these parameters make a cacheable page: a search (q) or anything unknown could be
# varied endlessly to fill the cache, so those pages are always rendered fresh.
CACHEABLE_PARAMETERS = {"page", "kind", "tag", "author", "series", "year", "access"}


def library_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_library_version() -> None:
    """Make every cached page stale: now, and again when the surrounding transaction commits
    (a reader in between would otherwise cache the content as it was before the change)."""

    def bump():
        try:
            cache.set(VERSION_KEY, uuid.uuid4().hex, None)
        except Exception:
            # A cache that is down holds no stale pages; the save must not fail for it.
            logger.warning("page cache unavailable; version not bumped", exc_info=True)

    bump()
    transaction.on_commit(bump)


def seconds_until_next_scheduled(now) -> float | None:
    from articles.models import Article

    upcoming = Article.objects.next_publish_time(after=now)
    return None if upcoming is None else (upcoming - now).total_seconds()


def normalised_query(request) -> str | None:
    """The query string of the page asked for, in one spelling; None when it is not cacheable.

    Each parameter counts with its last value (what ``request.GET.get()``, the paginator and
    the filters read), an empty one as absent (no filter, the first page, no search), and the
    rest in name order. A page number is read as a number: ``page=01`` is ``page=1``, which is
    the page without one.
    """
    values = {name: request.GET[name] for name in request.GET}
    try:
        number = page_number(values.get("page"))
    except (BadPageNumber, Http404):
        pass  # the page answers 400 or 404, which is never cached
    else:
        values["page"] = "" if number == 1 else str(number)
    values = {name: value for name, value in values.items() if value != ""}
    if not set(values) <= CACHEABLE_PARAMETERS:
        return None
    return urlencode(sorted(values.items()))


def _cacheable(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not any(name in request.COOKIES for name in PRIVATE_COOKIES)
    )


def page_key(query: str, path: str) -> str:
    address = f"{path}?{query}" if query else path
    return "articles:page:" + hashlib.sha256(address.encode()).hexdigest()


def _cached(key: str, now):
    """The page stored under ``key`` if it was stored under the current version and is still
    live, and that version: both read in one round trip to the cache."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return None, library_version()
    entry = found.get(key)
    # An entry carries its own end of life, read on the app server's clock: the cache's expiry
    # runs on the cache server's clock, and a scheduled item must not wait for it.
    if entry is None or entry[0] != version or entry[1] <= now.timestamp():
        return None, version
    _version, _expires, until, status, headers, content = entry
    response = HttpResponse(content, status=status, headers=headers)
    response.content_until = until
    return response, version


def cache_public_page(view):
    """Serve anonymous GETs of a public library page from the shared cache.

    One entry per page, holding the library version it was rendered under: a change of
    version makes it stale, and its next rendering replaces it (no old pages pile up). The
    entry holds the status, headers and bytes, not the response object.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        query = normalised_query(request) if _cacheable(request) else None
        if query is None:
            return view(request, *args, **kwargs)
        key = page_key(query, request.path)
        now = timezone.now()
        try:
            response, version = _cached(key, now)
        except Exception:
            logger.warning("page cache unavailable; rendering fresh", exc_info=True)
            return view(request, *args, **kwargs)
        if response is not None:
            return response
        # The page is rendered from the normalised query, so whichever spelling of the
        # address comes first, the entry holds the page of the clean one. (Not before: a hit
        # reads nothing from the query.)
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            # "now" from before the render: an item going live meanwhile cuts the life short.
            from articles.models import Article

            until = Article.objects.next_publish_time(after=now)
            # Until when the page's content holds, for the shared HTTP cache's headers too
            # (cco_council.middleware.SharedCacheHeadersMiddleware).
            response.content_until = until
            lifetime = settings.PUBLIC_PAGE_CACHE_SECONDS
            until_next = None if until is None else (until - now).total_seconds()
            timeout = lifetime if until_next is None else min(lifetime, until_next)
            if timeout >= 1:
                # The ETag once, here, rather than hashing the page again on every hit.
                set_response_etag(response)
                content = response.content
                # Its own end of life too, read on the app server's clock: the cache's expiry
                # runs on the cache server's, and a scheduled item must not wait for it.
                expires = now.timestamp() + timeout
                headers = dict(response.headers)
                entry = (version, expires, until, response.status_code, headers, content)
                try:
                    cache.set(key, entry, math.ceil(timeout))
                except Exception:
                    logger.warning("page cache unavailable; page not stored", exc_info=True)
        return response

    return wrapped
