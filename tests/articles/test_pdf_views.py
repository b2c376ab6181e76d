"""The PDF downloads through real requests: visibility, caching, versions, delivery."""

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from articles import services
from articles.models import Exchange
from articles.pdf import cache as pdf_cache
from articles.views import members_only_slugs
from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    ConversationFactory,
    DraftFactory,
    ExchangeFactory,
    SeriesFactory,
)
from tests.articles.test_pdf_document import (
    CVE_POC,
    SCRIPTS,
    UNICODE,
    assert_in_order,
    lines_of,
    outline_titles,
)
from tests.caching import REDIS_BACKENDS, own_redis_keys, redis_client

pytestmark = pytest.mark.django_db


def cached_pdf_keys() -> list[str]:
    """The PDF entries in the default cache, whichever backend it is (memory, table or Redis)."""
    backend = caches["default"]
    if isinstance(backend, DatabaseCache):
        with connection.cursor() as cursor:
            # The table's name is our own setting, quoted; no input reaches this SQL.
            table = connection.ops.quote_name(settings.CACHE_TABLE)
            cursor.execute(f"SELECT cache_key FROM {table} WHERE cache_key LIKE %s", ["%:pdf:%"])  # noqa: S608
            return [key for (key,) in cursor.fetchall()]
    if isinstance(getattr(backend, "_cache", None), dict):
        return [key for key in backend._cache if ":pdf:" in key]
    return own_redis_keys("pdf:*")


