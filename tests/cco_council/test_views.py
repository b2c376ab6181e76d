import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

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
def test_healthz_ok_when_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\njobs: 0 waiting, 0 scheduled, 0 running, 0 failed\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_503_when_database_does_not_answer():
    # A real process whose database is a port nothing listens on.
    env = dict(os.environ, DEBUG="1", DATABASE_URL="postgres://nobody@127.0.0.1:9/nowhere")
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode().strip())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "503 database unavailable", result.stderr


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
