from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from events.models import Event, Speaker, Talk
from tests.events.factories import (
    EventFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
    la,
)

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_scheduled_events():
    live = EventFactory()
    EventFactory(status=Event.Status.DRAFT)
    EventFactory(published_at=timezone.now() + timedelta(hours=1))
    assert list(Event.objects.published()) == [live]


def test_upcoming_and_past_split_by_end_time():
    now = timezone.now()
    past = EventFactory(start=now - timedelta(days=3), end=now - timedelta(days=2))
    running = EventFactory(start=now - timedelta(hours=1), end=now + timedelta(hours=1))
    later = EventFactory(start=now + timedelta(days=9), end=now + timedelta(days=10))
    assert list(Event.objects.upcoming()) == [running, later]
    assert list(Event.objects.past()) == [past]


def test_event_slug_filled_from_name_and_made_unique():
    first = EventFactory(name="Customer Success Summit", slug="")
    second = EventFactory(name="Customer Success Summit", slug="")
    assert (first.slug, second.slug) == ("customer-success-summit", "customer-success-summit-2")


def test_event_slug_never_takes_the_calendar_feed_address():
    event = EventFactory(name="Calendar", slug="")
    assert event.slug == "calendar-event"
    event.slug = "calendar"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict["slug"] == ["That address is taken by the calendar feed."]


def test_description_and_abstract_sanitized_on_save():
    event = EventFactory(description='<p onclick="x()">Hi<script>alert(1)</script></p>')
    talk = TalkFactory(event=event, abstract='<a href="javascript:alert(1)">x</a>')
    event.refresh_from_db()
    talk.refresh_from_db()
    assert event.description == "<p>Hi</p>"
    assert talk.abstract == '<a rel="noopener noreferrer">x</a>'


def test_timezone_must_be_an_iana_name():
    event = EventFactory.build(timezone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError) as error:
        event.full_clean(exclude=["slug"])
    assert list(error.value.message_dict) == ["timezone"]


@pytest.mark.parametrize("value", ["", "../../etc/passwd", "America/Los_Angeles\x00"])
def test_timezone_rejects_malformed_names(value):
    event = EventFactory.build(timezone=value)
    with pytest.raises(ValidationError):
        event.full_clean(exclude=["slug"])


def test_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        EventFactory(start=la(2027, 5, 14, 9), end=la(2027, 5, 14, 8))


def test_local_times_in_the_events_own_zone():
    event = EventFactory(start=la(2027, 5, 14, 9), end=la(2027, 5, 14, 17))
    event.refresh_from_db()
    assert event.start.utcoffset() == timedelta(0)
    assert (event.local_start.hour, event.local_start.tzname()) == (9, "PDT")


def test_sequence_bumps_only_when_schedule_changes():
    event = EventFactory(start=la(2027, 5, 14, 9), end=la(2027, 5, 14, 17))
    event = Event.objects.get(pk=event.pk)
    event.description = "<p>Now with lunch.</p>"
    event.save()
    assert event.sequence == 0
    event.start = la(2027, 5, 14, 10)
    event.save()
    event.refresh_from_db()
    assert event.sequence == 1
    event = Event.objects.get(pk=event.pk)
    event.city = "Oakland"
    event.save()
    assert Event.objects.get(pk=event.pk).sequence == 2


def test_talk_sequence_bumps_when_moved():
    talk = TalkFactory()
    talk = Talk.objects.get(pk=talk.pk)
    talk.title = "A better title"
    talk.save()
    assert talk.sequence == 0
    talk.end = talk.end + timedelta(minutes=15)
    talk.save()
    assert Talk.objects.get(pk=talk.pk).sequence == 1


def test_speakers_with_published_talks_excludes_draft_only_speakers():
    public = TalkSpeakerFactory().speaker
    TalkSpeakerFactory(talk__event__status=Event.Status.DRAFT)
    SpeakerFactory()
    assert list(Speaker.objects.with_published_talks()) == [public]


def test_speaker_list_in_billed_order():
    talk = TalkFactory()
    second = TalkSpeakerFactory(talk=talk, position=2, speaker__name="Zed").speaker
    first = TalkSpeakerFactory(talk=talk, position=1, speaker__name="Amy").speaker
    assert talk.speaker_list == [first, second]


def test_str_and_urls():
    talk = TalkFactory(event__slug="summit", title="Keynote")
    speaker = SpeakerFactory(slug="jeanne-bliss", name="Jeanne Bliss")
    assert str(talk.event) == talk.event.name
    assert str(speaker) == "Jeanne Bliss"
    assert talk.event.get_absolute_url() == "/events/summit/"
    assert talk.event.get_ics_url() == "/events/summit.ics"
    assert talk.get_absolute_url() == f"/events/summit/#talk-{talk.pk}"
    assert speaker.get_absolute_url() == "/speakers/jeanne-bliss/"
