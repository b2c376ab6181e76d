"""What the site tells a shared HTTP cache in front, and the purges it sends (without Varnish:
tests/cco_council/test_varnish.py runs the real one)."""

import http.server
import threading
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles import services
from cco_council.core import httpcache
from tests.articles.factories import ArticleFactory, DraftFactory
from tests.events.factories import EventFactory
from tests.media_relations.factories import MediaContactFactory

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=0, s-maxage=60"
PRIVATE = "private, no-store"


def test_public_page_may_be_kept_by_a_shared_cache_and_carries_its_tags(client):
    ArticleFactory()
    response = client.get("/library/")
    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC
    assert response["X-Cache-Tags"] == "site,library,events"
    assert response.has_header("ETag")


def test_every_page_is_tagged_with_what_it_shows(client):
    event = EventFactory()
    assert client.get("/")["X-Cache-Tags"] == "site,library,events,press"
    assert client.get(event.get_absolute_url())["X-Cache-Tags"] == "site,events,library,press"
    assert client.get("/press/releases/")["X-Cache-Tags"] == "site,press,library,events"


def test_revalidation_with_the_etag_is_a_304(client):
    ArticleFactory()
    etag = client.get("/library/")["ETag"]
    response = client.get("/library/", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_shared_lifetime_stops_at_the_next_scheduled_item_of_any_app(client):
    with time_machine.travel(timezone.now(), tick=False):
        ArticleFactory()
        ArticleFactory(published_at=timezone.now() + timedelta(seconds=40))
        EventFactory(published_at=timezone.now() + timedelta(seconds=25))
        assert client.get("/library/")["Cache-Control"] == "public, max-age=0, s-maxage=25"


def test_nothing_is_kept_once_a_scheduled_item_is_due_within_the_second(client):
    with time_machine.travel(timezone.now(), tick=False):
        ArticleFactory(published_at=timezone.now() + timedelta(milliseconds=400))
        assert client.get("/library/")["Cache-Control"] == "public, max-age=0, s-maxage=0"


def test_signed_in_editors_pages_are_private(editor_client):
    ArticleFactory()
    response = editor_client.get("/library/")
    assert response["Cache-Control"] == PRIVATE
    assert "Cookie" in response["Vary"]
    assert not response.has_header("X-Cache-Tags")


def test_preview_of_a_draft_is_private(editor_client):
    draft = DraftFactory()
    response = editor_client.get(draft.get_preview_url())
    assert response.status_code == 200
    # The view's own never_cache, made private.
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_press_room_with_its_inquiry_form_is_private(client):
    response = client.get("/press/")
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE
    assert "csrftoken" in response.cookies


def test_a_reader_with_a_message_waiting_gets_a_private_page(client):
    ArticleFactory()
    client.cookies["messages"] = "anything"
    assert client.get("/library/")["Cache-Control"] == PRIVATE


def test_bad_requests_are_not_kept(client):
    ArticleFactory()
    response = client.get("/library/?kind=bogus")
    assert response.status_code == 400
    assert response["Cache-Control"] == PRIVATE


class Recorder(http.server.BaseHTTPRequestHandler):
    """A shared cache's purge endpoint that remembers what it was asked."""

    received: list

    def do_BAN(self):
        self.received.append((self.command, self.path, self.headers["X-Cache-Tags"]))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def shared_cache(settings):
    """A purge endpoint on a free loopback port, named in HTTP_CACHE_PURGE_URL."""
    received = []
    handler = type("Handler", (Recorder,), {"received": received})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.HTTP_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield received
    server.shutdown()
    server.server_close()


def test_a_library_change_bans_library_pages_when_it_commits(
    shared_cache, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    shared_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.item_changed(article_ids=[article.pk])
        assert shared_cache == []  # not before the change is committed
    assert shared_cache == [("BAN", "/", "(^|,)(library)(,|$)")]


def test_a_contact_change_bans_every_page(shared_cache, django_capture_on_commit_callbacks):
    from media_relations import services as press_services

    contact = MediaContactFactory()
    with django_capture_on_commit_callbacks(execute=True):
        press_services.save_contact(contact=contact, make_primary=True)
    assert ("BAN", "/", "(^|,)(site)(,|$)") in shared_cache


def test_an_event_deleted_in_the_admin_bans_event_pages(
    superuser, client, shared_cache, django_capture_on_commit_callbacks
):
    event = EventFactory(name="Summit")
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert shared_cache == [("BAN", "/", "(^|,)(events)(,|$)")]


def test_without_a_shared_cache_nothing_is_sent(
    shared_cache, settings, django_capture_on_commit_callbacks
):
    settings.HTTP_CACHE_PURGE_URLS = []
    with django_capture_on_commit_callbacks(execute=True):
        httpcache.purge(httpcache.LIBRARY)
    assert shared_cache == []


def test_a_change_forgets_the_next_publish_time(client, django_capture_on_commit_callbacks):
    ArticleFactory()
    assert client.get("/library/")["Cache-Control"] == PUBLIC
    with time_machine.travel(timezone.now(), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            ArticleFactory(published_at=timezone.now() + timedelta(seconds=30))
        assert client.get("/library/")["Cache-Control"] == "public, max-age=0, s-maxage=30"


def test_an_unreachable_shared_cache_is_logged_not_raised(settings, caplog):
    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:1/"]
    httpcache.ban([httpcache.LIBRARY])
    assert "shared cache at http://127.0.0.1:1/ unreachable" in caplog.text


def test_public_pages_served_from_the_page_cache_keep_the_scheduled_cap(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    reader = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        ArticleFactory()
        ArticleFactory(published_at=timezone.now() + timedelta(seconds=30))
        assert reader.get("/library/")["Cache-Control"] == "public, max-age=0, s-maxage=30"
        traveller.shift(timedelta(seconds=10))
        # From the page cache now, still capped: 20 seconds are left.
        assert reader.get("/library/")["Cache-Control"] == "public, max-age=0, s-maxage=20"
