"""All five feeds stay well-formed XML over text stored before the plain-text validator."""

import xml.etree.ElementTree as ET

import pytest
from taggit.models import Tag

from articles.models import Article, Author
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
