"""All five feeds stay well-formed XML over text stored before the plain-text validator."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.utils import feedgenerator
from taggit.models import Tag

from articles.models import Article, Author
from cco_council.core import feeds
from media_relations.models import PressRelease
from tests.articles.factories import ArticleFactory, AuthorFactory
from tests.media_relations.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/library/feed/", "/library/feed/atom/", "/tags/cx/feed/", "/press/feed/rss/",
         "/press/feed/atom/"]  # fmt: skip
# Every kind of character the validator refuses today, as rows saved before it may hold them.
BAD = "\x01\x08\x0b\x0c\x1b\x7f\x85\x9f\ufdd0\ufffe\uffff\U0001fffe"


@pytest.fixture
def stored_bad_text():
    """Rows written straight to the database, past every validator."""
    article = ArticleFactory(title="Title", summary="Summary", tags=["CX"])
    article.author_links.create(author=AuthorFactory(name="Ann"), position=0)
    Article.objects.filter(pk=article.pk).update(
        title=f"Bad{BAD} title", summary=f"Bad{BAD} summary\nsecond line"
    )
    Author.objects.filter(name="Ann").update(name=f"Ann{BAD}")
    Tag.objects.filter(slug="cx").update(name=f"CX{BAD}")
    release = PressReleaseFactory()
    PressRelease.objects.filter(pk=release.pk).update(
        title=f"Bad{BAD} title", summary=f"Bad{BAD} summary"
    )
    other = PressReleaseFactory(summary="")
    PressRelease.objects.filter(pk=other.pk).update(body=f"<p>Bad{BAD} body</p>")


@pytest.mark.parametrize("url", FEEDS)
def test_feed_is_valid_xml_over_stored_control_characters(client, stored_bad_text, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own output
    titles = [element.text for element in root.iter() if element.tag.endswith("title")]
    assert "Bad title" in titles
    text = response.content.decode()
    assert [char for char in BAD if char in text] == []


def _populated(generator_class):
    """A generator given every value Django's generators write, with text to escape."""
    when = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)
    feed = generator_class(
        title="Q&A <feed> \"quoted\" 'single'",
        link="https://example.com/feed/ä?a=1&b=2",
        description="A & B < C",
        language="en-gb",
        author_email="press@example.com",
        author_name="Press & Co",
        author_link="https://example.com/press/",
        subtitle="Sub & title",
        categories=["One & two", "<three>"],
        feed_url="https://example.com/feed.xml",
        feed_copyright="© 2024 & later",
        feed_guid="urn:feed",
        ttl=60,
        stylesheets=["https://example.com/style.xsl"],
    )
    feed.add_item(
        title="Fish & <chips>",
        link="https://example.com/item/1/",
        description='&lt;b&gt;escaped&lt;/b&gt; and "quotes"\nsecond line\ttab',
        author_email="ann@example.com",
        author_name="Ann",
        author_link="https://example.com/ann/",
        pubdate=when,
        updateddate=when + datetime.timedelta(days=1),
        comments="https://example.com/item/1/#comments",
        unique_id="urn:item:1",
        unique_id_is_permalink=False,
        categories=["A\"B'C", "tab\there\nline"],
        item_copyright="mine",
        ttl=5,
        enclosures=[feedgenerator.Enclosure("https://example.com/a.mp3", "123", "audio/mpeg")],
    )
    feed.add_item(title="", link="https://example.com/item/2/", description=None)
    feed.add_item(
        title="Only a name", link="https://example.com/item/3/", description="",
        author_name="Bob", pubdate=when,
    )  # fmt: skip
    return feed


@pytest.mark.parametrize(
    ("ours", "djangos"),
    [
        (feeds.Rss201rev2Feed, feedgenerator.Rss201rev2Feed),
        (feeds.Atom1Feed, feedgenerator.Atom1Feed),
    ],
)
def test_generators_write_what_djangos_write_byte_for_byte(ours, djangos):
    expected = _populated(djangos).writeString("utf-8")
    assert _populated(ours).writeString("utf-8") == expected
    written = io.BytesIO()
    _populated(ours).write(written, "utf-8")
    assert written.getvalue() == expected.encode()


def test_generator_writes_in_other_encodings_as_references():
    feed = feeds.Rss201rev2Feed(title="Zoë €", link="https://example.com/", description="d")
    expected = feedgenerator.Rss201rev2Feed(
        title="Zoë €", link="https://example.com/", description="d"
    )
    written, djangos = io.BytesIO(), io.BytesIO()
    feed.write(written, "ascii")
    expected.write(djangos, "ascii")
    assert written.getvalue() == djangos.getvalue()
    assert b"Zo&#235; &#8364;" in written.getvalue()


def _feeds():
    from articles.feeds import LibraryAtomFeed, LibraryFeed, TagFeed
    from media_relations.feeds import PressReleaseAtomFeed, PressReleaseFeed

    return [LibraryFeed, LibraryAtomFeed, TagFeed, PressReleaseFeed, PressReleaseAtomFeed]


@pytest.mark.parametrize("index", range(5))
def test_feed_view_gives_the_generator_what_djangos_gives(rf, stored_bad_text, index):
    from django.contrib.syndication.views import Feed as DjangoFeed

    feed = _feeds()[index]()
    ArticleFactory(title="Second", summary="<b>two</b>", tags=["CX", "Other"])
    PressReleaseFactory(summary="")
    request = rf.get("/some/feed/")
    obj = Tag.objects.get(slug="cx") if index == 2 else None
    ours = feed.get_feed(obj, request)
    djangos = DjangoFeed.get_feed(feed, obj, request)
    assert ours.feed == djangos.feed
    assert ours.items == djangos.items
    assert len(ours.items) == [2, 2, 1, 3, 3][index]