def read(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    pages = []
    for page in reader.pages:
        lines = page.extract_text().splitlines()
        if len(lines) >= 3 and lines[-1].startswith("Page "):
            lines = lines[:-3]
        pages.append(" ".join(lines))
    return " ".join(" ".join(pages).split())


def pdf_url(article) -> str:
    return reverse("articles:article_pdf", kwargs={"slug": article.slug})


def conversation(exchanges: int = 4, **kwargs):
    article = ConversationFactory(**kwargs)
    for n in range(exchanges):
        ExchangeFactory(
            article=article,
            speaker=Exchange.Speaker.INTERVIEWER if n % 2 == 0 else Exchange.Speaker.INTERVIEWEE,
            text=f"<p>{'Question' if n % 2 == 0 else 'Answer'} number {n}.</p>",
            position=n,
        )
    return article


# --- the document --------------------------------------------------------------------------


def test_article_pdf_prints_every_paragraph_in_order_with_metadata(client):
    authors = [
        AuthorFactory(name="Maria Lopez", job_title="CCO", organisation="Northwind"),
        AuthorFactory(name="Tom Reed", job_title="", organisation="Contoso"),
    ]
    series = SeriesFactory(title="Engagement in practice")
    ArticleFactory(series=series, part_number=1)
    article = ArticleFactory(
        title="Customer engagement models",
        slug="customer-engagement-models",
        summary="How councils measure engagement.",
        body="<p>First.</p><h2>Findings</h2><p>Second <a href='https://example.org/r'>link</a>.</p>"
        "<ul><li>Point one<ol><li>Sub point</li></ol></li></ul><blockquote><p>Quoted.</p>"
        "</blockquote><h3>Detail</h3><p>Third.</p>",
        series=series,
        part_number=2,
        source_name="Harvard Business Review",
        source_url="https://hbr.example/engagement",
        authors=authors,
        tags=["Retention", "engagement"],
    )

    response = client.get(pdf_url(article))

    reader = read(response)
    assert response["Content-Disposition"] == 'inline; filename="customer-engagement-models.pdf"'
    text = text_of(reader)
    assert_in_order(
        text,
        [
            "CCO Council",
            "Article",
            "Customer engagement models",
            "How councils measure engagement.",
            "Maria Lopez, CCO, Northwind",
            "Tom Reed, Contoso",
            "Part 2 of 2 \u00b7 Engagement in practice",
            "First.",
            "Findings",
            "Second link.",
            "Point one",
            "1. Sub point",
            "Quoted.",
            "Detail",
            "Third.",
            "Originally published at Harvard Business Review: https://hbr.example/engagement",
            "Tags: engagement, Retention",
            "Read online:",
        ],
    )
    published = timezone.localtime(article.published_at)
    assert f"Published {published:%B} {published.day}, {published.year}" in text
    assert reader.metadata.title == "Customer engagement models"
    assert reader.metadata.author == "Maria Lopez, Tom Reed"
    assert reader.metadata.subject == "How councils measure engagement."
    assert reader.metadata["/Keywords"] == "engagement, Retention"
    assert reader.metadata.creator == "CCO Council library (reportlab)"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"
    assert outline_titles(reader) == ["Customer engagement models", "Findings", "Detail"]
    assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()


def test_article_pdf_conversation_prints_every_exchange_in_order(client):
    article = conversation(
        exchanges=40,
        interviewee_name="Jay Topper",
        interviewee_title="SVP of Customer Success",
        interviewee_organisation="Rosetta Stone",
        interviewer=AuthorFactory(name="Dana Reyes"),
    )

    reader = read(client.get(pdf_url(article)))

    expected = [
        "Conversation",
        "A conversation with Jay Topper, SVP of Customer Success, Rosetta Stone at the time of "
        "the interview",
        "Interviewed by Dana Reyes",
        "An introduction to the conversation.",
    ]
    for n in range(40):
        if n % 2 == 0:
            expected += ["Dana Reyes", f"Question number {n}."]
        else:
            expected += ["Jay Topper", f"Answer number {n}."]
    assert_in_order(text_of(reader), expected)


def test_article_pdf_unicode_round_trips(client):
    article = ArticleFactory(
        title=f"Title {UNICODE}",
        summary=UNICODE,
        body=f"<p>{UNICODE}</p>",
        authors=[AuthorFactory(name="Łukasz Żółć", job_title="Directeur", organisation="Société")],
    )

    reader = read(client.get(pdf_url(article)))

    text = text_of(reader)
    assert text.count(UNICODE) == 3
    assert "Łukasz Żółć, Directeur, Société" in text


def test_article_pdf_injection_payloads_print_as_text(client, tmp_path):
    marker = tmp_path / "pwned"
    poc = CVE_POC.replace("MARKER", str(marker))
    escaped = poc.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    article = conversation(
        exchanges=0,
        title=poc[:200],
        summary=f"{poc} <img src=/etc/passwd> <script>alert(1)</script>",
        body=f"<p>{escaped}</p><p>&lt;img src=/etc/passwd&gt;</p>"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><img src=/etc/passwd><script>x()</script>",
        interviewee_name="<b>Jay</b>",
    )
    ExchangeFactory(article=article, text=f"<p>{escaped}</p>", position=1)

    reader = read(client.get(pdf_url(article)))

    text = text_of(reader)
    assert not marker.exists()
    assert text.count("exploit</font></para>") == 3  # summary, body, exchange
    assert text.count("<img src=/etc/passwd>") == 2
    assert text.count("<script>alert(1)</script>") == 2
    assert "A conversation with <b>Jay</b>" in text
    assert "x()" not in text
    assert reader.metadata.title == poc[:200]


@pytest.mark.parametrize(
    "body",
    [
        "",
        "<p>" + "y" * 5000 + "</p>",
        "<ol>" + "".join(f"<li>Row {n}</li>" for n in range(300)) + "</ol>",
        "<p>" + " ".join(["word"] * 10_000) + "</p>",
        "<p>unclosed <b>bold <ul><li>item",
    ],
    ids=["empty", "long-word", "300-rows", "10000-words", "malformed"],
)
def test_article_pdf_hostile_or_huge_bodies_are_valid_pdfs(client, body):
    article = ArticleFactory(body=body)

    reader = read(client.get(pdf_url(article)))

    assert article.title in reader.pages[0].extract_text()


@pytest.mark.parametrize("name,title", SCRIPTS.values(), ids=SCRIPTS.keys())
def test_article_pdf_names_and_titles_in_every_script_read_back(client, name, title):
    author = AuthorFactory(name=name, job_title="", organisation="")
    article = ArticleFactory(title=title, summary="", body=f"<p>{title}</p>", authors=[author])
    talk = conversation(exchanges=0, title=title, summary="", interviewee_name=name)
    ExchangeFactory(
        article=talk, speaker=Exchange.Speaker.INTERVIEWEE, text=f"<p>{title}</p>", position=1
    )

    article_lines = lines_of(read(client.get(pdf_url(article))))
    talk_lines = lines_of(read(client.get(pdf_url(talk))))

    # the title, the author, ..., the body
    start = article_lines.index(title)
    assert article_lines[start : start + 2] == [title, name]
    assert article_lines.count(title) == 2
    # the title, ..., the interviewee's name over what they say
    assert talk_lines.index(title) < talk_lines.index(name)
    speaker = talk_lines.index(name)
    assert talk_lines[speaker : speaker + 2] == [name, title]


# --- visibility ----------------------------------------------------------------------------


def test_article_pdf_draft_scheduled_and_unknown_are_404(client):
    draft = DraftFactory()
    scheduled = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))

    assert client.get(pdf_url(draft)).status_code == 404
    assert client.get(pdf_url(scheduled)).status_code == 404
    assert client.get(pdf_url(draft) + "?preview=1").status_code == 404
    assert client.head(pdf_url(draft)).status_code == 404
    assert client.get("/library/no-such-item.pdf").status_code == 404


