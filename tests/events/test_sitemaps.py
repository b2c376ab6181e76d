import re

import pytest

from events.models import Event
from tests.events.factories import EventFactory, SpeakerFactory, TalkSpeakerFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_published_events_and_their_speakers_only(client):
    link = TalkSpeakerFactory(talk__event__slug="live", speaker__slug="on-stage")
    TalkSpeakerFactory(
        talk__event__slug="draft",
        talk__event__status=Event.Status.DRAFT,
        speaker__slug="backstage",
    )
    SpeakerFactory(slug="no-talks")
    EventFactory(slug="another-draft", status=Event.Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>http://testserver(/(?:events|speakers)/[^<]+)</loc>", xml)
    assert sorted(locations) == ["/events/live/", "/speakers/on-stage/"]
    assert link.talk.event.slug == "live"


def test_sitemap_sections_hold_the_querysets_rows():
    from datetime import timedelta

    from django.utils import timezone

    from events.models import Speaker
    from events.sitemaps import EventSitemap, SpeakerSitemap

    TalkSpeakerFactory(talk__event__slug="live", speaker__slug="zed")
    TalkSpeakerFactory(talk__event__slug="also-live", speaker__slug="amy")
    TalkSpeakerFactory(
        talk__event__slug="later",
        talk__event__published_at=timezone.now() + timedelta(hours=1),
        speaker__slug="soon",
    )
    TalkSpeakerFactory(talk__event__status=Event.Status.DRAFT, speaker__slug="backstage")
    events = Event.objects.published().order_by("-start", "-id")
    speakers = Speaker.objects.with_published_talks().order_by("name", "id")
    assert [row[0] for row in EventSitemap().items()] == [event.slug for event in events]
    assert [row[0] for row in SpeakerSitemap().items()] == [s.slug for s in speakers]
    assert [row[1] for row in SpeakerSitemap().items()] == [s.updated_at for s in speakers]
    assert sorted(s.slug for s in speakers) == ["amy", "zed"]
