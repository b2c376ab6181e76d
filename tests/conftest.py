import os
import shutil
import threading
from contextlib import contextmanager
from functools import partial

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from cco_council.permissions import sync_editors_group
from tests.caching import caches_with_own_prefix, forget_cached_entries
from tests.queries import application_queries

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


@contextmanager
def _assert_application_queries(config, num, exact=True, info=None):
    verbose = config.getoption("verbose") > 0
    with CaptureQueriesContext(connection) as context:
        yield context
    queries = application_queries(context.captured_queries)
    if (len(queries) != num) if exact else (len(queries) > num):
        message = f"Expected {'' if exact else 'at most '}{num} queries, {len(queries)} were done"
        if info:
            message += f"\n{info}"
        if verbose:
            message += "\n\n" + "\n\n".join(query["sql"] for query in queries)
        pytest.fail(message)


@pytest.fixture
def django_assert_num_queries(pytestconfig):
    """pytest-django's fixture of that name, counting the application's queries only."""
    return partial(_assert_application_queries, pytestconfig)


@pytest.fixture
def django_assert_max_num_queries(pytestconfig):
    """pytest-django's fixture of that name, counting the application's queries only."""
    return partial(_assert_application_queries, pytestconfig, exact=False)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Views are measured and checked as they run; tests/articles/test_caching.py turns the
    # shared page cache on to test it.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.PDF_VERSION_SECONDS = 0


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo content with its pictures (``seed_demo``), seeded once for a module's tests,
    which use ``db`` as usual (their own changes are rolled back), and flushed after them.

    Seeding draws and renders every picture, which takes a while: once per module, not per
    test.
    """
    from django.core.management import call_command
    from django.db import connection

    with django_db_blocker.unblock():
        call_command("seed_demo", force=True, verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        # Procrastinate's tables are not Django models that flush empties.
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_periodic_defers CASCADE")


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


@pytest.fixture
def member(db):
    """A current member (approved through the service, as an editor approves)."""
    from tests.members.factories import make_member

    return make_member(name="Mara Member", email="mara@example.com")


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture
def run_worker(transactional_db, settings):
    """Run Procrastinate's worker for real, against the test database, until no job is ready.

    Jobs run as in production (a psycopg connection of the worker's own, retries scheduled in
    the database); it needs committed data, hence a transactional test. Returns the worker
    run as a function to call (as often as the test likes: each call is a worker restart).
    """
    from procrastinate.contrib.django import app

    def work():
        with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
            worker_app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)

    def run():
        # In a thread of its own: the worker runs an event loop, and a browser test's thread
        # already has Playwright's.
        errors = []
        thread = threading.Thread(target=lambda: _capture(work, errors))
        thread.start()
        thread.join()
        if errors:
            raise errors[0]

    # Procrastinate's tables are not Django models that a transactional test's flush empties:
    # jobs another test left (seed_demo's e-mails) are not this test's to run.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_periodic_defers CASCADE")
    yield run
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_periodic_defers CASCADE")


def _capture(function, errors):
    try:
        function()
    except BaseException as error:
        errors.append(error)


@pytest.fixture
def run_queued_jobs(db):
    """Run the jobs queued so far inside this test's own transaction: each job's task called
    with the job's arguments, oldest first, as the worker calls it. Returns {task name: None
    when it succeeded, else the exception}. For tests of what a job does; the queue itself
    (retries, restarts) is run with the real worker (``run_worker``)."""
    from procrastinate.contrib.django import app
    from procrastinate.contrib.django.models import ProcrastinateJob

    done = set()

    def run():
        outcomes = {}
        queued = ProcrastinateJob.objects.filter(status="todo").exclude(id__in=done)
        for job in queued.order_by("id"):
            done.add(job.id)
            try:
                app.tasks[job.task_name](**job.args)
            except Exception as error:  # the worker would schedule a retry
                outcomes[job.task_name] = error
            else:
                outcomes[job.task_name] = None
        return outcomes

    return run


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


@pytest.fixture
def editor_page(page, live_server, editor):
    """A browser page signed in as the editor (their session cookie, as after logging in)."""
    from django.test import Client

    client = Client()
    client.force_login(editor)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.base_url = live_server.url
    return page
