import os
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from cco_council.permissions import sync_editors_group
from tests.caching import caches_with_own_prefix, forget_cached_entries

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Fixtures that open the test database to a test (pytest-django's public ones).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Browser tests run last (after pytest-django's own ordering, kept within each group): while
    # Playwright runs, Django's async-safety check is off (see the browser fixture), and no
    # other test should run without it.
    for item in items:
        if {"browser", "page"} & set(item.fixturenames):
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_runtest_setup(item):
    if item.get_closest_marker("redis") and not os.environ.get("REDIS_URL"):
        pytest.skip("needs a Redis server: set REDIS_URL (e.g. redis://127.0.0.1:6379/1)")


def uses_database(item) -> bool:
    return bool(item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames))


@pytest.fixture(scope="session", autouse=True)
def _own_cache_prefix():
    """Every cache entry this test process writes carries its own KEY_PREFIX (tests/caching.py);
    at the end of the session its Redis keys, and only those, are deleted."""
    with override_settings(CACHES=caches_with_own_prefix()):
        yield
        forget_cached_entries(database_open=False)


@pytest.fixture(autouse=True)
def _forget_cached_entries(request, django_db_blocker):
    # Rate limits, cached PDFs and cached pages must not leak from one test into the next.
    yield
    if uses_database(request.node):
        with django_db_blocker.unblock():
            forget_cached_entries(database_open=True)
    else:
        forget_cached_entries(database_open=False)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Views are measured and checked as they run; tests/articles/test_caching.py turns the
    # shared page cache on to test it.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def editor(db):
    """A staff user in the Editors group, as the data migration and post_migrate set it up."""
    user = get_user_model().objects.create_user(
        "editor", "editor@example.org", "correct horse battery", is_staff=True
    )
    user.groups.add(sync_editors_group())
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "x-secret-pw-1")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required for browser tests and is not at {CHROMIUM}")
        pytest.skip("Chromium is not installed; ./dev test installs it")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread from start to stop, and
    # Django refuses ORM calls from a thread with a running loop. The browser tests' own ORM
    # calls are synchronous and safe: allow them while Playwright runs, and only then (browser
    # tests run last, see pytest_collection_modifyitems).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
