"""A shared HTTP cache (Varnish, a CDN) in front of the app servers: purging what changed.

Public pages carry ``X-Cache-Tags``, comma-separated
(``cco_council.middleware.SharedCacheHeadersMiddleware`` writes it): ``site`` on every page,
and ``library``, ``events`` or ``press`` on each page that shows that part of the site. A
change purges its tag by sending ``BAN`` with the tag to every cache listed in
``HTTP_CACHE_PURGE_URL``, once the change is committed (a reader between the purge and the
commit would put the old page back); the VCL in ``deploy/varnish`` bans every stored page
whose tags match. With no ``HTTP_CACHE_PURGE_URL`` this does nothing.

A purge that fails is logged, never raised: the save has happened, and the cache's pages
expire by themselves (``HTTP_CACHE_SECONDS``).
"""

import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from cco_council.core import cachereads

logger = logging.getLogger(__name__)

TAG_HEADER = "X-Cache-Tags"
SITE = "site"  # every page: the footer names the media contact
LIBRARY, EVENTS, PRESS = "library", "events", "press"
TIMEOUT_SECONDS = 1.0


# The next moment anything scheduled goes live (cco_council.middleware reads and keeps it):
# a change may have scheduled something sooner, so every purge forgets it.
NEXT_PUBLISH_KEY = "httpcache:next-publish"
cachereads.read_on_every_page(NEXT_PUBLISH_KEY)


def forget_next_publish_time() -> None:
    def forget():
        cachereads.forget(NEXT_PUBLISH_KEY)
        try:
            cache.delete(NEXT_PUBLISH_KEY)
        except Exception:
            logger.warning("cache unavailable; next publish time not forgotten", exc_info=True)

    forget()
    transaction.on_commit(forget)


def purge(*tags: str) -> None:
    """Ban from the shared caches every page carrying any of ``tags``, when the surrounding
    transaction commits (at once outside one); and forget the next publish time."""
    forget_next_publish_time()
    if not settings.HTTP_CACHE_PURGE_URLS or not tags:
        return
    transaction.on_commit(lambda: ban(tags))


def tag_pattern(tags) -> str:
    """The regular expression the VCL matches against a page's tags."""
    # No spaces: Varnish's ban expressions are split at them, quotes or not.
    return "(^|,)(" + "|".join(sorted(set(tags))) + ")(,|$)"


def ban(tags) -> None:
    pattern = tag_pattern(tags)
    for url in settings.HTTP_CACHE_PURGE_URLS:
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port or 80, timeout=TIMEOUT_SECONDS
        )
        try:
            connection.request("BAN", parts.path or "/", headers={TAG_HEADER: pattern})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                logger.warning("shared cache at %s refused the ban (%s)", url, response.status)
        except OSError:
            logger.warning("shared cache at %s unreachable; pages expire by themselves", url,
                           exc_info=True)  # fmt: skip
        finally:
            connection.close()
