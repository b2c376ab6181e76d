import pytest

from events.models import Event, Talk
from events.services import duplicate_event_for_next_year
from tests.events.factories import EventFactory, TalkFactory, TalkSpeakerFactory, la

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit_2026():
    event = EventFactory(
        name="Council Summit 2026",
        slug="council-summit-2026",
        start=la(2026, 3, 5, 9),  # PST: the 2027 date is PST too
        end=la(2026, 3, 6, 17),
        attendees=120,
        countries=4,
        registration_url="https://example.org/2026",
    )
    talk = TalkFactory(
        event=event, title="Opening", start=la(2026, 3, 5, 9), end=la(2026, 3, 5, 10)
    )
    TalkSpeakerFactory(talk=talk, speaker__name="B", position=1)
    TalkSpeakerFactory(talk=talk, speaker__name="A", position=0)
    TalkFactory(event=event, title="Closing", start=la(2026, 3, 6, 16), end=la(2026, 3, 6, 17))
    return event


def test_duplicate_makes_a_draft_one_year_on(summit_2026, editor):
    copy = duplicate_event_for_next_year(event=summit_2026, user=editor)
    copy.refresh_from_db()
    assert (copy.name, copy.slug, copy.status) == (
        "Council Summit 2027",
        "council-summit-2027",
        Event.Status.DRAFT,
    )
    assert (copy.local_start, copy.local_end) == (la(2027, 3, 5, 9), la(2027, 3, 6, 17))
    assert (copy.attendees, copy.countries, copy.registration_url) == (None, None, "")
    assert copy.updated_by == editor
    assert (copy.venue, copy.city, copy.timezone) == (
        summit_2026.venue,
        summit_2026.city,
        "America/Los_Angeles",
    )


def test_duplicate_copies_talks_and_speakers_in_order(summit_2026, editor):
    copy = duplicate_event_for_next_year(event=summit_2026, user=editor)
    talks = list(Talk.objects.filter(event=copy).order_by("start"))
    assert [(t.title, t.local_start, t.local_end) for t in talks] == [
        ("Opening", la(2027, 3, 5, 9), la(2027, 3, 5, 10)),
        ("Closing", la(2027, 3, 6, 16), la(2027, 3, 6, 17)),
    ]
    assert [s.name for s in talks[0].speaker_list] == ["A", "B"]
    # The original is untouched.
    assert summit_2026.talks.count() == 2
    assert Event.objects.get(pk=summit_2026.pk).status == Event.Status.PUBLISHED


def test_duplicate_keeps_local_time_across_daylight_saving(editor):
    # Daylight saving starts on 8 March 2026 but 14 March 2027: the 12th is PDT, then PST.
    event = EventFactory(slug="spring", start=la(2026, 3, 12, 9), end=la(2026, 3, 12, 17))
    copy = duplicate_event_for_next_year(event=event, user=editor)
    assert (copy.local_start.hour, copy.local_start.tzname()) == (9, "PST")
    assert event.local_start.tzname() == "PDT"


def test_duplicate_slug_without_year_gets_one_and_stays_unique(editor):
    event = EventFactory(slug="cx-roundtable", name="CX Roundtable", start=la(2026, 6, 1, 9))
    first = duplicate_event_for_next_year(event=event, user=editor)
    second = duplicate_event_for_next_year(event=event, user=editor)
    assert (first.slug, second.slug) == ("cx-roundtable-2027", "cx-roundtable-2027-2")


def test_duplicate_leap_day_moves_to_28_february(editor):
    event = EventFactory(slug="leap", start=la(2028, 2, 29, 9), end=la(2028, 2, 29, 12))
    copy = duplicate_event_for_next_year(event=event, user=editor)
    assert copy.local_start == la(2029, 2, 28, 9)


def test_move_talks_to_zone_keeps_wall_clock_times_and_bumps_sequence():
    import zoneinfo
    from datetime import datetime

    chicago, los_angeles = (
        zoneinfo.ZoneInfo("America/Chicago"),
        zoneinfo.ZoneInfo("America/Los_Angeles"),
    )
    event = EventFactory(
        timezone="America/Chicago",
        start=datetime(2027, 5, 11, 8, 30, tzinfo=chicago),
        end=datetime(2027, 5, 11, 17, 0, tzinfo=chicago),
    )
    talk = TalkFactory(
        event=event,
        start=datetime(2027, 5, 11, 9, 0, tzinfo=chicago),
        end=datetime(2027, 5, 11, 9, 45, tzinfo=chicago),
    )
    sequence = Talk.objects.get(pk=talk.pk).sequence
    event.timezone = "America/Los_Angeles"
    event.save()

    from events.services import move_talks_to_zone

    assert move_talks_to_zone(event=event, old_zone="America/Chicago") == 1
    talk = Talk.objects.get(pk=talk.pk)
    assert talk.start.astimezone(los_angeles).replace(tzinfo=None) == datetime(2027, 5, 11, 9, 0)
    assert talk.end.astimezone(los_angeles).replace(tzinfo=None) == datetime(2027, 5, 11, 9, 45)
    assert talk.sequence == sequence + 1
