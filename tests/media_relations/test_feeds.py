"""The press-release feeds: a plain summary is text to a feed reader, the body's excerpt HTML."""

import xml.etree.ElementTree as ET

import pytest

from tests.articles.test_feeds import html_elements
from tests.media_relations.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MARKUP = "<img src=x onerror=alert(1)> & more"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt; &amp; more"


def parse(content):
    return ET.fromstring(content)  # noqa: S314 - the site's own output


def test_rss_description_carries_a_plain_summary_as_text(client):
    PressReleaseFactory(summary=MARKUP)
    item = parse(client.get("/press/feed/rss/").content).find("channel").find("item")
    assert item.findtext("description") == ESCAPED
    assert html_elements(item.findtext("description")) == []


def test_atom_summary_carries_a_plain_summary_as_text(client):
    PressReleaseFactory(summary=MARKUP)
    summary = parse(client.get("/press/feed/atom/").content).find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == ESCAPED
    assert html_elements(summary.text) == []


def test_without_summary_the_sanitized_body_gives_the_excerpt(client):
    PressReleaseFactory(
        summary="", body="<p>Typed &lt;img src=x&gt; &amp; <strong>bold</strong>.</p>"
    )
    item = parse(client.get("/press/feed/rss/").content).find("channel").find("item")
    assert item.findtext("description") == "Typed &lt;img src=x&gt; &amp; bold."
    assert html_elements(item.findtext("description")) == []
