import datetime

import pytest
from django.contrib.sites.requests import RequestSite
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from media_relations.models import PressRelease
from media_relations.sitemaps import PressReleaseSitemap
from tests.articles.factories import ArticleFactory, AuthorFactory, DraftFactory, SeriesFactory
from tests.events.factories import TalkSpeakerFactory
from tests.media_relations.factories import PressReleaseFactory
from tests.queries import application_queries

pytestmark = pytest.mark.django_db


def make_site(n):
    series = SeriesFactory()
    for i in range(n):
        ArticleFactory(authors=[AuthorFactory()], series=series, part_number=i + 1)
        TalkSpeakerFactory()
        PressReleaseFactory()


@pytest.mark.parametrize("n", [1, 3])
def test_sitemap_query_count_is_fixed(client, n):
    make_site(n)
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    # One statement per section (articles, authors, series, events, speakers, releases).
    assert len(application_queries(queries.captured_queries)) == 7
    assert response.content.count(b"<url>") == 4 + 5 * n + 1


def test_sitemap_sections_hold_the_querysets_rows():
    later = timezone.now() + datetime.timedelta(hours=1)
    ArticleFactory.create_batch(2)
    ArticleFactory(published_at=later)
    DraftFactory()
    PressReleaseFactory.create_batch(2)
    PressReleaseFactory(published_at=later)
    PressReleaseFactory(status=PressRelease.Status.DRAFT)
    articles = Article.objects.published().order_by("-published_at", "-id")
    releases = PressRelease.objects.published().order_by("-published_at", "-id")
    items = ArticleSitemap().items()  # read a page at a time, as the paginator asks
    assert items[0:100] == [(a.slug, a.updated_at) for a in articles]
    assert PressReleaseSitemap().items() == [(r.slug, r.updated_at) for r in releases]
    assert items.count() == len(PressReleaseSitemap().items()) == 2


def test_sitemap_items_section_reads_only_the_page_asked_for():
    ArticleFactory.create_batch(5)
    newest_first = list(
        Article.objects.published().order_by("-published_at", "-id").values_list("slug", flat=True)
    )

    class TwoAPage(ArticleSitemap):
        limit = 2

    site = RequestSite(RequestFactory().get("/sitemap.xml"))

    pages = [
        [url["item"][0] for url in TwoAPage().get_urls(page=number, site=site)]
        for number in (1, 2, 3)
    ]

    assert pages == [newest_first[0:2], newest_first[2:4], newest_first[4:5]]


def test_sitemap_pages_past_the_last_are_not_found(client):
    ArticleFactory()
    assert client.get("/sitemap.xml?p=1").status_code == 200
    assert client.get("/sitemap.xml?p=2").status_code == 404
    assert client.get("/sitemap.xml?p=x").status_code == 404
