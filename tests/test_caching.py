"""The suite's cache hygiene (tests/caching.py, tests/conftest.py): each test run deletes its own
cache entries and never flushes a Redis database that others may share."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from tests.articles.factories import ArticleFactory
from tests.caching import (
    SESSION_PREFIX,
    forget_cached_entries,
    own_redis_keys,
    redis_client,
)

ROOT = Path(__file__).resolve().parents[1]
INNER_SESSION = "tests/caching_session.py"


@pytest.fixture
def neighbours_key():
    """A key of another user of the Redis database, outside this run's prefix."""
    key = f"someone-else:{uuid.uuid4().hex}"
    with redis_client() as client:
        client.set(key, b"theirs", ex=600)
        yield key
        client.delete(key)


def test_default_cache_carries_the_session_prefix():
    assert settings.CACHES["default"]["KEY_PREFIX"] == SESSION_PREFIX
    assert SESSION_PREFIX.startswith("cco-test-")


@pytest.mark.redis
@pytest.mark.django_db
def test_forgetting_deletes_own_redis_keys_and_keeps_the_neighbours(client, neighbours_key):
    article = ArticleFactory()
    response = client.get(article.get_pdf_url())
    assert response.status_code == 200
    assert len(own_redis_keys("pdf:article:*")) == 1

    forget_cached_entries(database_open=True)

    assert own_redis_keys() == []
    with redis_client() as redis:
        assert redis.get(neighbours_key) == b"theirs"


@pytest.mark.redis
def test_a_whole_test_session_leaves_the_neighbours_keys_alone(tmp_path, neighbours_key):
    prefix_file = tmp_path / "prefix"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", INNER_SESSION],
        cwd=ROOT,
        env=dict(os.environ, CCO_SESSION_PREFIX_FILE=str(prefix_file)),
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    inner_prefix = prefix_file.read_text()
    with redis_client() as redis:
        assert redis.get(neighbours_key) == b"theirs"
        assert list(redis.scan_iter(match=f"{inner_prefix}:*")) == []


@pytest.mark.django_db
def test_forgetting_empties_a_database_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cco_test_cache",
            "KEY_PREFIX": SESSION_PREFIX,
        }
    }
    call_command("createcachetable", verbosity=0)
    cache.set("articles:page:1", "cached page")

    forget_cached_entries(database_open=True)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cco_test_cache")
        assert cursor.fetchone() == (0,)
