import logging
import math
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.utils import timezone
from django.utils.cache import (
    patch_cache_control,
    patch_vary_headers,
)
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from cco_council.core import cachereads, httpcache
from cco_council.core.models import scheduled_sql

logger = logging.getLogger(__name__)


def reject_nul_bytes(get_response):
    """Answer 400 to a NUL byte anywhere in the path or query string.

    PostgreSQL refuses NUL in text, so one that reached a query would become a 500; refusing
    it here covers every view, including ones not written yet.
    """

    def middleware(request):
        raw_path = request.META.get("PATH_INFO", "")
        query = request.META.get("QUERY_STRING", "")
        if (
            "\x00" in raw_path
            or b"\x00" in unquote_to_bytes(query)
            or "\x00" in query
            # A cookie value can carry one too (quoted "\000"), and the session id is queried.
            or any("\x00" in value for value in request.COOKIES.values())
        ):
            body = loader.render_to_string(
                "400.html", {"message": "The address contains a character we cannot read."}
            )
            return HttpResponseBadRequest(body)
        return get_response(request)

    return middleware


def security_headers(get_response):
    """Headers Django's SecurityMiddleware does not set itself."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def private_when_signed_in(get_response):
    """Whatever is answered to a signed-in user (a member's full text, their account, an
    editor's page) is ``private, no-store``: no shared cache in front (Varnish, a CDN) keeps
    it, whatever public caching the view asked for. ``Vary: Cookie`` tells such a cache that
    the same address answers differently with a session."""

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        patch_vary_headers(response, ("Cookie",))
        return response

    return middleware


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection, or a cache a library reaches without a fallback of
    its own (django-allauth's sign-in rate limits), into a 503 page that asks the reader to
    retry.

    The page is rendered without context processors, which would query the database again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(
            exception,
            OperationalError
            | InterfaceError
            | RedisConnectionError
            | RedisTimeoutError
            | ConnectionInterrupted,  # django-redis's word for the two above
        ) or (isinstance(exception, DatabaseError) and "connection" in str(exception).lower()):
            body = loader.get_template("503.html").render({"site_name": settings.SITE_NAME})
            response = HttpResponse(body, status=503)
            response["Retry-After"] = "5"
            return response
        return None


def head_without_body(get_response):
    """Answer HEAD with GET's status and headers and no body, as RFC 9110 asks.

    Views answer HEAD by running as for GET; Django's WSGI handler then passes the body on,
    and gunicorn drops it with a warning per request. Emptied here, outermost, so every
    header (Content-Length included, which CommonMiddleware sets from the GET body) is the
    one GET would carry.
    """

    def middleware(request):
        response = get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                # The file or generator behind it is still closed with the response.
                response.streaming_content = []
            else:
                response.content = b""
        return response

    return middleware


# Pages a shared cache in front may keep, by what they show: purging a tag (see
# core.httpcache) bans every page showing that part of the site. Every page shows the media
# contact in its footer (``site``).
_TAGS_BY_NAMESPACE = {
    "articles": (httpcache.SITE, httpcache.LIBRARY, httpcache.EVENTS),
    "events": (httpcache.SITE, httpcache.EVENTS, httpcache.LIBRARY, httpcache.PRESS),
    "media_relations": (httpcache.SITE, httpcache.PRESS, httpcache.LIBRARY, httpcache.EVENTS),
}
_ALL_TAGS = (httpcache.SITE, httpcache.LIBRARY, httpcache.EVENTS, httpcache.PRESS)
SHAREABLE_STATUSES = {200, 301, 404}
# Cookies that make a request someone's own: a signed-in editor, a message shown once.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# The next moment anything scheduled goes live, in any app.
_NEXT_PUBLISH_SQL = """
SELECT min(t) FROM (
    SELECT min(a.published_at) AS t FROM articles_article a WHERE {article}
    UNION ALL SELECT min(e.published_at) FROM events_event e WHERE {event}
    UNION ALL SELECT min(r.published_at) FROM media_relations_pressrelease r WHERE {release}
) AS upcoming
"""
UNKNOWN = object()


def next_publish_time(now):
    """When the next scheduled item, event or release goes live (None: nothing scheduled).

    Kept in the shared cache until that moment (an hour at most), and forgotten by every
    change that purges (``core.httpcache.purge``): one cache read per page, not a query.
    """
    try:
        kept = cachereads.get(httpcache.NEXT_PUBLISH_KEY)
    except Exception:
        kept = None
    if kept is not None and (kept[0] is None or kept[0] > now):
        return kept[0]
    found = _next_publish_time(now)
    lifetime = 3600 if found is None else min(3600, (found - now).total_seconds())
    if lifetime >= 1:
        try:
            cache.set(httpcache.NEXT_PUBLISH_KEY, (found,), math.floor(lifetime))
            cachereads.remember(httpcache.NEXT_PUBLISH_KEY, (found,))
        except Exception:
            logger.warning("cache unavailable; next publish time not kept", exc_info=True)
    return found


def _next_publish_time(now):
    conditions, params = {}, []
    for alias, name in (("a", "article"), ("e", "event"), ("r", "release")):
        conditions[name], rule = scheduled_sql(alias, now=now)
        params += rule
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_PUBLISH_SQL.format(**conditions), params)
        return cursor.fetchone()[0]


def is_personal(request, response) -> bool:
    """Whether the answer belongs to one reader: a session (a signed-in editor or member) or a
    pending message, a cookie being set, or a form's CSRF token in it. (Every answer varies
    on Cookie, ``private_when_signed_in``: that alone does not make one personal.)"""
    return (
        any(name in request.COOKIES for name in PERSONAL_COOKIES)
        or bool(response.cookies)
        or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
    )


def _never_shared(response) -> None:
    # As private_when_signed_in says it for a signed-in reader.
    patch_cache_control(response, private=True, no_store=True)
    response.headers.pop("Expires", None)


class SharedCacheHeadersMiddleware:
    """Tell a shared HTTP cache in front (Varnish, a CDN) what it may keep, and for how long.

    A public page, answered to a reader with no cookie of their own, is ``public, max-age=0,
    s-maxage=N``: a shared cache keeps it N seconds (``HTTP_CACHE_SECONDS``, cut short by
    the next scheduled publish time, so a scheduled item appears on time), browsers revalidate
    it every time, and ``ConditionalGetMiddleware`` gives it the ETag that makes that a 304.
    It carries ``X-Cache-Tags`` for purging (``core.httpcache``). Anything personal (signed
    in, a form with its CSRF token, a flash message) is ``private, no-store`` and varies on
    Cookie; a response whose view set Cache-Control (the admin, previews, uploads) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        # What every page reads from the cache (this middleware's next publish time, the
        # footer's media contact), in one round trip.
        with cachereads.read_ahead():
            return self.headers_for(request, self.get_response(request))

    def headers_for(self, request, response):
        if is_personal(request, response):
            _never_shared(response)
            patch_vary_headers(response, ["Cookie"])
            return response
        if response.has_header("Cache-Control"):
            return response
        seconds = settings.HTTP_CACHE_SECONDS
        if response.status_code not in SHAREABLE_STATUSES or seconds <= 0:
            _never_shared(response)
            return response
        now = timezone.now()
        # A page from the page cache says until when its content holds; else ask.
        until = getattr(response, "content_until", UNKNOWN)
        if until is UNKNOWN:
            until = next_publish_time(now)
        if until is not None:
            seconds = max(0, min(seconds, math.floor((until - now).total_seconds())))
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        match = getattr(request, "resolver_match", None)
        namespace = match.namespace if match is not None else ""
        response[httpcache.TAG_HEADER] = ",".join(_TAGS_BY_NAMESPACE.get(namespace, _ALL_TAGS))
        return response
