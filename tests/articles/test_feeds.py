import datetime
import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from tests.articles.factories import ArticleFactory, AuthorFactory, DraftFactory, SeriesFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(content):
    return ET.fromstring(content)  # noqa: S314 - the site's own output


def test_rss_feed_lists_published_with_summaries(client, settings):
    author = AuthorFactory(name="Ann Author")
    ArticleFactory(title="Live", slug="live", summary="The teaser.", authors=[author], tags=["CX"])
    DraftFactory(title="Draft")
    ArticleFactory(title="Later", published_at=timezone.now() + datetime.timedelta(hours=1))
    response = client.get("/library/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Live"]
    assert items[0].findtext("description") == "The teaser."
    assert items[0].findtext("link") == f"{settings.SITE_URL}/library/live/"
    assert [c.text for c in items[0].findall("category")] == ["CX"]


def test_atom_feed(client):
    ArticleFactory(title="Live", summary="The teaser.")
    response = client.get("/library/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Live"]
    assert entries[0].findtext(f"{ATOM}summary") == "The teaser."


def test_tag_feed(client):
    ArticleFactory(title="Tagged", tags=["Crisis"])
    ArticleFactory(title="Untagged")
    DraftFactory(title="Draft tagged", tags=["Crisis"])
    response = client.get("/tags/crisis/feed/")
    items = parse(response.content).find("channel").findall("item")
    assert [item.findtext("title") for item in items] == ["Tagged"]
    assert client.get("/tags/nope/feed/").status_code == 404


def test_tag_feed_of_draft_only_tag_404(client):
    DraftFactory(tags=["Hidden"])
    assert client.get("/tags/hidden/feed/").status_code == 404


def test_sitemap_has_published_items_authors_and_series(client, settings):
    writer = AuthorFactory(slug="writer")
    AuthorFactory(slug="idle")
    drafter = AuthorFactory(slug="drafter")
    series = SeriesFactory(slug="parts")
    ArticleFactory(slug="live", authors=[writer], series=series, part_number=1)
    DraftFactory(slug="draft", authors=[drafter])
    empty = SeriesFactory(slug="empty")
    DraftFactory(slug="draft-part", series=empty, part_number=1)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = {loc.text for loc in parse(response.content).iter(f"{ns}loc")}
    paths = {loc.split("testserver", 1)[-1] for loc in locs}
    assert {"/library/live/", "/authors/writer/", "/series/parts/"} <= paths
    assert not {"/library/draft/", "/library/draft-part/", "/authors/idle/"} & paths
    assert not {"/authors/drafter/", "/series/empty/"} & paths


class TagCollector(HTMLParser):
    """The elements a feed reader's HTML parser finds in a decoded description."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def html_elements(markup):
    collector = TagCollector()
    collector.feed(markup)
    collector.close()
    return collector.tags


MARKUP = "<img src=x onerror=alert(1)> & <b>bold</b>"


def test_rss_description_carries_a_plain_summary_as_text(client):
    ArticleFactory(title="Live", summary=MARKUP, tags=["CX"])
    for url in ("/library/feed/", "/tags/cx/feed/"):
        item = parse(client.get(url).content).find("channel").find("item")
        description = item.findtext("description")
        assert description == "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
        assert html_elements(description) == []
        assert html.unescape(description) == MARKUP


def test_atom_summary_of_type_html_carries_a_plain_summary_as_text(client):
    ArticleFactory(title="Live", summary=MARKUP)
    entry = parse(client.get("/library/feed/atom/").content).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    assert html_elements(summary.text) == []


def test_titles_stay_plain_text_as_both_formats_define_them(client):
    # RSS titles are plain text (RSS Advisory Board), Atom's <title> has type="text" by
    # default: escaping them again would show "&lt;" to every reader.
    ArticleFactory(title="Q&A: <b>peers</b>", summary="x")
    rss = parse(client.get("/library/feed/").content).find("channel").find("item")
    atom = parse(client.get("/library/feed/atom/").content).find(f"{ATOM}entry")
    assert rss.findtext("title") == "Q&A: <b>peers</b>"
    assert atom.find(f"{ATOM}title").text == "Q&A: <b>peers</b>"
    assert atom.find(f"{ATOM}title").get("type") is None


@pytest.mark.parametrize("path", ["/library/feed/", "/library/feed/atom/", "/press/feed/rss/"])
def test_feed_is_sent_in_one_piece(client, path):
    ArticleFactory.create_batch(3)
    response = client.get(path)
    assert response.status_code == 200
    # Each piece of a response is a write of its own to the reader's socket.
    assert len(list(response)) == 1


def test_feed_entries_are_the_published_items_newest_first():
    from taggit.models import Tag

    from articles import selectors
    from articles.models import Article

    later = timezone.now() + datetime.timedelta(hours=1)
    first = ArticleFactory(authors=[AuthorFactory(name="B"), AuthorFactory(name="A")], tags=["X"])
    ArticleFactory(members_only=True, tags=["X", "Y"])
    ArticleFactory(tags=["Y"])
    ArticleFactory(published_at=later, tags=["X"])
    DraftFactory(tags=["X"])
    tag = Tag.objects.get(slug="x")
    for entries, queryset in [
        (selectors.feed_entries(limit=30), Article.objects.published()),
        (selectors.feed_entries(limit=30, tag=tag), Article.objects.published().filter(tags=tag)),
        (selectors.feed_entries(limit=2), Article.objects.published()),
    ]:
        expected = queryset.order_by("-published_at", "-id")[: len(entries)]
        assert [entry.slug for entry in entries] == [item.slug for item in expected]
    assert len(selectors.feed_entries(limit=30)) == 3
    assert len(selectors.feed_entries(limit=30, tag=tag)) == 2
    (entry,) = [e for e in selectors.feed_entries(limit=30) if e.slug == first.slug]
    assert entry.authors == ["B", "A"]
    assert entry.tags == ["X"]
    assert (entry.title, entry.summary) == (first.title, first.summary)