@override_settings(PDF_VERSION_SECONDS=60)
def test_article_pdf_scheduled_item_downloads_once_its_time_comes(client):
    # Sooner than a remembered version would otherwise expire.
    scheduled = ArticleFactory(published_at=timezone.now() + datetime.timedelta(seconds=20))
    assert client.get(pdf_url(scheduled)).status_code == 404

    with time_machine.travel(datetime.timedelta(seconds=21)):
        response = client.get(pdf_url(scheduled))

    assert scheduled.title in text_of(read(response))


def test_article_pdf_editor_preview_of_a_draft_is_private_and_not_cached(editor_client):
    draft = DraftFactory(title="Work in progress", body="<p>Draft text.</p>")

    response = editor_client.get(pdf_url(draft) + "?preview=1")

    reader = read(response)
    assert "Draft text." in text_of(reader)
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == f'inline; filename="{draft.slug}-preview.pdf"'
    assert not response.has_header("ETag")
    assert cached_pdf_keys() == []


def test_article_pdf_editor_without_preview_gets_the_public_answer(editor_client):
    draft = DraftFactory()

    assert editor_client.get(pdf_url(draft)).status_code == 404


def test_article_pdf_staff_without_permission_cannot_preview(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(user)
    draft = DraftFactory()

    assert client.get(pdf_url(draft) + "?preview=1").status_code == 404


# --- delivery ------------------------------------------------------------------------------


def test_article_pdf_repeat_request_with_etag_or_date_is_304(client):
    article = ArticleFactory()
    first = client.get(pdf_url(article))

    by_etag = client.get(pdf_url(article), headers={"if-none-match": first["ETag"]})
    by_date = client.get(pdf_url(article), headers={"if-modified-since": first["Last-Modified"]})

    assert first["Cache-Control"] == "public, no-cache"
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_date.status_code == 304


def test_article_pdf_head_answers_without_building(client):
    article = ArticleFactory()

    head = client.head(pdf_url(article))

    assert head.status_code == 200
    assert head["Content-Type"] == "application/pdf"
    assert head.has_header("ETag")
    assert cached_pdf_keys() == []

    body = client.get(pdf_url(article)).content
    head_after = client.head(pdf_url(article))
    assert head_after["Content-Length"] == str(len(body))


def test_article_pdf_repeat_download_is_served_from_the_cache(client):
    article = ArticleFactory()

    first = client.get(pdf_url(article)).content
    second = client.get(pdf_url(article)).content

    # A rebuild differs (reportlab stamps each document with its time and a fresh id).
    assert second == first


def test_article_pdf_query_count_is_fixed(client, django_assert_num_queries):
    small = conversation(exchanges=1)
    small.tags.add("one")
    big = conversation(exchanges=40)
    big.tags.add("one", "two", "three")
    for article, authors in ((small, 1), (big, 3)):
        for position in range(authors):
            article.author_links.create(author=AuthorFactory(), position=position)

    members_only_slugs()  # remembered, as on a running site, until the library changes
    for article in (small, big):
        # the version, then the item with its credits, exchanges and tags
        with django_assert_num_queries(2):
            read(client.get(pdf_url(article)))
        with django_assert_num_queries(1):
            read(client.get(pdf_url(article)))


def test_article_pdf_part_of_a_series_reads_its_place_in_one_more_query(
    client, django_assert_num_queries
):
    series = SeriesFactory(title="Engagement in practice")
    ArticleFactory(series=series, part_number=1)
    second = ArticleFactory(series=series, part_number=2)
    DraftFactory(series=series, part_number=3)

    members_only_slugs()
    # the version, the item, then the ids of its series' published parts
    with django_assert_num_queries(3):
        response = client.get(pdf_url(second))

    assert "Part 2 of 2 \u00b7 Engagement in practice" in text_of(read(response))


def test_article_pdf_editor_preview_of_a_draft_part_prints_no_place_in_its_series(editor_client):
    series = SeriesFactory(title="Engagement in practice")
    ArticleFactory(series=series, part_number=1)
    draft = DraftFactory(series=series, part_number=2, body="<p>Draft text.</p>")

    text = text_of(read(editor_client.get(pdf_url(draft) + "?preview=1")))

    assert "Draft text." in text
    assert "Part " not in text
    assert "Engagement in practice" not in text


@override_settings(PDF_VERSION_SECONDS=60)
def test_article_pdf_version_is_remembered_until_the_library_changes(
    client, django_assert_num_queries
):
    article = ArticleFactory(body="<p>Old text.</p>")
    first = client.get(pdf_url(article))

    with django_assert_num_queries(0):
        again = client.get(pdf_url(article), headers={"if-none-match": first["ETag"]})
    # as the admin saves an item
    article.body = "<p>New text.</p>"
    article.save()
    services.item_changed(article_ids=[article.pk])
    after = client.get(pdf_url(article), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert "New text." in text_of(read(after))


def test_article_pdf_cache_holds_one_pdf_per_item_however_often_it_is_edited(client):
    articles = [ArticleFactory(body="<p>Version 0.</p>") for _ in range(2)]

    for n in range(1, 6):
        for article in articles:
            article.body = f"<p>Version {n}.</p>"
            article.save()
            assert f"Version {n}." in text_of(read(client.get(pdf_url(article))))

    assert sorted(cached_pdf_keys()) == sorted(
        cache.make_key(pdf_cache.article_key(article.pk)) for article in articles
    )


def test_article_pdf_new_version_after_editing_the_item(client):
    article = ArticleFactory(body="<p>Old text.</p>")
    before = client.get(pdf_url(article))

    article.body = "<p>New text.</p>"
    article.save()
    after = client.get(pdf_url(article), headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "New text." in text_of(read(after))


def test_article_pdf_new_version_after_editing_an_author(client):
    author = AuthorFactory(name="Old Name")
    article = ArticleFactory(authors=[author])
    before = client.get(pdf_url(article))

    author.name = "New Name"
    author.save()
    after = client.get(pdf_url(article), headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert "New Name" in text_of(read(after))


def test_article_pdf_new_version_after_editing_the_series(client):
    series = SeriesFactory(title="Old series")
    article = ArticleFactory(series=series, part_number=1)
    before = client.get(pdf_url(article))

    series.title = "New series"
    series.save()
    after = client.get(pdf_url(article), headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert "Part 1 of 1 \u00b7 New series" in text_of(read(after))


def test_article_pdf_new_version_after_editing_an_exchange_or_tags(client):
    article = conversation(exchanges=2)
    first = client.get(pdf_url(article))
    exchange = article.exchanges.first()

    exchange.text = "<p>Reworded question.</p>"
    exchange.save()
    second = client.get(pdf_url(article), headers={"if-none-match": first["ETag"]})
    article.tags.add("fresh-tag")
    third = client.get(pdf_url(article), headers={"if-none-match": second["ETag"]})

    assert "Reworded question." in text_of(read(second))
    assert "Tags: fresh-tag" in text_of(read(third))


def test_article_pdf_new_version_when_another_part_of_its_series_goes_live(client):
    series = SeriesFactory()
    article = ArticleFactory(series=series, part_number=1)
    before = client.get(pdf_url(article))

    ArticleFactory(series=series, part_number=2)
    after = client.get(pdf_url(article), headers={"if-none-match": before["ETag"]})

    assert "Part 1 of 2" in text_of(read(after))


@override_settings(PDF_PAGE_SIZE="A4")
def test_article_pdf_page_size_from_settings(client):
    reader = read(client.get(pdf_url(ArticleFactory())))

    assert [round(float(v)) for v in reader.pages[0].mediabox.upper_right] == [595, 842]


@pytest.mark.redis
def test_article_pdf_cache_shared_through_redis(client):
    article = ArticleFactory()
    first = client.get(pdf_url(article)).content
    pk, version = pdf_cache.article_version(article.slug)
    # Another app server (a fresh connection to the same Redis) finds the same bytes.
    stored = own_redis_keys("pdf:article:*")
    second = client.get(pdf_url(article)).content

    assert isinstance(caches["default"], REDIS_BACKENDS)
    assert stored == [caches["default"].make_key(pdf_cache.article_key(pk))]
    with redis_client() as other_server:
        assert other_server.get(stored[0]) is not None
    assert caches["default"].get(pdf_cache.article_key(pk)) == (version.key, first)
    assert second == first


# --- series --------------------------------------------------------------------------------


def test_series_pdf_prints_published_parts_in_order_with_contents(client):
    series = SeriesFactory(title="Engagement in practice", slug="engagement-in-practice")
    ArticleFactory(series=series, part_number=3, title="Third part", body="<p>Body three.</p>")
    ArticleFactory(series=series, part_number=1, title="First part", body="<p>Body one.</p>")
    DraftFactory(series=series, part_number=2, title="Draft part", body="<p>Hidden.</p>")

    response = client.get(reverse("articles:series_pdf", kwargs={"slug": series.slug}))

    reader = read(response)
    text = text_of(reader)
    assert response["Content-Disposition"] == 'inline; filename="engagement-in-practice.pdf"'
    assert "Contents" in reader.pages[0].extract_text()
    assert_in_order(
        text,
        ["Part 1 \u00b7 Article", "First part", "Body one.", "Part 2 \u00b7 Article",
         "Third part", "Body three."],
    )  # fmt: skip
    assert "Hidden." not in text
    assert "Draft part" not in text
    assert outline_titles(reader) == ["Engagement in practice", "First part", "Third part"]
    assert reader.metadata.title == "Engagement in practice"


def test_series_pdf_without_published_parts_is_404(client):
    series = SeriesFactory()
    DraftFactory(series=series, part_number=1)

    assert (
        client.get(reverse("articles:series_pdf", kwargs={"slug": series.slug})).status_code == 404
    )
    assert client.get("/series/no-such-series.pdf").status_code == 404


def test_series_pdf_new_version_after_editing_a_part_or_the_series(client):
    series = SeriesFactory(title="Before")
    part = ArticleFactory(series=series, part_number=1, body="<p>Old.</p>")
    url = reverse("articles:series_pdf", kwargs={"slug": series.slug})
    first = client.get(url)

    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    part.body = "<p>New.</p>"
    part.save()
    second = client.get(url, headers={"if-none-match": first["ETag"]})
    series.title = "After"
    series.save()
    third = client.get(url, headers={"if-none-match": second["ETag"]})

    assert "New." in text_of(read(second))
    assert read(third).metadata.title == "After"


# --- build_pdfs ----------------------------------------------------------------------------


def test_build_pdfs_fills_the_cache_for_every_published_item_and_series(client):
    series = SeriesFactory()
    articles = [ArticleFactory(series=series, part_number=n) for n in (1, 2)]
    articles.append(conversation(exchanges=3))
    DraftFactory()
    err = io.StringIO()

    call_command("build_pdfs", stderr=err, stdout=io.StringIO())

    for article in articles:
        pk, version = pdf_cache.article_version(article.slug)
        assert pdf_cache.cached_article_pdf(pk, version)[:5] == b"%PDF-"
    _, series_version = pdf_cache.series_version(series.slug)
    assert pdf_cache.cached_series_pdf(series.pk, series_version)[:5] == b"%PDF-"
    assert "4/4" in err.getvalue()
    cached = client.get(pdf_url(articles[0])).content
    assert cached == pdf_cache.cached_article_pdf(*pdf_cache.article_version(articles[0].slug))
