import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from tests.articles.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


def test_anonymous_library_page_is_served_from_cache(client, django_assert_num_queries):
    ArticleFactory(title="Cached piece")
    first = client.get("/library/")
    with django_assert_num_queries(0):
        second = client.get("/library/")
    assert second.content == first.content
    assert "Cached piece" in second.content.decode()


def test_an_edit_shows_at_once(client):
    article = ArticleFactory(title="Old title")
    assert "Old title" in client.get("/library/").content.decode()
    article.title = "New title"
    article.save()
    html = client.get("/library/").content.decode()
    assert "New title" in html
    assert "Old title" not in html


def test_an_author_change_shows_at_once(client):
    author = AuthorFactory(name="Ann Before")
    article = ArticleFactory(authors=[author])
    assert "Ann Before" in client.get(article.get_absolute_url()).content.decode()
    author.name = "Ann After"
    author.save()
    assert "Ann After" in client.get(article.get_absolute_url()).content.decode()


def test_cached_page_expires_when_a_scheduled_item_goes_live(client):
    ArticleFactory(title="Live piece")
    ArticleFactory(title="Scheduled piece", published_at=timezone.now() + timedelta(seconds=2))
    assert "Scheduled piece" not in client.get("/library/").content.decode()
    # No save happens and no signal fires: the clock alone makes the item public, and the
    # cached page was stored only until then.
    time.sleep(2.5)
    assert "Scheduled piece" in client.get("/library/").content.decode()


def test_signed_in_editor_never_gets_a_cached_page(editor_client):
    anonymous = Client()
    ArticleFactory(title="First")
    anonymous.get("/library/")
    Article.objects.update(title="Changed without a signal")
    assert "Changed without a signal" in editor_client.get("/library/").content.decode()
    assert "First" in anonymous.get("/library/").content.decode()


def test_bad_input_is_not_cached(client):
    ArticleFactory()
    assert client.get("/library/?kind=bogus").status_code == 400
    assert client.get("/library/?kind=bogus").status_code == 400
