"""The library's filters as the list pages read them (articles.filters.LibraryFilters): the
same choices, validity, form and items as the FilterSet (ArticleFilter) they stand in for."""

import datetime
import html
import itertools

import pytest
from django.http import QueryDict
from django.utils import timezone

from articles import selectors
from articles.filters import ArticleFilter, LibraryFilters
from articles.models import Article
from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    ConversationFactory,
    DraftFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db

TRICKY = 'O\'Brien & <Sons> "quoted"'


def make_library():
    tz = timezone.get_current_timezone()
    ann = AuthorFactory(name=TRICKY, slug="ann")
    bob = AuthorFactory(name="Bob", slug="bob")
    series = SeriesFactory(title="Parts & <pieces>", slug="parts")
    ArticleFactory(
        authors=[ann], tags=["CX", TRICKY], published_at=datetime.datetime(2021, 6, 1, tzinfo=tz)
    )
    ArticleFactory(
        authors=[bob],
        tags=["CX"],
        members_only=True,
        published_at=datetime.datetime(2022, 2, 1, tzinfo=tz),
    )
    ConversationFactory(
        authors=[ann],
        tags=["Culture"],
        series=series,
        part_number=1,
        published_at=datetime.datetime(2022, 6, 1, tzinfo=tz),
    )
    ConversationFactory(
        authors=[bob], tags=["CX"], published_at=datetime.datetime(2021, 3, 1, tzinfo=tz)
    )
    DraftFactory(authors=[ann], tags=["CX"])
    ArticleFactory(tags=["CX"], published_at=timezone.now() + datetime.timedelta(days=1))


def test_options_are_the_choices_escaped_as_html_escape_does():
    make_library()
    options = selectors.filter_options({"author": "ann", "tag": "nosuch"})
    choices = selectors.filter_choices()
    for kind, pairs in choices.items():
        assert options[kind].choices == pairs
        assert options[kind].html == "".join(
            f'<option value="{html.escape(slug)}">{html.escape(label)}</option>'
            for slug, label in pairs
        )
    assert options["author"].known is True
    assert options["tag"].known is False
    assert options["year"].known is False  # not asked for


def test_form_markup_is_the_filtersets():
    make_library()
    data = QueryDict("kind=conversation&author=ann&year=2022")
    filters = LibraryFilters(data)
    filterset = ArticleFilter(data, queryset=Article.objects.published())
    assert filters.is_valid() and filterset.is_valid()
    markup = str(filters.fields_html())
    for field in filterset.form:
        chosen = str(field.value() or "")
        options = "".join(
            f'<option value="{html.escape(value)}"{" selected" if value == chosen else ""}>'
            f"{html.escape(label)}</option>"
            for value, label in filterset.options(field.name)
        )
        assert f'<select name="{field.name}" id="id_{field.name}">{options}</select>' in markup


def test_unknown_value_takes_the_filtersets_errors():
    make_library()
    filters = LibraryFilters(QueryDict("kind=conversation&author=<nosuch>"))
    assert not filters.is_valid()
    assert filters.error_list() == [
        (
            "Author",
            "Select a valid choice. <nosuch> is not one of the available choices.",
        )
    ]
    markup = str(filters.fields_html())
    assert 'aria-describedby="id_author-errors"' in markup
    assert "<li>Author: Select a valid choice. &lt;nosuch&gt; is not one" in markup


def test_hidden_filter_is_neither_read_nor_shown():
    make_library()
    filters = LibraryFilters(QueryDict("kind=bogus&tag=cx"), hidden=("kind",))
    assert filters.is_valid()
    assert filters.facets() == {"tag": "cx"}
    assert 'name="kind"' not in str(filters.fields_html())


VALUES = {
    "kind": ["", "article", "conversation"],
    "tag": ["", "cx"],
    "author": ["", "ann"],
    "series": ["", "parts"],
    "year": ["", "2021", "2022"],
}


@pytest.mark.parametrize("combination", list(itertools.product(*VALUES.values())))
def test_statements_give_the_filtersets_items(combination):
    make_library()
    data = QueryDict(mutable=True)
    data.update(dict(zip(VALUES, combination, strict=True)))
    filters = LibraryFilters(data)
    assert filters.is_valid()
    facets = filters.facets()
    expected = list(
        ArticleFilter(data, queryset=Article.objects.published()).qs.values_list("pk", flat=True)
    )
    assert selectors.filtered_count(facets) == len(expected)
    assert selectors.filtered_page_ids(facets, offset=0, limit=100) == expected
    assert selectors.filtered_page_ids(facets, offset=1, limit=1) == expected[1:2]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("access=members", 1),
        ("access=open&kind=article", 1),
        ("access=open&tag=cx", 2),
    ],
)
def test_access_filter_goes_through_the_filterset(client, query, expected):
    make_library()
    filters = LibraryFilters(QueryDict(query))
    assert filters.facets() is None
    response = client.get(f"/library/?{query}")
    assert len(response.context["object_list"]) == expected


def test_pairs_come_only_when_a_chosen_value_is_unknown():
    make_library()
    known = selectors.filter_options({"tag": "cx", "year": "2021"})
    assert known["tag"].known and known["year"].known
    assert all(options.choices == [] for options in known.values())
    unknown = selectors.filter_options({"tag": "cx", "year": "1999"})
    assert unknown["tag"].known and not unknown["year"].known
    choices = selectors.filter_choices()
    assert {kind: options.choices for kind, options in unknown.items()} == choices
