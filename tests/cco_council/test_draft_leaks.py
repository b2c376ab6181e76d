"""Drafts and scheduled items, marked with unique words in every field, never reach the public;
nor does a members-only item's text reach anyone but a current member.

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
from tests.members.factories import make_member

pytestmark = pytest.mark.django_db

MARKER = "zqxleak"
ALLAUTH = "allauth.account.auth_backends.AuthenticationBackend"


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
    call_command("seed_demo", force=True, verbosity=0)
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


# --- Members-only items ---------------------------------------------------------------------

MEMBER_MARKER = "zqxmember"


def secret(field):
    return f"{MEMBER_MARKER}{field}"


def public_paragraphs(*words):
    return "".join(f"<p>Open paragraph about {word} that anyone may read.</p>" for word in words)


def make_members_only_content():
    """Members-only items of every shape, a marker in every field that only members read.

    Title, summary, authors, tags and the teaser are public by design; every other text field
    (body, introduction and exchanges, beyond the teaser) carries a marker.
    """
    from members import services as member_services

    shared_tags = ["customer experience", "renewals"]
    ArticleFactory(title="An open item on renewals", tags=shared_tags)
    items = [
        # An explicit teaser: none of the body is public.
        ArticleFactory(
            title="Gated with a teaser", slug="gated-teaser", members_only=True,
            teaser="<p>The teaser everyone reads.</p>", tags=shared_tags,
            body=f"<p>{secret('teaserbody1')}</p><p>{secret('teaserbody2')}</p>",
        ),
        # No teaser: the first two paragraphs are public, the rest is not.
        ArticleFactory(
            title="Gated by paragraphs", slug="gated-paragraphs", members_only=True,
            tags=shared_tags,
            body=public_paragraphs("onboarding", "churn")
            + f"<h2>{secret('heading')}</h2><p>{secret('body3')}</p>"
            + f"<ul><li>{secret('listitem')}</li></ul><blockquote><p>{secret('quote')}</p>"
            "</blockquote>",
        ),
    ]  # fmt: skip
    conversation = ConversationFactory(
        title="Gated conversation", slug="gated-conversation", members_only=True,
        tags=shared_tags, interviewee_name="Pat Public",
        introduction=public_paragraphs("leadership", "trust") + f"<p>{secret('intro3')}</p>",
    )  # fmt: skip
    ExchangeFactory(
        article=conversation, text=f"<p>{secret('question')}</p>", speaker="interviewer"
    )
    ExchangeFactory(article=conversation, text=f"<p>{secret('answer')}</p>", speaker="interviewee")
    items.append(conversation)
    gated_series = SeriesFactory(title="A members-only series", slug="gated-series",
                                 members_only=True)  # fmt: skip
    for number in (1, 2):
        items.append(
            ArticleFactory(
                title=f"Gated series part {number}", slug=f"gated-series-{number}",
                series=gated_series, part_number=number, tags=shared_tags,
                teaser=f"<p>Part {number} in brief.</p>",
                body=f"<p>{secret(f'seriesbody{number}')}</p>",
            )
        )  # fmt: skip
    mixed = SeriesFactory(title="A mixed series", slug="mixed-series")
    ArticleFactory(title="Mixed open part", slug="mixed-open", series=mixed, part_number=1)
    items.append(
        ArticleFactory(
            title="Mixed gated part", slug="mixed-gated", series=mixed, part_number=2,
            members_only=True, teaser="<p>In brief.</p>", body=f"<p>{secret('mixedbody')}</p>",
        )
    )  # fmt: skip
    # A recap of an event that is members-only: the event page and its .ics link to it.
    EventFactory(
        name="Summit with a gated recap", slug="gated-recap-summit", recap_article=items[0]
    )
    lapsed = make_member(name="Lee Lapsed", email="lee@example.com")
    member_services.set_digest_preference(member=lapsed, opt_in=True)
    member_services.lapse_membership(member=lapsed)
    current = make_member(name="Cam Current", email="cam@example.com")
    member_services.set_digest_preference(member=current, opt_in=True)
    return items, lapsed.user, current.user


MEMBER_START = [
    "/", "/sitemap.xml", "/library/", "/library/?access=members", "/library/?access=open",
    "/conversations/", "/series/", "/events/", "/press/", "/library/feed/",
    "/library/feed/atom/", "/events/calendar.ics", "/tags/customer-experience/",
    "/tags/customer-experience/feed/", "/tags/renewals/", "/series/gated-series/",
    "/series/gated-series.pdf", "/series/mixed-series/", "/series/mixed-series.pdf",
    "/events/gated-recap-summit/", "/events/gated-recap-summit.ics",
    f"/search/?q={MEMBER_MARKER}", f"/library/?q={MEMBER_MARKER}",
] + [
    url
    for slug in ("gated-teaser", "gated-paragraphs", "gated-conversation", "gated-series-1",
                 "gated-series-2", "mixed-gated")
    for url in (f"/library/{slug}/", f"/library/{slug}.pdf", f"/library/{slug}.pdf?preview=1",
                f"/library/{slug}/preview/")
] + [
    f"/search/?q={MEMBER_MARKER}{field}"
    for field in ("teaserbody1", "body3", "intro3", "answer", "seriesbody1", "mixedbody")
] + ["/library/?q=gated", "/search/?q=gated", "/search/?q=onboarding+churn"]  # fmt: skip


def markers_in(pages: dict, marker: str) -> dict:
    found = {}
    for url, response in pages.items():
        text = response_text(response).lower()
        for echoed in {url.lower(), unquote(url).lower(), *unquote(url).lower().split("=")}:
            text = text.replace(echoed, "")
        if marker in text:
            at = text.index(marker)
            found[url] = (response.status_code, text[max(0, at - 80) : at + 40])
    return found


def outputs_by_kind(pages: dict) -> dict:
    kinds = {}
    for response in pages.values():
        content_type = response.get("Content-Type", "").split(";")[0]
        kinds[content_type] = kinds.get(content_type, 0) + 1
    return kinds


def digest_texts(user) -> list[str]:
    from members import services as member_services

    now = timezone.now()
    message = member_services.build_digest_message(
        user=user, start=now - timedelta(days=7), end=now, week=now.date()
    )
    if message is None:
        return []
    return [message.subject, message.body, *(content for content, _ in message.alternatives)]


def test_members_only_text_reaches_members_only(client, mailoutbox):
    from django.test import Client

    from members import services as member_services

    call_command("seed_demo", force=True, verbosity=0)
    items, lapsed, current = make_members_only_content()

    report = {}
    for who in ("anonymous", "lapsed member"):
        reader = Client()
        if who == "lapsed member":
            reader.force_login(lapsed, backend=ALLAUTH)
        pages = crawl(reader, start=MEMBER_START, limit=1500)
        report[who] = (len(pages), outputs_by_kind(pages), markers_in(pages, MEMBER_MARKER))
        assert report[who][2] == {}, who
        assert all(response.status_code < 500 for response in pages.values())
        assert len(pages) >= 100
        assert sum(1 for r in pages.values() if r["Content-Type"] == "application/pdf") >= 30
        if who == "lapsed member":
            # Not one page answered to a signed-in reader may be kept by a shared cache.
            assert {
                url for url, r in pages.items() if "no-store" not in r.get("Cache-Control", "")
            } == set()

    # E-mails: the digest as a lapsed member would get it, and what the worker sent to the
    # members on its weekly run (the lapsed one gets none).
    digest = member_services.open_digest(now=timezone.now())
    mailoutbox.clear()
    member_services.send_digest(digest=digest)
    # The demo member and the current one; never the lapsed one.
    assert sorted(mail.to for mail in mailoutbox) == [
        ["alex.morgan@example.com"],
        ["cam@example.com"],
    ]
    emails = [*digest_texts(lapsed)] + [
        text
        for mail in mailoutbox
        for text in (mail.subject, mail.body, *(c for c, _ in mail.alternatives))
    ]
    assert [text for text in emails if MEMBER_MARKER in text] == []
    assert digest.pk

    # A current member reads it all: every marker is on the pages and in the PDFs.
    reader = Client()
    reader.force_login(current, backend=ALLAUTH)
    member_pages = {url: reader.get(url) for url in MEMBER_START if "preview" not in url}
    found = markers_in(member_pages, MEMBER_MARKER)
    full_text = " ".join(response_text(r) for r in member_pages.values())
    every_marker = {
        secret(field)
        for field in ("teaserbody1", "teaserbody2", "heading", "body3", "listitem", "quote",
                      "intro3", "question", "answer", "seriesbody1", "seriesbody2", "mixedbody")
    }  # fmt: skip
    assert {marker for marker in every_marker if marker in full_text} == every_marker
    assert {url for url in found if url.endswith(".pdf")} >= {
        "/library/gated-teaser.pdf",
        "/series/gated-series.pdf",
        "/series/mixed-series.pdf",
    }
    print(
        "\nmembers-only crawl:",
        {who: {"requests": n, "outputs": kinds, "markers found": len(markers)}
         for who, (n, kinds, markers) in report.items()},
        f"e-mails checked: {len(emails)}, markers in them: 0;",
        f"member: {len(member_pages)} requests, {len(found)} with full text",
    )  # fmt: skip
