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
