import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from tests.crawl import crawl

pytestmark = pytest.mark.django_db

REQUIRED_CSP = ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")


def assert_security_headers(url, response):
    assert response.status_code < 500, url
    for directive in REQUIRED_CSP:
        assert directive in response["Content-Security-Policy"], url
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert "camera=()" in response["Permissions-Policy"], url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


@pytest.fixture
def demo_site(db):
    call_command("seed_demo", force=True, verbosity=0)


def admin_urls():
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return urls


def test_every_public_html_page_carries_security_headers(client, demo_site):
    pages = crawl(client)
    html_pages = {url: r for url, r in pages.items() if "text/html" in r.get("Content-Type", "")}
    assert len(html_pages) >= 40
    for url, response in html_pages.items():
        assert_security_headers(url, response)


def addable_urls(user):
    """Add pages of the models whose admin lets ``user`` add (singletons and inboxes don't)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    return {
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_add_permission(request)
    }


def test_every_admin_page_carries_security_headers(client, demo_site, superuser):
    client.force_login(superuser)
    addable = addable_urls(superuser)
    for url in admin_urls():
        response = client.get(url)
        expected = 403 if url.endswith("/add/") and url not in addable else 200
        assert response.status_code == expected, url
        assert_security_headers(url, response)


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_sent_over_https(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_security_txt_served(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "Contact: mailto:security@ccocouncil.org"
    assert lines[1].startswith("Expires: ")


# Django's own test cases for unsafe redirect targets (auth_tests, utils_tests.test_http).
BAD_NEXT_URLS = [
    "http://example.com",
    "http:///example.com",
    "https://example.com",
    "ftp://example.com",
    "///example.com",
    "//example.com",
    'javascript:alert("XSS")',
    "\\\\example.com",
    "\\\\\\example.com",
    "/\\\\/example.com",
    "\\\\//example.com",
    "/\\/example.com",
    "\\/example.com",
    "http:\\\\example.com",
    "http:\\/example.com",
    "http:/\\example.com",
    "\njavascript:alert(x)",
    "\x08//example.com",
    "http://testserver@example.com",
]


@pytest.mark.parametrize("bad", BAD_NEXT_URLS)
def test_admin_login_never_redirects_off_site(client, superuser, bad):
    response = client.post(
        reverse("admin:login"),
        {"username": "root", "password": "x-secret-pw-1", "next": bad},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_admin_login_follows_safe_next(client, superuser):
    response = client.post(
        reverse("admin:login"),
        {"username": "root", "password": "x-secret-pw-1", "next": "/admin/auth/user/"},
    )
    assert response["Location"] == "/admin/auth/user/"


def failed_login(client, username="root"):
    return client.post(reverse("admin:login"), {"username": username, "password": "wrong"})


def test_admin_lockout_after_five_failures_even_with_right_password(client, superuser):
    statuses = [failed_login(client).status_code for _ in range(5)]
    # The fifth failure is the one that locks.
    assert statuses == [200, 200, 200, 200, 429]
    # Another app server: a separate client, sharing only the database.
    other_server = Client()
    response = other_server.post(
        reverse("admin:login"), {"username": "root", "password": "x-secret-pw-1"}
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "15 minutes" in response.content.decode()


def test_admin_lockout_by_username_from_other_addresses(superuser):
    for number in range(5):
        Client(REMOTE_ADDR=f"10.0.0.{number + 1}").post(
            reverse("admin:login"), {"username": "root", "password": "wrong"}
        )
    response = Client(REMOTE_ADDR="10.0.0.99").post(
        reverse("admin:login"), {"username": "root", "password": "x-secret-pw-1"}
    )
    assert response.status_code == 429


def test_editor_manages_content_but_not_users_groups_or_permissions(editor_client):
    allowed, forbidden = [], []
    for url in admin_urls():
        status = editor_client.get(url).status_code
        (allowed if status == 200 else forbidden).append((url, status))
    forbidden_paths = {url for url, _ in forbidden}
    for url in forbidden_paths:
        # Users, groups, permissions and lockout records are not content; inquiries arrive
        # through the press form, never typed in by an editor.
        assert url.startswith(
            (
                "/admin/auth/",
                "/admin/axes/",
                "/admin/cco_council/",
                "/admin/media_relations/inquiry/add/",
                # Applications come through the public form, members by approving one;
                # closed-account records and digests are written by the site alone.
                "/admin/members/application/add/",
                "/admin/members/member/add/",
                "/admin/members/closedaccount/add/",
                "/admin/members/digest/add/",
                # Jobs are enqueued by the site: editors see them, never write them.
                "/admin/procrastinate/",
                # django-allauth's address records follow the members' accounts.
                "/admin/account/",
            )
        ), url
    assert any(url.startswith("/admin/articles/") for url, _ in allowed)
    assert any(url.startswith("/admin/events/") for url, _ in allowed)
    assert any(url.startswith("/admin/media_relations/") for url, _ in allowed)
    for model in ("user", "group"):
        assert editor_client.get(f"/admin/auth/{model}/").status_code == 403
        assert editor_client.get(f"/admin/auth/{model}/add/").status_code == 403


def test_anonymous_user_gets_login_page_for_every_admin_url(client, demo_site):
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
