"""The test run's own cache entries, and nobody else's.

The Redis server that REDIS_URL names may be shared (CI's service, a developer's Redis that other
projects use), so the tests never flush a Redis database: every test process writes under its
own KEY_PREFIX and deletes only keys that carry it. Other backends hold nothing but ours: the
per-process memory cache, or a DatabaseCache whose table lives in the test database.
"""

import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django_redis.cache import RedisCache as DjangoRedisCache

# The site's Redis backend (django-redis) and Django's own, which some tests configure.
REDIS_BACKENDS = (RedisCache, DjangoRedisCache)

# One per test process: pytest-xdist workers each get their own, so one worker's clean-up never
# deletes what another worker's running test just wrote.
SESSION_PREFIX = f"cco-test-{uuid.uuid4().hex[:16]}"


def caches_with_own_prefix() -> dict:
    """settings.CACHES with this process's KEY_PREFIX on every cache."""
    return {
        alias: {**config, "KEY_PREFIX": SESSION_PREFIX} for alias, config in settings.CACHES.items()
    }


def redis_client(alias: str = "default"):
    """A plain redis-py client of the server that a Redis cache writes to (its first location)."""
    import redis

    location = settings.CACHES[alias]["LOCATION"]
    if isinstance(location, str):
        location = location.split(",")
    return redis.Redis.from_url(location[0])


def own_redis_keys(pattern: str = "*", alias: str = "default") -> list[str]:
    """This process's keys in a Redis cache whose unprefixed part matches the glob ``pattern``
    (Django stores ``<KEY_PREFIX>:<version>:<key>``)."""
    prefix = settings.CACHES[alias]["KEY_PREFIX"]
    with redis_client(alias) as client:
        return sorted(key.decode() for key in client.scan_iter(match=f"{prefix}:*:{pattern}"))


def delete_own_redis_keys(alias: str = "default") -> int:
    """Delete the keys under this alias's KEY_PREFIX (SCAN, then DEL in batches); return how
    many there were."""
    prefix = settings.CACHES[alias]["KEY_PREFIX"]
    with redis_client(alias) as client:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        return sum(client.delete(*keys[i : i + 500]) for i in range(0, len(keys), 500))


def forget_cached_entries(*, database_open: bool) -> None:
    """Delete what this test process cached, backend by backend.

    ``database_open``: whether the test database exists and may be written. A DatabaseCache's
    table is in it: rows written inside a test's transaction go with its rollback, rows a
    transactional test committed are deleted here, and a test without database access cannot
    have written any.
    """
    for alias in settings.CACHES:
        backend = caches[alias]
        if isinstance(backend, REDIS_BACKENDS):
            delete_own_redis_keys(alias)
        elif isinstance(backend, DatabaseCache):
            # A test that provoked a database error inside its transaction has left it unable
            # to run another statement; its rollback takes the rows with it.
            broken = database_open and connection.in_atomic_block and transaction.get_rollback()
            if database_open and not broken:
                backend.clear()
        else:
            # The per-process memory (or dummy) cache: ours alone.
            backend.clear()
