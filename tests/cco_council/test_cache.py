"""The cache as deployed: shared by every process, and never able to hang a request."""

import http.client
import json
import signal
import time
import uuid

import pytest

from tests.articles.factories import ArticleFactory
from tests.cco_council.servers import free_port, gunicorn, manage, redis_server
from tests.media_relations.factories import MediaContactFactory


def test_default_cache_is_shared_between_processes(django_db_setup):
    # Two processes as a worker and `manage.py build_pdfs` are, with no REDIS_URL.
    key = f"tests:shared:{uuid.uuid4().hex}"
    writer = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import cache, caches;"
        f"cache.set({key!r}, 'written by another process', 60);"
        "print(type(caches['default']).__name__)",
    )
    reader = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.core.cache import cache; print(cache.get({key!r})); cache.delete({key!r})",
    )
    assert writer.stdout == "DatabaseCache\n", writer.stderr
    assert reader.stdout == "written by another process\n", reader.stderr


def timed_get(port: int, path: str) -> tuple[int, str, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode()
    finally:
        connection.close()
    return response.status, body, time.monotonic() - started


@pytest.mark.django_db(transaction=True)
def test_hung_redis_costs_a_library_page_and_healthz_under_two_seconds():
    ArticleFactory(title="Renewal rates in a downturn")
    with redis_server() as (redis, url), gunicorn(REDIS_URL=url) as server:
        # The worker's first request boots Django; Redis still answers it.
        assert timed_get(server.port, "/library/")[0] == 200
        redis.send_signal(signal.SIGSTOP)
        try:
            library_status, library, library_seconds = timed_get(server.port, "/library/")
            health_status, health, health_seconds = timed_get(server.port, "/healthz")
        finally:
            redis.send_signal(signal.SIGCONT)
    assert library_status == 200
    assert "Renewal rates in a downturn" in library
    assert library_seconds < 2, library_seconds
    assert health_status == 200
    assert json.loads(health) == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
        "jobs": {"waiting": 0, "scheduled": 0, "running": 0, "failed": 0},
    }
    assert health_seconds < 2, health_seconds


@pytest.mark.django_db
def test_every_cache_use_survives_a_cache_that_refuses(client, settings):
    # A Redis address nothing listens on: every cache call fails at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    # The page cache and the PDF versions are asked too.
    settings.PUBLIC_PAGE_CACHE_SECONDS = settings.PDF_VERSION_SECONDS = 60
    article = ArticleFactory(title="Churn signals")
    MediaContactFactory(is_primary=True)
    inquiry = {
        "name": "Dana Reporter",
        "outlet": "Example Daily",
        "email": "dana@news.example.com",
        "topic": "interview",
        "message": "Could we speak with the council about the next summit?",
    }
    application = {
        "name": "Alex Morgan",
        "email": "alex@example.com",
        "job_title": "Chief Customer Officer",
        "company": "Example Corp",
        "reason": "To learn from peers.",
    }
    statuses = {
        "library": client.get("/library/").status_code,
        "item": client.get(article.get_absolute_url()).status_code,
        "pdf": client.get(f"/library/{article.slug}.pdf").status_code,
        "press room": client.get("/press/").status_code,
        "inquiry (rate limit)": client.post("/press/inquiry/", inquiry).status_code,
        "application (rate limit)": client.post("/members/apply/", application).status_code,
        "healthz": client.get("/healthz").status_code,
    }
    assert statuses == {
        "library": 200,
        "item": 200,
        "pdf": 200,
        "press room": 200,
        "inquiry (rate limit)": 302,
        "application (rate limit)": 302,
        "healthz": 200,
    }


@pytest.mark.django_db
def test_member_sign_in_with_a_cache_that_refuses_is_a_503_asking_to_retry(client, settings):
    # django-allauth counts sign-in attempts in the cache with no fallback of its own: with
    # the cache gone the sign-in cannot be rate limited, so it is refused for now, clearly.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    response = client.post("/account/sign-in/", {"email": "mara@example.com"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "try again" in response.content.decode().lower()
