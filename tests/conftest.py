import os
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from cco_council.permissions import sync_editors_group

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by tests
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits, cached PDFs and cached pages must not leak from one test into the next.
    cache.clear()
    yield
    cache.clear()


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

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
