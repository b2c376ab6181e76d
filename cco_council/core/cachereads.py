"""Cache entries nearly every page reads, fetched together: one round trip per request.

Every page reads the next scheduled publish time (for its shared-cache headers) and the
primary media contact (for its footer), each a small entry in the shared cache. Read one by
one, each cost a round trip to Redis (or a query of the database cache); an app registers such
a key with ``read_on_every_page()`` (where the key is defined), the site's middleware opens
``read_ahead()`` around each GET, and the first ``get()`` of such a key reads them all. A
value set or deleted during the request is passed to ``remember()`` / ``forget()``, so a later
read in the same request sees it.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

logger = logging.getLogger(__name__)

_keys: list[str] = []
# Per request: None outside ``read_ahead()``; inside it, {} until the first registered key is
# asked for, then every registered key's value (None for a miss).
_read: ContextVar[dict | None] = ContextVar("cache_read_ahead", default=None)


def read_on_every_page(key: str) -> None:
    if key not in _keys:
        _keys.append(key)


@contextmanager
def read_ahead():
    """During the block, the first ``get()`` of a registered key reads them all, in one round
    trip. Nothing is read until then: a page served whole from the page cache reads none."""
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)


def get(key: str):
    """``cache.get(key)``, from this request's read-ahead when the key is registered."""
    read = _read.get()
    if read is None or key not in _keys:
        return cache.get(key)
    if not read:
        try:
            found = cache.get_many(_keys)
        except Exception:
            # Each read then goes to the cache itself, and handles its failure there.
            logger.warning("cache unavailable; nothing read ahead", exc_info=True)
            return cache.get(key)
        read.update({name: found.get(name) for name in _keys})
    return read[key]


def get_many(keys) -> dict:
    """``cache.get_many(keys)``; inside ``read_ahead()`` the registered keys come in the same
    round trip when they have not been read yet (a read page asks for its PDF's version
    before its footer asks for the media contact), and these keys are kept for later reads in
    the request too."""
    read = _read.get()
    if read is None:
        return cache.get_many(keys)
    wanted = [key for key in keys if key not in read]
    if not read:
        wanted += [key for key in _keys if key not in wanted]
    if wanted:
        found = cache.get_many(wanted)
        read.update({key: found.get(key) for key in wanted})
    return {key: read[key] for key in keys if read[key] is not None}


def remember(key: str, value) -> None:
    """Tell the read-ahead that ``key`` now holds ``value`` (set in the cache meanwhile)."""
    read = _read.get()
    if read:
        read[key] = value


def forget(key: str) -> None:
    """Tell the read-ahead that ``key`` was deleted from the cache meanwhile."""
    remember(key, None)
