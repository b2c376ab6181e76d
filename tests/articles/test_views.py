import datetime
import json
import re

import pytest
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    ConversationFactory,
    DraftFactory,
    ExchangeFactory,
    SeriesFactory,
)
from tests.articles.test_pdf_views import cached_pdf_keys

pytestmark = pytest.mark.django_db

LIBRARY = "/library/"


def titles(response):
    return [article.title for article in response.context["object_list"]]


def test_library_lists_published_newest_first(client):
    now = timezone.now()
    ArticleFactory(title="Older", published_at=now - datetime.timedelta(days=2))
    ArticleFactory(title="Newer", published_at=now - datetime.timedelta(days=1))
    DraftFactory(title="Draft")
    ArticleFactory(title="Scheduled", published_at=now + datetime.timedelta(hours=1))
    response = client.get(LIBRARY)
    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]
    html = response.content.decode()
    assert "2 items." in html
    assert "Draft" not in html
    assert "Scheduled" not in html


def test_library_entry_shows_everything(client):
    author = AuthorFactory(name="Jasmine Green", slug="jasmine-green")
    article = ArticleFactory(
        title="Customer centricity at Nationwide",
        summary="How one insurer put customers first.",
        authors=[author],
        tags=["Culture", "CX"],
    )
    html = client.get(LIBRARY).content.decode()
    assert f'href="{article.get_absolute_url()}"' in html
    assert "How one insurer put customers first." in html
    assert 'href="/authors/jasmine-green/">Jasmine Green</a>' in html
    assert 'href="/tags/culture/">Culture</a>' in html
    assert f'href="{article.get_pdf_url()}" type="application/pdf" download>Download PDF' in html
    assert '<p class="kind">Article' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=conversation", ["Talk"]),
        ("kind=article", ["Piece"]),
        ("tag=cx", ["Piece"]),
        ("author=ann", ["Talk"]),
        ("series=s", ["Talk"]),
        ("year=2021", ["Piece"]),
        ("kind=conversation&author=ann", ["Talk"]),
        ("kind=article&author=ann", []),
    ],
)
def test_library_filters_combine(client, query, expected):
    ann = AuthorFactory(slug="ann")
    series = SeriesFactory(slug="s")
    tz = timezone.get_current_timezone()
    ArticleFactory(
        title="Piece", tags=["CX"], published_at=datetime.datetime(2021, 6, 1, tzinfo=tz)
    )
    ConversationFactory(
        title="Talk",
        authors=[ann],
        series=series,
        part_number=1,
        published_at=datetime.datetime(2022, 6, 1, tzinfo=tz),
    )
    response = client.get(f"{LIBRARY}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_library_empty_filter_result_is_explained(client):
    ArticleFactory(kind=Article.Kind.ARTICLE)
    response = client.get(f"{LIBRARY}?kind=white_paper")
    assert response.status_code == 200
    html = response.content.decode()
    assert "0 items, filtered." in html
    assert "No published item matches these filters." in html


@pytest.mark.parametrize(
    "query", ["kind=bogus", "author=nosuch", "tag=nosuch", "series=nosuch", "year=1850"]
)
def test_library_unknown_filter_value_is_400_with_form_error(client, query):
    ArticleFactory()
    response = client.get(f"{LIBRARY}?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert "Select a valid choice." in html
    assert response.context["object_list"].count() == 0


def test_library_tag_of_draft_only_is_unknown(client):
    DraftFactory(tags=["Secret plan"])
    response = client.get(f"{LIBRARY}?tag=secret-plan")
    assert response.status_code == 400
    assert "Secret plan" not in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "²", "%20"])
def test_library_bad_page_number_is_400_with_message(client, page):
    ArticleFactory()
    response = client.get(f"{LIBRARY}?page={page}")
    assert response.status_code == 400
    assert "is not a page number" in response.content.decode()


@pytest.mark.parametrize("page", ["2", "99999", "9" * 5000])
def test_library_page_past_the_end_is_404(client, page):
    ArticleFactory()
    response = client.get(f"{LIBRARY}?page={page}")
    assert response.status_code == 404


def test_library_pagination_keeps_filters(client, settings):
    for _ in range(settings.LIBRARY_PAGE_SIZE + 1):
        ArticleFactory(tags=["CX"])
    response = client.get(f"{LIBRARY}?tag=cx")
    html = response.content.decode()
    assert 'href="?tag=cx&amp;page=2" rel="next"' in html
    second = client.get(f"{LIBRARY}?tag=cx&page=2")
    assert len(second.context["object_list"]) == 1


