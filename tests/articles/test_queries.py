"""Each public page runs a fixed number of queries, whatever the number of items, authors and
tags. The counts are this app's own queries; what the site's layout costs on every page (the
footer's media contact) is measured on the 404 page and added."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.articles.factories import (
    AuthorFactory,
    ConversationFactory,
    ExchangeFactory,
    SeriesFactory,
)
from tests.queries import application_queries

pytestmark = pytest.mark.django_db


def make_library(n):
    """n published items, each with two authors and three tags, all in one series."""
    series = SeriesFactory(slug="the-series")
    anchor_author = AuthorFactory(slug="anchor")
    items = []
    for i in range(n):
        items.append(
            ConversationFactory(
                authors=[anchor_author, AuthorFactory()],
                tags=["Common", f"Tag {i}", f"Other {i}"],
                series=series,
                part_number=i + 1,
            )
        )
        ExchangeFactory(article=items[-1])
        ExchangeFactory(article=items[-1], speaker="interviewee")
    return items


def urls(items):
    middle = items[len(items) // 2]
    return {
        "library": "/library/",
        "library filtered": "/library/?tag=common&author=anchor&kind=conversation",
        "library search": "/library/?q=customers",
        "conversations": "/conversations/",
        "read": middle.get_absolute_url(),
        "author": "/authors/anchor/",
        "tag": "/tags/common/",
        "series list": "/series/",
        "series": "/series/the-series/",
        "feed": "/library/feed/",
        "tag feed": "/tags/common/feed/",
    }


# the filter form's choices (one table of facets), count, the page's ids, its entries (authors
# and tags in them)
LIBRARY_QUERIES = 4
EXPECTED = {
    "library": LIBRARY_QUERIES,
    # chosen values are checked against the choices and filter by slug: nothing more
    "library filtered": LIBRARY_QUERIES,
    # the search counts, ranks and picks the page in one statement (the entries as above)
    "library search": LIBRARY_QUERIES - 1,
    "conversations": LIBRARY_QUERIES,
    # the item with its authors, tags, exchanges, series parts and related items; the PDF's
    # version (its size for the download link is cached)
    "read": 2,
    # author, count, page ids, entries; the talks they gave (events' template tag)
    "author": 5,
    # tag, count, page ids, entries
    "tag": 4,
    # count, page
    "series list": 2,
    # series, parts (authors and tags in it)
    "series": 2,
}
# the newest ids, their entries; a tag feed looks its tag up first
FEEDS = {"feed": 1, "tag feed": 2}


def layout_queries(client):
    """Queries the base layout costs on any page (its context processors)."""
    with CaptureQueriesContext(connection) as queries:
        client.get("/no-such-page/")
    return len(application_queries(queries.captured_queries))


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_page_query_count_is_fixed(client, django_assert_num_queries, n, page):
    items = make_library(n)
    url = urls(items)[page]
    client.get(url)  # warm the content-type cache, as a running server has it
    expected = EXPECTED[page] + layout_queries(client)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("feed", sorted(FEEDS))
def test_feed_query_count_is_fixed(client, django_assert_num_queries, n, feed):
    items = make_library(n)
    url = urls(items)[feed]
    client.get(url)
    with django_assert_num_queries(FEEDS[feed]):
        response = client.get(url)
    assert response.status_code == 200
