import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.handlers.base import BaseHandler
from django.core.management import call_command
from django.urls import reverse

from tests.cco_council.servers import free_port
from tests.routes import fill, known_values, route_templates

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_home_renders_in_layout(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert 'aria-label="Main"' in html
    assert "Media inquiries" in html


@pytest.mark.django_db
def test_healthz_ok_when_database_and_cache_answer(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "jobs": {"waiting": 0, "scheduled": 0, "running": 0, "failed": 0},
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_503_when_database_does_not_answer():
    # A real process whose database is a port nothing listens on (and so is its cache).
    env = dict(os.environ, DEBUG="1", DATABASE_URL="postgres://nobody@127.0.0.1:9/nowhere")
    env.pop("REDIS_URL", None)
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout == (
        '503 {"status": "unavailable", "database": "unavailable", "cache": "unavailable"}\n'
    ), result.stderr


@pytest.mark.django_db
def test_healthz_200_naming_the_cache_when_only_the_cache_is_down(client, settings):
    # A Redis address nothing listens on: refused at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
        "jobs": {"waiting": 0, "scheduled": 0, "running": 0, "failed": 0},
    }


@pytest.mark.django_db
def test_head_answers_every_route_as_get_does_with_no_body(client, rf):
    """At the WSGI handler, below the test client (which drops HEAD bodies itself)."""
    call_command("seed_demo", force=True, verbosity=0)
    values = known_values()
    urls = [url for template in route_templates() for url in fill(template, values)]
    handler = BaseHandler()
    handler.load_middleware()
    differences = {}
    for url in urls:
        get = client.get(url)
        head = handler.get_response(rf.head(url))
        answer = (head.status_code, head.get("Content-Type"), b"".join(head))
        if answer != (get.status_code, get.get("Content-Type"), b""):
            differences[url] = (get.status_code, answer)
    assert differences == {}
    assert {"/", "/search/", "/healthz", "/press/contact.vcf", "/library/"} <= set(urls)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/library/?q=%00", "/library/?page=1%00", "/lib%00rary/", "/?a=b%00c", "/press/?x=\x00"],
)
def test_nul_byte_anywhere_is_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "character we cannot read" in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_404_in_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'href="#main"' in html


@pytest.mark.django_db
def test_security_headers_on_html(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_lost_database_gives_503_page_in_layout():
    # A real process whose database is a port nothing listens on: the home page's queries fail.
    env = dict(os.environ, DEBUG="1", DATABASE_URL="postgres://nobody@127.0.0.1:9/nowhere")
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client(raise_request_exception=False).get('/');"
        "print(r.status_code, r['Retry-After'], 'Briefly unavailable' in r.content.decode(),"
        " 'href=\"#main\"' in r.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "503 5 True True", result.stderr


@pytest.mark.django_db
def test_500_page_renders_in_layout_without_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert 'href="#main"' in html


@pytest.mark.django_db
def test_nul_byte_in_a_cookie_is_400(client):
    client.cookies["sessionid"] = "abcdefgh\x00"
    response = client.get("/admin/login/")
    assert response.status_code == 400


@pytest.mark.django_db
def test_sitemap_is_written_as_djangos_own_template_writes_it(rf):
    from django.contrib.sitemaps.views import sitemap

    from cco_council.sitemaps import sitemaps
    from tests.articles.factories import ArticleFactory, AuthorFactory, SeriesFactory
    from tests.events.factories import EventFactory

    series = SeriesFactory()
    ArticleFactory(authors=[AuthorFactory()], series=series, part_number=1)
    ArticleFactory(title="Fish & <chips>")
    EventFactory()
    request = rf.get("/sitemap.xml", HTTP_HOST="testserver")
    djangos = sitemap(request, sitemaps=sitemaps).render().content
    ours = sitemap(request, sitemaps=sitemaps, template_name="cco_council/sitemap.xml")
    assert ours.render().content == djangos
    assert djangos.count(b"<url>") == 9
