from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from articles import services
from articles.caching import library_version
from articles.models import Article
from tests.articles.factories import ArticleFactory, AuthorFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = settings.PDF_VERSION_SECONDS = 60


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
    services.item_changed(article_ids=[article.pk])
    html = client.get("/library/").content.decode()
    assert "New title" in html
    assert "Old title" not in html


def test_an_author_change_shows_at_once(client):
    author = AuthorFactory(name="Ann Before")
    article = ArticleFactory(authors=[author])
    assert "Ann Before" in client.get(article.get_absolute_url()).content.decode()
    author.name = "Ann After"
    author.save()
    services.author_changed(author_id=author.pk)
    assert "Ann After" in client.get(article.get_absolute_url()).content.decode()


def test_cached_page_expires_when_a_scheduled_item_goes_live(client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        ArticleFactory(title="Live piece")
        ArticleFactory(title="Scheduled piece", published_at=timezone.now() + timedelta(seconds=2))
        assert "Scheduled piece" not in client.get("/library/").content.decode()
        # No save happens and no signal fires: the clock alone makes the item public, and the
        # cached page was stored only until then.
        traveller.shift(timedelta(seconds=2))
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


def test_version_bumped_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        article.title = "Changed"
        article.save()
        services.item_changed(article_ids=[article.pk])
        during = library_version()
    for callback in callbacks:
        callback()
    assert library_version() != during


@pytest.mark.parametrize("query", ["q=customer", "utm_source=x", "page=1&q=customer"])
def test_search_and_unknown_parameters_are_never_cached(
    client, query, django_assert_max_num_queries
):
    ArticleFactory(title="Customer piece")
    client.get(f"/library/?{query}")
    response = client.get(f"/library/?{query}")
    assert response.status_code in (200, 400)

    from articles.caching import page_key

    assert cache.get(page_key(query, "/library/")) is None


@pytest.mark.parametrize("path", ["/library/", "/conversations/", "{read}", "{pdf}"])
def test_library_pages_and_pdfs_work_with_the_cache_down(client, settings, path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    article = ArticleFactory(title="Still readable")
    url = path.format(read=article.get_absolute_url(), pdf=article.get_pdf_url())
    response = client.get(url)
    assert response.status_code == 200
    article.title = "Still editable"
    article.save()


CACHE_TABLE = "test_library_page_cache"


@pytest.fixture
def countable_cache(settings):
    """A cache whose entries can be counted: Django's database cache, in the test's own
    transaction (the table goes with it)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    }
    call_command("createcachetable", verbosity=0)


def page_entries() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {CACHE_TABLE} WHERE cache_key LIKE %s",  # noqa: S608
            [cache.make_key("articles:page:") + "%"],
        )
        return cursor.fetchone()[0]


def test_repeated_parameters_share_one_cache_entry(client, countable_cache):
    ArticleFactory()
    for repeats in range(1, 201):
        response = client.get("/library/?" + "&".join(["page=1"] * repeats))
        assert response.status_code == 200
    assert page_entries() == 1


def test_page_numbers_are_read_as_numbers(client, countable_cache):
    ArticleFactory.create_batch(21)
    first = {
        client.get(url).content
        for url in (
            "/library/",
            "/library/?page=1",
            "/library/?page=01",
            "/library/?page=000000001",
        )
    }
    second = {client.get(url).content for url in ("/library/?page=2", "/library/?page=002")}
    assert len(first) == len(second) == 1
    assert page_entries() == 2
    assert client.get("/library/?page=0").status_code == 400
    assert client.get("/library/?page=0000000001").status_code == 404
    assert page_entries() == 2


def test_reordered_and_empty_parameters_share_one_cache_entry(client, countable_cache):
    series = SeriesFactory(slug="parts")
    ArticleFactory(series=series, part_number=1, tags=["CX"])
    urls = [
        "/library/?kind=article&tag=cx",
        "/library/?tag=cx&kind=article",
        "/library/?tag=cx&kind=article&tag=cx&kind=article",
        # What the library's filter form sends: every field, the unused ones empty.
        "/library/?q=&kind=article&tag=cx&author=&series=&year=",
        "/library/?tag=&tag=cx&kind=article&page=",
    ]
    pages = {client.get(url).content for url in urls}
    assert page_entries() == 1
    assert len(pages) == 1


def test_conflicting_values_are_read_as_the_page_reads_them(client, countable_cache):
    ArticleFactory.create_batch(21)
    first, second = client.get("/library/?page=1").content, client.get("/library/?page=2").content
    assert first != second
    # The last value counts, as request.GET.get() and the filters read it.
    assert client.get("/library/?page=2&page=1").content == first
    assert client.get("/library/?page=1&page=2").content == second
    assert client.get("/library/?page=2&page=2&page=1").content == first
    assert page_entries() == 2


def test_a_page_cached_from_a_messy_address_links_like_the_clean_one(client, countable_cache):
    ArticleFactory.create_batch(21)
    messy = client.get("/library/?page=1&kind=article&page=1&kind=article").content.decode()
    assert 'href="?kind=article&amp;page=2" rel="next"' in messy


def test_page_from_the_cache_keeps_its_etag_and_revalidates(client, django_assert_num_queries):
    ArticleFactory()
    fresh = client.get("/library/")
    with django_assert_num_queries(0):
        cached = client.get("/library/")
        again = client.get("/library/", headers={"If-None-Match": fresh["ETag"]})
    assert cached["ETag"] == fresh["ETag"]
    assert (again.status_code, again.content) == (304, b"")
