"""A shared cache of the library's public pages, for anonymous readers.

Every app server reads and writes the same cache (Redis in production). A page is stored under
the library's current *version*, which any change to an item, exchange, credit, author, series
or tag replaces (see ``signals.py``), so an edit shows at once on every server. A page never
outlives the next scheduled publish time, so a scheduled item appears on the minute without a
cron job. Signed-in editors, and anyone carrying a session or messages cookie, always get a
fresh page.
"""

import hashlib
import math
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

VERSION_KEY = "articles:pages:version"
PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def library_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_library_version(**kwargs) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def seconds_until_next_scheduled() -> float | None:
    from articles.models import Article

    upcoming = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(first=Min("published_at"))["first"]
    return None if upcoming is None else (upcoming - timezone.now()).total_seconds()


def cache_public_page(view):
    """Serve anonymous GETs of a public library page from the shared cache."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        lifetime = settings.PUBLIC_PAGE_CACHE_SECONDS
        if (
            lifetime <= 0
            or request.method not in ("GET", "HEAD")
            or any(name in request.COOKIES for name in PRIVATE_COOKIES)
        ):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"articles:page:{library_version()}:{path}"
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            until_next = seconds_until_next_scheduled()
            timeout = lifetime if until_next is None else min(lifetime, until_next)
            if timeout >= 1:
                cache.set(key, response, math.floor(timeout))
        return response

    return wrapped
