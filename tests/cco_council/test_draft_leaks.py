"""Drafts and scheduled items, marked with unique words in every field, never reach the public.

An anonymous crawl of every public URL (pages, lists, PDFs, feeds, the sitemap, search,
calendar files), plus the drafts' own addresses, must find none of the markers.
"""

from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    ConversationFactory,
    DraftFactory,
    ExchangeFactory,
    SeriesFactory,
)
from tests.crawl import crawl, response_text
from tests.events.factories import EventFactory, SpeakerFactory, TalkFactory, TalkSpeakerFactory
from tests.media_relations.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

MARKER = "zqxleak"


def marked(field):
    return f"{MARKER}{field}"


def make_hidden_content():
    """One draft and one scheduled item of every public kind, markers in every text field."""
    later = timezone.now() + timedelta(days=3)
    hidden_author = AuthorFactory(name=marked("authorname"), slug=marked("author"),
                                  bio=marked("authorbio"))  # fmt: skip
    hidden_series = SeriesFactory(title=marked("seriestitle"), slug=marked("series"),
                                  description=marked("seriesdescription"))  # fmt: skip
    shown_series = SeriesFactory(title="A public series", slug="public-series")
    ArticleFactory(series=shown_series, part_number=1, title="Public part one")
    for state, overrides in (
        ("draft", {"status": "draft", "published_at": None}),
        ("future", {"published_at": later}),
    ):
        article = ArticleFactory(
            title=marked(f"{state}title"), slug=marked(f"{state}-article"),
            summary=marked(f"{state}summary"), body=f"<p>{marked(state + 'body')}</p>",
            source_name=marked(f"{state}outlet"), authors=[hidden_author],
            tags=[marked(f"{state}tag"), "customer experience"], featured=True,
            series=hidden_series if state == "draft" else shown_series,
            part_number=2 if state == "future" else 1, **overrides,
        )  # fmt: skip
        conversation = ConversationFactory(
            title=marked(f"{state}conversation"), slug=marked(f"{state}-conversation"),
            summary=marked(f"{state}convsummary"), interviewee_name=marked(f"{state}interviewee"),
            introduction=f"<p>{marked(state + 'intro')}</p>", **overrides,
        )  # fmt: skip
        ExchangeFactory(article=conversation, text=f"<p>{marked(state + 'exchange')}</p>")
        assert article.pk and conversation.pk

        event_overrides = {"status": "draft"} if state == "draft" else {"published_at": later}
        event = EventFactory(
            name=marked(f"{state}event"), slug=marked(f"{state}-event"),
            description=f"<p>{marked(state + 'eventdescription')}</p>",
            city=marked(f"{state}city"), **event_overrides,
        )  # fmt: skip
        speaker = SpeakerFactory(name=marked(f"{state}speaker"), slug=marked(f"{state}-speaker"))
        talk = TalkFactory(event=event, title=marked(f"{state}talk"),
                           abstract=f"<p>{marked(state + 'abstract')}</p>")  # fmt: skip
        TalkSpeakerFactory(talk=talk, speaker=speaker)

        PressReleaseFactory(
            title=marked(f"{state}release"), slug=marked(f"{state}-release"),
            summary=marked(f"{state}releasesummary"),
            body=f"<p>{marked(state + 'releasebody')}</p>",
            **({"status": "draft"} if state == "draft" else {"published_at": later}),
        )  # fmt: skip
    DraftFactory(title="Another draft")


def test_anonymous_crawl_finds_no_draft_or_scheduled_marker(client):
    call_command("seed_demo", verbosity=0)
    make_hidden_content()

    start = [
        "/", "/sitemap.xml", "/library/", "/conversations/", "/series/", "/events/", "/press/",
        "/library/feed/", "/library/feed/atom/", "/events/calendar.ics", "/press/feed/rss/",
        "/press/feed/atom/", f"/search/?q={MARKER}draftbody", f"/library/?q={MARKER}futuretitle",
        f"/search/?q={MARKER}", f"/library/?q={MARKER}", f"/search/?q={MARKER}futureevent",
        "/library/?featured=1", "/tags/customer-experience/", "/series/public-series/",
        "/series/public-series.pdf",
    ]  # fmt: skip
    for state in ("draft", "future"):
        start += [
            f"/library/{MARKER}{state}-article/", f"/library/{MARKER}{state}-article.pdf",
            f"/library/{MARKER}{state}-conversation/", f"/tags/{MARKER}{state}tag/",
            f"/tags/{MARKER}{state}tag/feed/", f"/events/{MARKER}{state}-event/",
            f"/events/{MARKER}{state}-event.ics", f"/speakers/{MARKER}{state}-speaker/",
            f"/press/releases/{MARKER}{state}-release/",
        ]  # fmt: skip
    start += [
        f"/authors/{MARKER}author/",
        f"/series/{MARKER}series/",
        f"/series/{MARKER}series.pdf",
    ]

    pages = crawl(client, start=start, limit=1500)

    assert len(pages) >= 100
    assert sum(1 for r in pages.values() if r["Content-Type"] == "application/pdf") >= 40
    leaks = {}
    for url, response in pages.items():
        # The address asked for is echoed back (search box, canonical link): not a leak.
        text = response_text(response).lower()
        for echoed in {url.lower(), unquote(url).lower(), *unquote(url).lower().split("=")}:
            text = text.replace(echoed, "")
        if MARKER in text:
            at = text.index(MARKER)
            leaks[url] = (response.status_code, text[max(0, at - 80) : at + 40])
    assert leaks == {}
    assert all(response.status_code < 500 for response in pages.values())
