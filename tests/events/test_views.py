import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from events.models import Event
from tests.articles.factories import ArticleFactory, AuthorFactory
from tests.events.factories import (
    EventFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
    la,
)

pytestmark = pytest.mark.django_db


def warm_site_wide_caches(client):
    """The footer's media contact is cached site-wide: load it once so counts are our own."""
    client.get("/events/")


def past_event(**kwargs):
    kwargs.setdefault("start", la(2015, 5, 14, 9))
    kwargs.setdefault("end", la(2015, 5, 14, 17))
    return EventFactory(**kwargs)


def names_in(html: str, css_class: str) -> list[str]:
    section = html.split(css_class, 1)[1]
    return re.findall(r'<h3><a href="/events/[^"]+/">([^<]+)</a></h3>', section)


# --- Event list --------------------------------------------------------------------------


def test_event_list_upcoming_soonest_first_then_past_by_year(client):
    now = timezone.now()
    later = EventFactory(name="Later", start=now + timedelta(days=90))
    sooner = EventFactory(name="Sooner", start=now + timedelta(days=10))
    old = past_event(name="Old", start=la(2015, 5, 14, 9), end=la(2015, 5, 14, 17))
    older = past_event(name="Older", start=la(2014, 3, 1, 9), end=la(2014, 3, 1, 17))
    recent = past_event(name="Recent", start=la(2015, 10, 1, 9), end=la(2015, 10, 1, 17))
    EventFactory(name="Draft", status=Event.Status.DRAFT)

    response = client.get("/events/")
    assert response.status_code == 200
    assert list(response.context["upcoming_events"]) == [sooner, later]
    assert response.context["past_years"] == [(2015, [recent, old]), (2014, [older])]
    html = response.content.decode()
    assert names_in(html, 'id="upcoming-heading"') == [
        "Sooner",
        "Later",
        "Recent",
        "Old",
        "Older",
    ]
    assert "Draft" not in html


def test_event_list_year_filter(client):
    past_event(name="Old", start=la(2015, 5, 14, 9), end=la(2015, 5, 14, 17))
    past_event(name="Older", start=la(2014, 3, 1, 9), end=la(2014, 3, 1, 17))
    response = client.get("/events/?year=2014")
    assert response.status_code == 200
    assert [
        (year, [e.name for e in events]) for year, events in response.context["past_years"]
    ] == [(2014, ["Older"])]


@pytest.mark.parametrize("year", ["abc", "20155", "", "-1", "２０１５", "2015\n"])
def test_event_list_malformed_year_is_404(client, year):
    assert client.get("/events/", {"year": year}).status_code == 404


def test_event_list_query_count_fixed(client, django_assert_num_queries):
    EventFactory()
    past_event()
    warm_site_wide_caches(client)
    # The published events, split into upcoming and past.
    with django_assert_num_queries(1):
        client.get("/events/")
    for _ in range(2):
        EventFactory()
        past_event()
    with django_assert_num_queries(1):
        response = client.get("/events/")
    assert len(response.context["upcoming_events"]) == 3


# --- Event page --------------------------------------------------------------------------


@pytest.fixture
def summit():
    event = past_event(
        slug="customer-success-summit",
        name="Customer Success Summit",
        organiser="Totango",
        attendees=400,
        countries=8,
    )
    keynote = TalkFactory(
        event=event, title="Manifesto", start=la(2015, 5, 14, 9), end=la(2015, 5, 14, 9, 40)
    )
    TalkSpeakerFactory(talk=keynote, speaker__name="Guy Nirpaz", speaker__slug="guy-nirpaz")
    second = TalkFactory(
        event=event, title="The CCO's job", start=la(2015, 5, 14, 10), end=la(2015, 5, 14, 10, 45)
    )
    TalkSpeakerFactory(talk=second, speaker__name="Jeanne Bliss", speaker__slug="jeanne-bliss")
    return event


def test_event_page_shows_times_in_the_events_zone(client, summit):
    html = client.get("/events/customer-success-summit/").content.decode()
    assert "Thursday, May 14, 2015, 9:00 AM – 5:00 PM PDT" in html
    assert "9:00 AM – 9:40 AM PDT" in html
    assert "10:00 AM – 10:45 AM PDT" in html
    assert "All times are in the event's time zone, America/Los_Angeles." in html


