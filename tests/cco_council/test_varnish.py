"""Varnish in front of two app servers: what readers get from the shared cache, and when.

Starts Varnish (Debian's ``varnishd``) with the site's VCL (deploy/varnish/site.vcl) on a free
loopback port, in front of two gunicorn app servers with DEBUG off, each in a process of its
own on the test database. The tests commit what they write (transactional), so the servers
see it; an editor signs in and publishes through one app server, as in production.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from cco_council.core import previews
from cco_council.permissions import sync_editors_group
from tests.articles.factories import ArticleFactory, DraftFactory

pytestmark = [pytest.mark.varnish, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
HOST = "127.0.0.1"
CACHE_TABLE = "varnish_test_cache"
SHARED_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
}
SECRET_KEY = "varnish-test-" + "k" * 50  # noqa: S105 - the test's app servers' key
PASSWORD = "correct horse battery staple"  # noqa: S105 - a test account on a test database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def database_url() -> str:
    settings = connections["default"].settings_dict
    # The embedded PostgreSQL names its socket directory as an option (dj-database-url reads
    # "?host=" into OPTIONS), not as HOST.
    host = settings["HOST"] or settings.get("OPTIONS", {}).get("host") or "localhost"
    if host.startswith("/"):  # a unix socket directory (the embedded PostgreSQL)
        host = quote(host, safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    user = quote(settings["USER"] or "postgres", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}{port}/{settings['NAME']}"


def get(port, path, *, cookies=None, headers=None, method="GET", body=None):
    """(status, headers with lower-case names, body text, cookies set) from one request."""
    headers = dict(headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    connection = http.client.HTTPConnection(HOST, port, timeout=15)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        set_cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                set_cookies[key] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text, set_cookies
    finally:
        connection.close()


def wait_for(condition, what: str, seconds: float = 30.0) -> None:
    """Wait for a process we started to answer (servers take a moment to start)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        threading.Event().wait(0.1)
    raise AssertionError(f"{what} did not come up within {seconds} s")


