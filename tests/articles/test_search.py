import datetime

import pytest
from django.db import connection
from django.utils import timezone

from articles import selectors
from articles.models import Article
from articles.selectors import (
    correct_query,
    highlight,
    query_words,
    search_articles,
    search_with_correction,
)
from tests.articles.factories import (
    ArticleFactory,
    ConversationFactory,
    DraftFactory,
    ExchangeFactory,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_query_words_drop_tsquery_syntax():
    assert query_words("a & b | !c:* (d) 'e' <-> f_g") == ["a", "b", "c", "d", "e", "f", "g"]
    assert query_words("x" * 500) == ["x" * 64]
    assert len(query_words(" ".join(["w"] * 50))) == 12


def test_weights_rank_title_then_summary_then_body_then_exchanges():
    in_exchange = ConversationFactory(title="One", summary="s", body="")
    ExchangeFactory(article=in_exchange, text="<p>Onboarding matters.</p>")
    in_body = ArticleFactory(title="Two", summary="s", body="<p>Onboarding matters.</p>")
    in_summary = ArticleFactory(title="Three", summary="Onboarding matters.", body="<p>b</p>")
    in_title = ArticleFactory(title="Onboarding", summary="s", body="<p>b</p>")
    results = list(search_articles("onboarding"))
    assert results == [in_title, in_summary, in_body, in_exchange]
    assert results[0].rank > results[1].rank > results[2].rank > results[3].rank


def test_search_hides_drafts_and_scheduled():
    ArticleFactory(title="Crisis playbook")
    DraftFactory(title="Crisis draft")
    assert [a.title for a in search_articles("crisis")] == ["Crisis playbook"]


def test_stemmed_words_match():
    article = ArticleFactory(title="Engaging customers", body="<p>x</p>")
    assert list(search_articles("customer engagement")) == [article]


def test_prefix_of_title_word_matches():
    article = ArticleFactory(title="Customer engagement metrics", body="<p>x</p>")
    for prefix in ("eng", "engageme", "customer engagem", "metr"):
        assert list(search_articles(prefix)) == [article], prefix


def test_typo_in_title_word_is_corrected():
    article = ArticleFactory(title="Borrowed authority", body="<p>x</p>")
    ArticleFactory(title="Something else", body="<p>x</p>")
    result = search_with_correction("borowed autority")
    assert result.corrected_query == "borrowed authority"
    assert list(result.results) == [article]


def test_correction_not_offered_when_query_matches():
    ArticleFactory(title="Borrowed authority")
    result = search_with_correction("borrowed")
    assert result.corrected_query is None


def test_correction_from_a_draft_title_is_not_shown():
    DraftFactory(title="Confidential merger")
    result = search_with_correction("confidental")
    assert result.corrected_query is None
    assert list(result.results) == []


def test_correct_query_keeps_known_and_short_words():
    ArticleFactory(title="Customer crisis response")
    assert correct_query("custmer crisis in 2020") == "customer crisis in 2020"
    assert correct_query("crisis") is None
    assert correct_query("zzzzqqq") is None


@pytest.mark.parametrize(
    "query", ["", "   ", "&|!", "the", "a:* & (", "'", "\\", "ünïcödé", "x" * 1000, "<script>"]
)
def test_odd_queries_do_not_fail(query):
    ArticleFactory(title="The customer")
    list(search_with_correction(query).results)


def test_headline_marks_matches_and_escapes_the_rest():
    ArticleFactory(
        title="T", summary="Loyalty <b>&</b> retention", body="<h2>Body</h2><p>&lt;text&gt;</p>"
    )
    headline = search_articles("retention").get().headline
    html = highlight(headline)
    assert html.startswith("Loyalty &amp; <mark>retention</mark> … Body &lt;text")
    assert "<" not in html.replace("<mark>", "").replace("</mark>", "")


def test_search_articles_on_given_queryset():
    conversation = ConversationFactory(title="Crisis talk")
    ArticleFactory(title="Crisis essay")
    from articles.models import Article

    results = search_articles("crisis", Article.objects.published().conversations())
    assert list(results) == [conversation]


def test_search_uses_no_extension():
    """The embedded PostgreSQL has no contrib extensions; search must not need one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension ORDER BY extname")
        assert [row[0] for row in cursor.fetchall()] == ["plpgsql"]


def test_library_search_with_filters(client):
    ConversationFactory(title="Crisis talk", tags=["Crisis"])
    ArticleFactory(title="Crisis essay", summary="When a crisis strikes.", tags=["Crisis"])
    response = client.get("/library/", {"q": "crisis", "kind": "article"})
    assert [a.title for a in response.context["object_list"]] == ["Crisis essay"]
    html = response.content.decode()
    assert "1 result for “crisis”, filtered." in html
    assert "When a <mark>crisis</mark> strikes." in html


def test_library_search_shows_correction(client):
    ArticleFactory(title="Earned authority")
    response = client.get("/library/", {"q": "earnd"})
    html = response.content.decode()
    assert "No results for “earnd”. Showing results for <strong>“earned”</strong>." in html
    assert [a.title for a in response.context["object_list"]] == ["Earned authority"]


def test_library_search_nothing_found_is_explained(client):
    ArticleFactory(title="Earned authority")
    response = client.get("/library/", {"q": "qwxzv"})
    assert response.status_code == 200
    assert "Nothing in the library matches “qwxzv”." in response.content.decode()


def test_library_search_caps_long_query(client):
    ArticleFactory(title="Earned authority")
    response = client.get("/library/", {"q": "earned " + "x" * 5000})
    assert response.status_code == 200
    assert len(response.context["search"].query) == 200


def test_library_search_nul_byte_is_400(client):
    assert client.get("/library/?q=a%00b").status_code == 400


def test_very_common_words_rank_the_most_recent_matches(client, monkeypatch):
    monkeypatch.setattr(selectors, "MAX_SEARCH_CANDIDATES", 2)
    now = timezone.now()
    oldest = ArticleFactory(title="Customer customer customer", published_at=now - DAY * 3)
    middle = ArticleFactory(title="Other", summary="customer", published_at=now - DAY * 2)
    newest = ArticleFactory(title="Customer", published_at=now - DAY)
    assert list(search_articles("customer")) == [newest, middle]
    assert oldest.pk
    response = client.get("/library/", {"q": "customer"})
    html = response.content.decode()
    assert "At least 2 results for “customer”: the 2 most recent are ranked here" in html


def test_deep_library_page_lists_the_right_items(client, settings):
    settings.LIBRARY_PAGE_SIZE = 20
    now = timezone.now()
    items = [ArticleFactory(published_at=now - DAY * i) for i in range(45)]
    response = client.get("/library/", {"page": "3"})
    assert list(response.context["object_list"]) == items[40:]
    response = client.get("/library/", {"page": "2"})
    assert list(response.context["object_list"]) == items[20:40]


@pytest.mark.parametrize(
    "query,snippet",
    [
        # Starts inside the body's first sentence and stops inside the second.
        (
            "authority",
            "… nobody asked, early enough, whether the plan fits the company that has to "
            "carry it out. The <mark>authority</mark> of the customer officer matters here, "
            "and more words follow in a long paragraph about many things … snippet has to be "
            "cut somewhere in the middle of it all. Another paragraph about "
            "<mark>authority</mark> and more.",
        ),
        # Starts with the summary, stops inside the body.
        (
            "engagement",
            "Before you redesign or relaunch an <mark>engagement</mark> programme, check it "
            "against six areas that decide whether it will last. … <mark>Engagement</mark> "
            "plans rarely fail for lack of ideas. They fail because nobody asked, early "
            "enough, whether …",
        ),
    ],
)
def test_search_snippet_says_with_an_ellipsis_where_it_cuts_a_sentence(query, snippet):
    ArticleFactory(
        summary="Before you redesign or relaunch an engagement programme, check it against "
        "six areas that decide whether it will last.",
        body="<p>Engagement plans rarely fail for lack of ideas. They fail because nobody "
        "asked, early enough, whether the plan fits the company that has to carry it out. The "
        "authority of the customer officer matters here, and more words follow in a long "
        "paragraph about many things that go on and on for a while so the snippet has to be "
        "cut somewhere in the middle of it all.</p><p>Another paragraph about authority and "
        "more.</p>",
    )

    assert selectors.snippet(search_articles(query).get()) == snippet


@pytest.mark.parametrize(
    "query",
    ["onboarding", "earned authority", "onboard", "authorty", "crisis response", "nothing-like"],
)
def test_search_page_is_search_with_correction_in_one_statement(query, monkeypatch):
    monkeypatch.setattr(selectors, "MAX_SEARCH_CANDIDATES", 4)
    now = timezone.now()
    for n, (title, body) in enumerate(
        [
            ("Earned authority", "<p>Authority is earned, one onboarding at a time.</p>"),
            ("Onboarding customers", "<p>Onboarding is where authority starts.</p>"),
            ("Crisis response", "<p>A crisis tests authority and onboarding.</p>"),
            ("Authority & trust", "<p>Trust <em>earned</em> through onboarding.</p>"),
            ("Onboarding again", "<p>Onboarding, onboarding and more onboarding.</p>"),
            ("Quiet piece", "<p>Nothing to see.</p>"),
        ]
    ):
        ArticleFactory(title=title, body=body, published_at=now - n * DAY)
    DraftFactory(title="Onboarding draft", body="<p>Onboarding authority.</p>")
    orm = search_with_correction(query)
    expected = [(a.pk, a.headline) for a in orm.results]
    pages = [selectors.search_page(query, page=n, per_page=2) for n in (1, 2, 3)]
    found = [(a.pk, a.headline) for page in pages for a in page.results]
    assert found == expected
    assert {(page.count, page.corrected_query) for page in pages} == {
        (orm.count, orm.corrected_query)
    }


@pytest.mark.parametrize("query", ["onboarding", "authorty", "trust"])
@pytest.mark.parametrize(
    ("facet", "narrow"),
    [
        (("tag", "cx"), lambda items: items.with_tag("cx")),
        (("kind", "conversation"), lambda items: items.filter(kind="conversation")),
        (("year", "2021"), lambda items: items.filter(published_at__year=2021)),
    ],
)
def test_search_page_within_a_facet_is_the_filtered_search(query, facet, narrow):
    tz = timezone.get_current_timezone()
    for n in range(6):
        factory = ConversationFactory if n % 3 == 0 else ArticleFactory
        factory(
            title=["Onboarding", "Authority", "Trust"][n % 3] + f" piece {n}",
            body="<p>Onboarding builds authority and trust.</p>",
            tags=["CX"] if n % 2 else ["Other"],
            published_at=datetime.datetime(2020 + n % 3, 5, 1 + n, tzinfo=tz),
        )
    orm = search_with_correction(query, narrow(Article.objects.published()))
    page = selectors.search_page(query, per_page=20, facet=facet)
    assert [(a.pk, a.headline) for a in page.results] == [(a.pk, a.headline) for a in orm.results]
    assert (page.count, page.corrected_query) == (orm.count, orm.corrected_query)