def test_event_page_agenda_by_day_in_order(client, summit):
    response = client.get("/events/customer-success-summit/")
    agenda = response.context["agenda"]
    assert [(day.isoformat(), [t.title for t in talks]) for day, talks in agenda] == [
        ("2015-05-14", ["Manifesto", "The CCO's job"])
    ]
    assert [s.name for s in response.context["speakers"]] == ["Guy Nirpaz", "Jeanne Bliss"]


def test_event_page_agenda_day_follows_local_date(client):
    # 11 PM in Los Angeles is already the next day in UTC and in New York.
    event = EventFactory(start=la(2027, 5, 14, 9), end=la(2027, 5, 15, 17))
    TalkFactory(event=event, title="Late", start=la(2027, 5, 14, 23), end=la(2027, 5, 14, 23, 30))
    TalkFactory(event=event, title="Next", start=la(2027, 5, 15, 9), end=la(2027, 5, 15, 10))
    agenda = client.get(event.get_absolute_url()).context["agenda"]
    assert [(day.isoformat(), [t.title for t in talks]) for day, talks in agenda] == [
        ("2027-05-14", ["Late"]),
        ("2027-05-15", ["Next"]),
    ]


def test_past_event_says_so_instead_of_registration(client, summit):
    html = client.get(summit.get_absolute_url()).content.decode()
    assert "This event has passed." in html
    assert "https://example.org/register" not in html


def test_upcoming_event_links_registration(client):
    event = EventFactory(registration_url="https://example.org/register-now")
    html = client.get(event.get_absolute_url()).content.decode()
    assert '<a class="button" href="https://example.org/register-now" rel="noopener">' in html
    assert "This event has passed." not in html


def test_event_page_key_figures(client, summit):
    html = client.get(summit.get_absolute_url()).content.decode()
    assert "<dt>Attendees</dt><dd>400</dd>" in html
    assert "<dt>Countries</dt><dd>8</dd>" in html


def test_event_page_recap_only_when_article_published(client, summit):
    article = ArticleFactory(title="Recap of the summit", status=Article.Status.DRAFT)
    summit.recap_article = article
    summit.save()
    response = client.get(summit.get_absolute_url())
    assert response.context["recap_article"] is None
    assert "Recap of the summit" not in response.content.decode()

    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now() - timedelta(minutes=1)
    article.save()
    response = client.get(summit.get_absolute_url())
    assert response.context["recap_article"] == article


def test_event_page_jsonld(client, summit):
    html = client.get(summit.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2015-05-14T09:00:00-07:00"
    assert data["endDate"] == "2015-05-14T17:00:00-07:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["organizer"] == {"@type": "Organization", "name": "Totango"}
    assert data["location"] == {
        "@type": "Place",
        "name": "Moscone West",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "800 Howard Street",
            "addressLocality": "San Francisco",
            "addressCountry": "US",
        },
    }
    assert [p["name"] for p in data["performer"]] == ["Guy Nirpaz", "Jeanne Bliss"]