def answers(port, path="/") -> bool:
    try:
        return get(port, path)[0] < 500
    except OSError:
        return False


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    """Varnish on a free port in front of two app servers on the test database."""
    if not os.path.exists(VARNISHD):
        if os.environ.get("REQUIRE_VARNISH"):
            pytest.fail(f"Varnish is required for these tests and is not at {VARNISHD}")
        pytest.skip("varnishd is not installed; ./dev test installs it (Debian's varnish)")
    tmp = tmp_path_factory.mktemp("varnish")
    varnish_port, app_ports = free_port(), [free_port(), free_port()]
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.servers_settings",
        PYTHONPATH=str(ROOT),
        TEST_STATIC_ROOT=str(tmp / "static"),
        TEST_CACHE_TABLE=CACHE_TABLE,
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS=f"{HOST},localhost",
        DATABASE_URL=database_url(),
        SECURE_SSL_REDIRECT="0",
        HTTP_CACHE_SECONDS="60",
        HTTP_CACHE_PURGE_URL=f"http://{HOST}:{varnish_port}/",
        PUBLIC_PAGE_CACHE_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)
    with django_db_blocker.unblock():
        call_command("createcachetable", CACHE_TABLE, verbosity=0)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    processes = []
    try:
        for port in app_ports:
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "cco_council.wsgi",
                        f"--bind={HOST}:{port}",
                        "--workers=1",
                        "--threads=4",
                        "--error-logfile=-",
                        "--log-level=warning",
                    ],
                    cwd=ROOT,
                    env=env,
                )  # fmt: skip
            )
        (tmp / "backends.vcl").write_text(
            "".join(
                f'backend app{i} {{ .host = "{HOST}"; .port = "{port}"; }}\n'
                for i, port in enumerate(app_ports)
            )
            + "sub vcl_init {\n    new app = directors.round_robin();\n"
            + "".join(f"    app.add_backend(app{i});\n" for i in range(len(app_ports)))
            + "}\n"
        )
        processes.append(
            subprocess.Popen(
                [
                    VARNISHD,
                    "-F",
                    "-j",
                    "none",
                    "-n",
                    str(tmp / "instance"),
                    "-a",
                    f"{HOST}:{varnish_port}",
                    "-T",
                    f"{HOST}:0",
                    "-f",
                    str(ROOT / "deploy" / "varnish" / "site.vcl"),
                    "-p",
                    f"vcl_path={tmp}:{ROOT / 'deploy' / 'varnish'}",
                    "-s",
                    "malloc,32m",
                ],
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
        )
        for port in app_ports:
            wait_for(lambda port=port: answers(port, "/healthz"), f"app server on {port}")
        wait_for(lambda: answers(varnish_port, "/healthz"), "varnish")
        yield {"varnish": varnish_port, "apps": app_ports}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


@pytest.fixture
def purges(settings, stack):
    """This process purges the test's Varnish too (the factories save through services), and
    shares the app servers' cache."""
    settings.HTTP_CACHE_PURGE_URLS = [f"http://{HOST}:{stack['varnish']}/"]
    settings.CACHES = SHARED_CACHE


def sign_in(port) -> dict:
    """An editor's cookies after signing in to the admin on this app server."""
    user = get_user_model().objects.create_user(
        "varnish-editor", "editor@example.org", PASSWORD, is_staff=True
    )
    user.groups.add(sync_editors_group())
    _, _, page, cookies = get(port, "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urlencode(
        {"username": "varnish-editor", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    status, _, _, more = get(
        port,
        "/admin/login/?next=/admin/",
        method="POST",
        body=form,
        cookies=cookies,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 302
    return {**cookies, **more}


def test_publish_through_one_app_server_is_visible_through_varnish_within_a_second(stack, purges):
    varnish, (first_app, _second) = stack["varnish"], stack["apps"]
    ArticleFactory(title="Already public piece")
    draft = DraftFactory(title="Freshly published piece", body="<p>Ready.</p>")
    editor = sign_in(first_app)

    assert get(varnish, "/library/")[1]["x-cache"] == "MISS"
    status, headers, page, _ = get(varnish, "/library/")
    assert (status, headers["x-cache"]) == (200, "HIT")
    assert "Freshly published piece" not in page
    assert headers["cache-control"] == "public, max-age=0, s-maxage=60"

    # The editor publishes from the admin's list, on the first app server.
    _, _, changelist, _ = get(first_app, "/admin/articles/article/", cookies=editor)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', changelist).group(1)
    form = urlencode(
        {"action": "publish_selected", "_selected_action": draft.pk, "index": 0,
         "select_across": 0, "csrfmiddlewaretoken": token}
    )  # fmt: skip
    started = time.monotonic()
    status, _, _, _ = get(
        first_app,
        "/admin/articles/article/",
        method="POST",
        body=form,
        cookies=editor,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 302
    status, headers, page, _ = get(varnish, "/library/")
    elapsed = time.monotonic() - started
    assert (status, headers["x-cache"]) == (200, "MISS")
    assert "Freshly published piece" in page
    assert elapsed < 1.0
    # And it is shared again at once: the next reader gets it from Varnish.
    assert get(varnish, "/library/")[1]["x-cache"] == "HIT"


def test_revalidation_through_varnish_is_a_304(stack, purges):
    ArticleFactory(title="Revalidated piece")
    varnish = stack["varnish"]
    _, headers, _, _ = get(varnish, "/library/")
    status, again, body, _ = get(varnish, "/library/", headers={"If-None-Match": headers["etag"]})
    assert (status, body, again["etag"]) == (304, "", headers["etag"])


def test_drafts_previews_and_signed_in_pages_never_come_from_varnish(stack, purges):
    varnish, (first_app, _second) = stack["varnish"], stack["apps"]
    draft = DraftFactory(title="Embargoed draft")
    editor = sign_in(first_app)
    preview = draft.get_preview_url()

    for _ in range(2):
        status, headers, page, _ = get(varnish, preview, cookies=editor)
        assert (status, headers["x-cache"]) == (200, "MISS")
        assert "Embargoed draft" in page
        assert "private" in headers["cache-control"]
        # Signed in, every page is the editor's own: passed through, never stored.
        status, headers, _, _ = get(varnish, "/library/", cookies=editor)
        assert (status, headers["x-cache"]) == (200, "MISS")
        assert "private" in headers["cache-control"]
    # Readers without the editor's cookie: the draft is not there, and no preview was kept.
    status, _, page, _ = get(varnish, preview)
    assert status == 302
    status, _, page, _ = get(varnish, draft.get_absolute_url())
    assert status == 404
    assert "Embargoed draft" not in page
    assert "Embargoed draft" not in get(varnish, "/library/")[2]
    # A preview link an editor shares opens the draft for anyone holding it, never from the
    # shared cache: revoked, it is gone at once.
    with override_settings(SECRET_KEY=SECRET_KEY):  # the app servers' key signs the link
        link = previews.create_link(item=draft, user=get_user_model().objects.get())
        address = f"/preview/{link.token}/"
    for _ in range(2):
        status, headers, page, _ = get(varnish, address)
        assert (status, headers["x-cache"]) == (200, "MISS")
        assert "Embargoed draft" in page
    previews.revoke_link(link=link, user=link.created_by)
    assert get(varnish, address)[0] == 410
    # The press room's inquiry form carries a CSRF token: never shared either.
    for _ in range(2):
        status, headers, _, cookies = get(varnish, "/press/")
        assert (status, headers["x-cache"]) == (200, "MISS")
        assert headers["cache-control"] == "private, no-store"
        assert "csrftoken" in cookies


def test_scheduled_item_appears_at_its_time(stack, purges):
    varnish = stack["varnish"]
    ArticleFactory(title="Current piece")
    # Far enough ahead that a loaded machine's first two requests come before it.
    goes_live = timezone.now().replace(microsecond=0) + timezone.timedelta(seconds=4)
    ArticleFactory(title="Scheduled piece", published_at=goes_live)

    status, headers, page, _ = get(varnish, "/library/")
    assert status == 200
    assert "Scheduled piece" not in page
    # Varnish may keep the page only until the item goes live.
    s_maxage = int(re.search(r"s-maxage=(\d+)", headers["cache-control"]).group(1))
    assert s_maxage <= (goes_live - timezone.now()).total_seconds() + 1
    assert get(varnish, "/library/")[1]["x-cache"] == "HIT"

    # No process of ours runs at that moment: Varnish's copy simply runs out. Time cannot be
    # moved for Varnish and the app servers, so the test waits for it to come.
    wait_for(lambda: timezone.now() >= goes_live, "the publish time", seconds=7)
    assert Article.objects.published().filter(title="Scheduled piece").exists()
    status, headers, page, _ = get(varnish, "/library/")
    assert (status, headers["x-cache"]) == (200, "MISS")
    assert "Scheduled piece" in page
