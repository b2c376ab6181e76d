"""The facets (articles.models.Facet): what the library's filters offer and how many items each
value has, kept by services.refresh_facets() through every change path, and read by
selectors.filter_choices() and selectors.facet_count()."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.html import strip_tags

from articles import selectors, services
from articles.models import Article, Facet, Series
from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    ConversationFactory,
    DraftFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db


def real_count(kind: str, slug: str = "") -> int:
    """The same count, the slow way: filtering every published item."""
    items = Article.objects.published()
    if kind == "kind":
        return items.filter(kind=slug).count()
    if kind == "tag":
        return items.with_tag(slug).count()
    if kind == "author":
        return items.by_author(slug).count()
    if kind == "series":
        return items.filter(series__slug=slug).count()
    if kind == "year":
        return items.filter(published_at__year=int(slug)).count()
    return items.count()


def every_count_is_right():
    for facet in Facet.objects.all():
        assert selectors.facet_count(facet.kind, facet.slug) == real_count(
            facet.kind, facet.slug
        ), facet


def test_choices_are_the_values_of_published_items_only():
    ann = AuthorFactory(name="Ann", slug="ann")
    series = SeriesFactory(title="Parts", slug="parts")
    tz = timezone.get_current_timezone()
    ArticleFactory(
        authors=[ann],
        tags=["CX"],
        series=series,
        part_number=1,
        published_at=datetime.datetime(2021, 6, 1, tzinfo=tz),
    )
    DraftFactory(authors=[AuthorFactory(name="Hidden")], tags=["Secret plan"])
    assert selectors.filter_choices() == {
        "tag": [("cx", "CX")],
        "author": [("ann", "Ann")],
        "series": [("parts", "Parts")],
        "year": [("2021", "2021")],
    }


def test_interviewer_only_authors_are_offered():
    host = AuthorFactory(name="Host", slug="host")
    ConversationFactory(authors=[], interviewer=host)
    assert selectors.filter_choices()["author"] == [("host", "Host")]


def test_value_of_a_scheduled_item_appears_at_its_time_with_nothing_run():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        ArticleFactory(tags=["Later"], published_at=timezone.now() + timedelta(minutes=5))
        assert selectors.filter_choices()["tag"] == []
        assert selectors.facet_count("tag", "later") == 0
        traveller.shift(timedelta(minutes=5))
        assert selectors.filter_choices()["tag"] == [("later", "Later")]
        assert selectors.facet_count("tag", "later") == 1
        assert selectors.facet_count("all") == 1


def test_unpublishing_the_last_item_withdraws_its_values():
    article = ArticleFactory(tags=["CX"], authors=[AuthorFactory(slug="ann")])
    services.unpublish(articles=[article])
    assert selectors.filter_choices() == {"tag": [], "author": [], "series": [], "year": []}
    assert selectors.facet_count("all") == 0


def test_a_tag_taken_off_its_only_item_is_withdrawn():
    article = ArticleFactory(tags=["CX", "Culture"])
    article.tags.remove("CX")
    services.item_changed(article_ids=[article.pk])
    assert selectors.filter_choices()["tag"] == [("culture", "Culture")]


def test_an_item_moved_to_another_series_leaves_the_first():
    first, second = SeriesFactory(slug="first"), SeriesFactory(slug="second")
    article = ArticleFactory(series=first, part_number=1)
    article.series = second
    article.save()
    services.item_changed(article_ids=[article.pk])
    assert [slug for slug, _label in selectors.filter_choices()["series"]] == ["second"]


def test_a_deleted_item_leaves_the_filters():
    article = ArticleFactory(tags=["CX"])
    article.delete()
    services.library_changed()
    assert selectors.filter_choices()["tag"] == []


def test_a_renamed_series_is_offered_under_its_new_title():
    series = SeriesFactory(title="Old title", slug="parts")
    ArticleFactory(series=series, part_number=1)
    series.title = "New title"
    series.save()
    services.library_changed()
    assert selectors.filter_choices()["series"] == [("parts", "New title")]


def test_counts_follow_every_change():
    ann = AuthorFactory(slug="ann")
    series = SeriesFactory(slug="parts")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        items = [
            ArticleFactory(tags=["CX"], authors=[ann], series=series, part_number=1),
            ConversationFactory(tags=["CX", "Trust"], interviewer=ann),
            ArticleFactory(tags=["Trust"], published_at=timezone.now() + timedelta(hours=1)),
            DraftFactory(tags=["CX"], authors=[ann]),
        ]
        every_count_is_right()
        services.unpublish(articles=[items[0]])
        every_count_is_right()
        traveller.shift(timedelta(hours=2))  # the scheduled one is live: nothing was run
        every_count_is_right()
        assert selectors.facet_count("tag", "trust") == 2
        services.publish(articles=[items[3]])
        every_count_is_right()
        assert selectors.facet_count("author", "ann") == 2


def test_a_count_made_later_than_the_clock_says_it_does_not_know():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        ArticleFactory()
        traveller.shift(timedelta(minutes=-10))
        assert selectors.facet_count("all") is None


def test_author_and_tag_pages_list_their_items_when_the_facets_cannot_count(client):
    author = AuthorFactory(slug="ana")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        ArticleFactory(title="Earlier piece", authors=[author], tags=["CX"])
        traveller.shift(timedelta(minutes=-10))  # the facets were counted "later"
        assert selectors.facet_count("tag", "cx") is None
        # built from the queryset then, not the facets
        author_page = client.get("/authors/ana/").content.decode()
        tag_page = client.get("/tags/cx/").content.decode()

    assert "Earlier piece" in author_page
    assert "Earlier piece" in tag_page


def test_library_count_is_the_facets_and_right(client):
    for _ in range(3):
        ArticleFactory(tags=["CX"])
    ConversationFactory(tags=["CX"])
    assert "4 items." in client.get("/library/").content.decode()
    assert "1 item." in client.get("/conversations/").content.decode()
    assert "4 items, filtered." in client.get("/library/?tag=cx").content.decode()
    html = client.get("/library/?tag=cx&kind=conversation").content.decode()
    assert "1 item, filtered." in html


def test_refresh_of_some_items_agrees_with_a_refresh_of_all():
    ann = AuthorFactory(slug="ann")
    ArticleFactory(tags=["CX"], authors=[ann])
    ConversationFactory(tags=["Trust"], interviewer=ann)
    some = list(Facet.objects.values_list("kind", "key", "slug", "label", "listed_by", "items"))
    services.refresh_facets()
    every = list(Facet.objects.values_list("kind", "key", "slug", "label", "listed_by", "items"))
    assert sorted(some) == sorted(every)


def test_words_are_counted_as_strip_tags_leaves_them():
    html = "<p>One <em>two</em> three</p><p>four&amp;five</p><ul><li>six</li></ul>\n" * 150
    article = Article(body=html, introduction="<p>seven eight</p>")
    words = len(strip_tags(html).split()) + len(strip_tags(article.introduction).split())
    assert article.reading_minutes() == round(words / 230) == 2


def test_a_facets_pages_are_its_items_newest_first():
    ann = AuthorFactory(slug="ann")
    series = SeriesFactory(slug="parts")
    tz = timezone.get_current_timezone()
    for n in range(7):
        ArticleFactory(
            tags=["CX"] if n % 2 else ["Trust"],
            authors=[ann] if n < 4 else [],
            series=series if n < 3 else None,
            part_number=n + 1 if n < 3 else None,
            published_at=datetime.datetime(2020 + n % 2, 3, 1 + n, tzinfo=tz),
        )
    ConversationFactory(interviewer=ann, tags=["CX"])
    DraftFactory(tags=["CX"], authors=[ann])
    for facet in Facet.objects.all():
        expected = [
            article.pk
            for article in Article.objects.published().filter(
                pk__in=[a.pk for a in _items_of(facet)]
            )
        ]
        pages = [
            selectors.facet_page_ids(facet.kind, facet.slug, offset=offset, limit=3)
            for offset in (0, 3, 6, 9)
        ]
        assert [pk for page in pages for pk in page] == expected, facet


def _items_of(facet):
    items = Article.objects.published()
    if facet.kind == "year":
        return items.filter(published_at__year=int(facet.slug))
    return {
        "all": lambda: items,
        "kind": lambda: items.filter(kind=facet.slug),
        "tag": lambda: items.with_tag(facet.slug),
        "author": lambda: items.by_author(facet.slug),
        "series": lambda: items.filter(series__slug=facet.slug),
    }[facet.kind]()


def test_series_pages_are_the_published_series_with_their_live_parts():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        first, second = SeriesFactory(title="B series"), SeriesFactory(title="A series")
        ArticleFactory(series=first, part_number=1)
        ArticleFactory(
            series=first, part_number=2, published_at=timezone.now() + timedelta(hours=1)
        )
        ArticleFactory(series=second, part_number=1)
        DraftFactory(series=SeriesFactory(title="C drafts"), part_number=1)
        traveller.shift(timedelta(hours=2))
        expected = [(s.title, s.part_count) for s in Series.objects.published()]
        assert expected == [("A series", 1), ("B series", 2)]
        found = [(s.title, s.part_count) for s in selectors.series_page(offset=0, limit=10)]
        assert found == expected
        assert selectors.series_count() == 2