def test_event_page_jsonld_escapes_script_breakers(client):
    event = EventFactory(name="</script><script>alert(1)</script> & more")
    html = client.get(event.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in raw
    assert json.loads(raw)["name"] == "</script><script>alert(1)</script> & more"


def test_online_event_jsonld(client):
    event = EventFactory(kind=Event.Kind.WEBINAR, online=True, venue="", address="", city="")
    html = client.get(event.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/register"}


def test_event_page_links_calendar_file(client, summit):
    html = client.get(summit.get_absolute_url()).content.decode()
    assert 'href="/events/customer-success-summit.ics" download>Add to calendar (.ics)</a>' in html


def test_draft_scheduled_and_unknown_events_404(client):
    EventFactory(slug="draft", status=Event.Status.DRAFT)
    EventFactory(slug="scheduled", published_at=timezone.now() + timedelta(days=1))
    assert client.get("/events/draft/").status_code == 404
    assert client.get("/events/scheduled/").status_code == 404
    assert client.get("/events/no-such-event/").status_code == 404
    assert client.get("/events/bad%20slug!/").status_code == 404


def test_event_page_query_count_fixed(client, django_assert_num_queries):
    one = EventFactory()
    TalkSpeakerFactory(talk__event=one)
    many = EventFactory()
    for _ in range(3):
        TalkSpeakerFactory(talk__event=many)
    warm_site_wide_caches(client)
    # The event with its talks, speakers and recap; the press room's contact for the event.
    with django_assert_num_queries(2):
        client.get(one.get_absolute_url())
    with django_assert_num_queries(2):
        response = client.get(many.get_absolute_url())
    assert len(response.context["speakers"]) == 3


# --- Speaker page ------------------------------------------------------------------------


def test_speaker_page_lists_talks_at_published_events_only(client):
    speaker = SpeakerFactory(slug="jeanne-bliss", name="Jeanne Bliss")
    public = TalkSpeakerFactory(speaker=speaker, talk__title="Public talk").talk
    TalkSpeakerFactory(
        speaker=speaker, talk__title="Secret talk", talk__event__status=Event.Status.DRAFT
    )
    response = client.get("/speakers/jeanne-bliss/")
    assert response.status_code == 200
    assert response.context["talks"] == [public]
    assert "Secret talk" not in response.content.decode()


def test_speaker_with_only_draft_talks_is_404(client):
    TalkSpeakerFactory(speaker__slug="hidden", talk__event__status=Event.Status.DRAFT)
    SpeakerFactory(slug="no-talks")
    assert client.get("/speakers/hidden/").status_code == 404
    assert client.get("/speakers/no-talks/").status_code == 404
    assert client.get("/speakers/nobody/").status_code == 404


def test_speaker_page_lists_published_articles_of_the_same_author(client):
    author = AuthorFactory(name="Jasmine Green")
    speaker = TalkSpeakerFactory(speaker__slug="jasmine-green", speaker__author=author).speaker
    published = ArticleFactory(title="Loyalty at Nationwide", authors=[author])
    ArticleFactory(title="Unfinished piece", status=Article.Status.DRAFT, authors=[author])
    response = client.get(speaker.get_absolute_url())
    assert response.context["articles"] == [published]
    html = response.content.decode()
    assert "Loyalty at Nationwide" in html
    assert "Unfinished piece" not in html


def test_speaker_page_query_count_fixed(client, django_assert_num_queries):
    author = AuthorFactory()
    one = SpeakerFactory(author=author)
    TalkSpeakerFactory(speaker=one)
    ArticleFactory(authors=[author])
    other_author = AuthorFactory()
    many = SpeakerFactory(author=other_author)
    for _ in range(3):
        link = TalkSpeakerFactory(speaker=many)
        TalkSpeakerFactory(talk=link.talk, position=1)
        ArticleFactory(authors=[other_author])
    warm_site_wide_caches(client)
    # The speaker with their talks (each with its event and speakers) and their articles.
    with django_assert_num_queries(1):
        client.get(one.get_absolute_url())
    with django_assert_num_queries(1):
        response = client.get(many.get_absolute_url())
    assert len(response.context["talks"]) == 3
    assert len(response.context["articles"]) == 3


def test_event_pages_reject_post(client):
    event = EventFactory()
    assert client.post("/events/").status_code == 405
    assert client.post(event.get_absolute_url()).status_code == 405


@pytest.mark.parametrize("position", [0, 1, 2])
def test_speaker_page_names_the_other_speakers_of_a_talk_without_a_stray_comma(client, position):
    # The page's own speaker first, in the middle or last on the talk's billing.
    speaker = SpeakerFactory(name="Jeanne Bliss")
    talk = TalkFactory(title="A panel")
    others = iter([SpeakerFactory(name="Ana Souza"), SpeakerFactory(name="Guy Nirpaz")])
    for index in range(3):
        billed = speaker if index == position else next(others)
        TalkSpeakerFactory(talk=talk, speaker=billed, position=index)

    html = client.get(speaker.get_absolute_url()).content.decode()

    line = re.search(r'<p class="meta">With (.*?)</p>', html).group(1)
    assert re.sub(r"<[^>]+>", "", line) == "Ana Souza and Guy Nirpaz"