def test_library_has_feed_autodiscovery(client):
    html = client.get(LIBRARY).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert f'href="{reverse("articles:feed_atom")}"' in html


def test_read_page_shows_article(client):
    author = AuthorFactory(name="Ann Author", job_title="Executive Director", organisation="CCOC")
    article = ArticleFactory(
        title="Earned Authority",
        body="<h2>Why</h2><p>Because.</p><blockquote><p>Quote</p></blockquote>",
        authors=[author],
        tags=["Authority"],
        source_name="CMSWire",
        source_url="https://www.cmswire.com/example",
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="article-title">Earned Authority</h1>' in html
    assert (
        f'By <a class="byline-name" href="{author.get_absolute_url()}">Ann Author</a>'
        '<span class="byline-role">Executive Director, CCOC</span>' in html
    )
    assert "<blockquote><p>Quote</p></blockquote>" in html
    assert "1 min read" in html
    assert (
        'Originally published at <a href="https://www.cmswire.com/example" rel="noopener">'
        "CMSWire</a>" in html
    )
    assert '<link rel="canonical" href="https://www.cmswire.com/example">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:title" content="Earned Authority">' in html
    assert f'href="{article.get_pdf_url()}" type="application/pdf" download>Download PDF' in html


def test_read_page_jsonld_is_escaped_and_parses(client):
    article = ArticleFactory(title="</script><script>alert(1)</script> & more")
    html = client.get(article.get_absolute_url()).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    payload = match.group(1)
    assert "<" not in payload and "&" not in payload
    data = json.loads(payload)
    assert data["headline"] == "</script><script>alert(1)</script> & more"
    assert data["@type"] == "Article"


@pytest.mark.parametrize("factory_kwargs", [{"status": "draft", "published_at": None}, {}])
def test_read_page_hides_drafts_and_scheduled(client, factory_kwargs):
    kwargs = factory_kwargs or {"published_at": timezone.now() + datetime.timedelta(days=1)}
    article = ArticleFactory(**kwargs)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_read_page_unknown_slug_404(client):
    assert client.get("/library/no-such-thing/").status_code == 404


def test_conversation_reads_as_conversation(client):
    interviewer = AuthorFactory(name="Ann Interviewer")
    conversation = ConversationFactory(interviewer=interviewer, title="Usage is king")
    ExchangeFactory(article=conversation, speaker="interviewer", text="<p>Q one?</p>", position=1)
    ExchangeFactory(article=conversation, speaker="interviewee", text="<p>A one.</p>", position=2)
    html = client.get(conversation.get_absolute_url()).content.decode()
    assert "A conversation with <strong>Jay Topper</strong>, SVP of Customer Success, " in html
    assert "Rosetta Stone at the time of the interview" in html
    turns = re.findall(
        r'<div class="exchange exchange-(\w+)">\s*<p class="exchange-speaker">(.*?)</p>\s*'
        r'<div class="exchange-text">(.*?)</div>',
        html,
        re.S,
    )
    # Who speaks, seen and heard: the name, then "asks" or "answers" for a screen reader.
    assert turns == [
        (
            "interviewer",
            'Ann Interviewer<span class="visually-hidden"> asks:</span>',
            "<p>Q one?</p>",
        ),
        (
            "interviewee",
            'Jay Topper<span class="visually-hidden"> answers:</span>',
            "<p>A one.</p>",
        ),
    ]


def test_series_navigation_on_read_page(client):
    series = SeriesFactory(title="Jay Topper on engagement")
    first = ArticleFactory(title="First", series=series, part_number=1)
    second = ArticleFactory(title="Second", series=series, part_number=2)
    third = ArticleFactory(title="Third", series=series, part_number=3)
    DraftFactory(title="Hidden fourth", series=series, part_number=4)
    response = client.get(second.get_absolute_url())
    html = response.content.decode()
    assert "Part 2 of 3" in html
    assert f'href="{first.get_absolute_url()}" rel="prev"' in html
    assert f'href="{third.get_absolute_url()}" rel="next"' in html
    assert "Hidden fourth" not in html
    assert [p.title for p in response.context["series_nav"].parts] == ["First", "Second", "Third"]


def test_related_items_share_tags_and_are_published(client):
    article = ArticleFactory(tags=["CX", "Loyalty"])
    both = ArticleFactory(title="Shares two", tags=["cx", "loyalty"])
    one = ArticleFactory(title="Shares one", tags=["CX"])
    DraftFactory(title="Draft shares", tags=["CX", "Loyalty"])
    ArticleFactory(title="Unrelated", tags=["Other"])
    response = client.get(article.get_absolute_url())
    assert response.context["related"] == [both, one]


def test_preview_draft_for_editor_with_banner(editor_client):
    draft = DraftFactory(title="Work in progress")
    response = editor_client.get(draft.get_preview_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "This is a draft: readers cannot see it." in html
    assert "no-cache" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_preview_refused_to_public(client, django_user_model):
    draft = DraftFactory()
    response = client.get(draft.get_preview_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    user = django_user_model.objects.create_user("reader", password="x" * 12)
    client.force_login(user)
    assert client.get(draft.get_preview_url()).status_code == 403


def test_author_page_lists_published_pieces(client):
    author = AuthorFactory(name="Jasmine Green", bio="Champions customers.")
    ArticleFactory(title="Hers", authors=[author])
    DraftFactory(title="Her draft", authors=[author])
    ArticleFactory(title="Someone else's")
    response = client.get(author.get_absolute_url())
    assert response.status_code == 200
    assert titles(response) == ["Hers"]
    assert "Champions customers." in response.content.decode()


def test_tag_page_lists_published_items_with_tag(client):
    ArticleFactory(title="Tagged", tags=["Crisis response"])
    DraftFactory(title="Tagged draft", tags=["Crisis response"])
    response = client.get("/tags/crisis-response/")
    assert response.status_code == 200
    assert titles(response) == ["Tagged"]


def test_tag_page_of_draft_only_tag_404(client):
    DraftFactory(tags=["Secret"])
    assert client.get("/tags/secret/").status_code == 404
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_series_pages(client):
    series = SeriesFactory(title="Peter Quinn on credibility", slug="quinn")
    ArticleFactory(title="Part two", series=series, part_number=2)
    ConversationFactory(title="Part one", series=series, part_number=1)
    empty = SeriesFactory(title="Only drafts")
    DraftFactory(series=empty, part_number=1)
    listing = client.get(reverse("articles:series_list"))
    assert [s.title for s in listing.context["series_list"]] == ["Peter Quinn on credibility"]
    assert listing.context["series_list"][0].part_count == 2
    detail = client.get(series.get_absolute_url())
    assert [p.title for p in detail.context["parts"]] == ["Part one", "Part two"]
    assert client.get(empty.get_absolute_url()).status_code == 404


def test_series_page_lists_published_parts_in_part_order_only(client):
    series = SeriesFactory(slug="in-order")
    later = timezone.now() + datetime.timedelta(hours=1)
    ArticleFactory(title="Three", series=series, part_number=3)
    ArticleFactory(title="Not out yet", series=series, part_number=4, published_at=later)
    DraftFactory(title="Still a draft", series=series, part_number=2)
    ArticleFactory(title="One", series=series, part_number=1)
    detail = client.get(series.get_absolute_url())
    assert [p.title for p in detail.context["parts"]] == ["One", "Three"]
    html = detail.content.decode()
    assert "Not out yet" not in html and "Still a draft" not in html
    assert client.get("/series/no-such-series/").status_code == 404


def test_conversations_page_lists_only_conversations(client):
    ConversationFactory(title="Talk")
    ArticleFactory(title="Piece")
    response = client.get(reverse("articles:conversations"))
    assert titles(response) == ["Talk"]
    assert 'name="kind"' not in response.content.decode()


def test_pdf_urls_404_for_unpublished(client):
    draft = DraftFactory()
    assert client.get(draft.get_pdf_url()).status_code == 404
    assert client.get("/series/nope.pdf").status_code == 404


def test_library_bad_page_with_bad_filter_is_400_not_500(client):
    ArticleFactory()
    response = client.get("/conversations/", {"tag": "0", "page": "%zz"})
    assert response.status_code == 400


def test_read_page_with_a_cold_cache_builds_no_pdf_and_omits_the_size(client):
    article = ArticleFactory()

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'type="application/pdf" download>Download PDF</a>' in html
    assert cached_pdf_keys() == []


def test_read_page_pdf_link_says_its_size_once_the_pdf_is_built(client):
    article = ArticleFactory()
    size = len(client.get(article.get_pdf_url()).content)

    html = client.get(article.get_absolute_url()).content.decode()

    assert f"Download PDF ({filesizeformat(size)})</a>" in html


def test_read_page_omits_the_size_of_a_pdf_built_before_an_edit(client):
    article = ArticleFactory()
    client.get(article.get_pdf_url())
    article.title = "Retitled"
    article.save()

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'type="application/pdf" download>Download PDF</a>' in html


def test_read_page_remembers_its_pdf_version_until_the_library_changes(client, settings):
    article = ArticleFactory()
    size = len(client.get(article.get_pdf_url()).content)
    with CaptureQueriesContext(connection) as asked:
        client.get(article.get_absolute_url())
    # The version query aggregates what the PDF prints; the next request outside a capture
    # clears the log a capture reads.
    asked = [query for query in asked if "STRING_AGG" in query["sql"]]
    settings.PDF_VERSION_SECONDS = 60
    client.get(article.get_absolute_url())

    with CaptureQueriesContext(connection) as remembered:
        html = client.get(article.get_absolute_url()).content.decode()
    remembered = [query for query in remembered if "STRING_AGG" in query["sql"]]
    # as the admin saves an item
    article.title = "Retitled"
    article.save()
    services.item_changed(article_ids=[article.pk])
    after_edit = client.get(article.get_absolute_url()).content.decode()

    assert len(asked) == 1
    assert remembered == []
    assert f"Download PDF ({filesizeformat(size)})</a>" in html
    assert 'type="application/pdf" download>Download PDF</a>' in after_edit


def test_list_entries_follow_a_change_that_leaves_the_edit_time_alone(client):
    # Entries are remembered by the row they were written from, not by updated_at.
    article = ArticleFactory(title="Old title")
    assert "Old title" in client.get("/library/").content.decode()

    Article.objects.filter(pk=article.pk).update(title="New title")
    html = client.get("/library/").content.decode()

    assert "New title" in html
    assert "Old title" not in html


def test_interviewer_without_byline_has_an_author_page_listing_the_interview(client):
    conversation = ConversationFactory(title="An interview they conducted")
    response = client.get(conversation.interviewer.get_absolute_url())
    assert response.status_code == 200
    assert [a.title for a in response.context["object_list"]] == ["An interview they conducted"]


def test_read_page_reads_as_a_publication_in_order(client):
    from tests.pictures import attach, photo

    author = attach(
        AuthorFactory(name="Ann Author"), "headshot", photo((600, 600)), decorative=True
    )
    article = attach(
        ArticleFactory(
            title="Earned Authority",
            summary="Why authority is earned, not given.",
            body="<p>The body begins here.</p>",
            authors=[author],
            tags=["Authority"],
        ),
        "cover_image",
        photo(),
        alt="A lectern in an empty hall",
    )

    html = client.get(article.get_absolute_url()).content.decode()

    # Kind, title, the summary as a standfirst, the byline with its portrait (not a list),
    # date and reading time, the cover, the body; then the download and the tags.
    pieces = [
        '<p class="kind">Article</p>',
        '<h1 id="article-title">Earned Authority</h1>',
        '<p class="standfirst">Why authority is earned, not given.</p>',
        '<p class="byline-person"><picture class="byline-photo">',
        ">Ann Author</a>",
        "1 min read</p>",
        'alt="A lectern in an empty hall" loading="eager" fetchpriority="high"',
        "<p>The body begins here.</p>",
        ">Download PDF",
        '<h2 class="tags-heading" id="tags-heading">Tags</h2>',
    ]
    positions = [html.find(piece) for piece in pieces]
    assert -1 not in positions, [p for p, at in zip(pieces, positions, strict=True) if at < 0]
    assert positions == sorted(positions)
    assert '<ul class="byline"' not in html


def test_library_author_filter_finds_the_interviews_they_conducted(client):
    host = AuthorFactory(name="Host", slug="host")
    ConversationFactory(title="Hosted talk", authors=[], interviewer=host)
    ArticleFactory(title="Someone else's piece")
    response = client.get(f"{LIBRARY}?author=host")
    assert response.status_code == 200
    assert titles(response) == ["Hosted talk"]
    assert "1 item, filtered." in response.content.decode()
