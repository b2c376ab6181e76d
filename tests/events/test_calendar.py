import zoneinfo
from datetime import datetime

import pytest
from icalendar import Calendar

from events.models import Event, Talk
from tests.events.factories import EventFactory, TalkFactory, TalkSpeakerFactory, la

pytestmark = pytest.mark.django_db

LOS_ANGELES = zoneinfo.ZoneInfo("America/Los_Angeles")


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def vevents(calendar):
    return {str(component["UID"]): component for component in calendar.walk("VEVENT")}


@pytest.fixture
def summit():
    event = EventFactory(
        slug="customer-success-summit",
        name="Customer Success Summit",
        start=la(2027, 5, 14, 8, 30),
        end=la(2027, 5, 14, 17),
    )
    talk = TalkFactory(
        event=event, title="The CCO's job", start=la(2027, 5, 14, 9), end=la(2027, 5, 14, 9, 45)
    )
    TalkSpeakerFactory(talk=talk, speaker__name="Jeanne Bliss")
    return event


def test_event_ics_headers(client, summit):
    response, _ = fetch(client, "/events/customer-success-summit.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="customer-success-summit.ics"'


def test_event_ics_times_parse_back_in_the_events_zone(client, summit):
    talk = summit.talks.get()
    _, calendar = fetch(client, summit.get_ics_url())
    components = vevents(calendar)
    assert set(components) == {f"event-{summit.pk}@127.0.0.1", f"talk-{talk.pk}@127.0.0.1"}
    talk_start = components[f"talk-{talk.pk}@127.0.0.1"].decoded("DTSTART")
    assert talk_start == datetime(2027, 5, 14, 9, tzinfo=LOS_ANGELES)
    assert (talk_start.hour, talk_start.minute, str(talk_start.tzinfo)) == (
        9,
        0,
        "America/Los_Angeles",
    )
    assert components[f"talk-{talk.pk}@127.0.0.1"]["DTSTART"].params["TZID"] == (
        "America/Los_Angeles"
    )
    event_end = components[f"event-{summit.pk}@127.0.0.1"].decoded("DTEND")
    assert event_end == datetime(2027, 5, 14, 17, tzinfo=LOS_ANGELES)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Los_Angeles"]


def test_event_ics_talk_summary_names_speakers(client, summit):
    talk = summit.talks.get()
    _, calendar = fetch(client, summit.get_ics_url())
    component = vevents(calendar)[f"talk-{talk.pk}@127.0.0.1"]
    assert str(component["SUMMARY"]) == "The CCO's job (Jeanne Bliss)"
    assert str(component["RELATED-TO"]) == f"event-{summit.pk}@127.0.0.1"


def test_uids_stable_and_sequence_bumped_after_schedule_edit(client, summit):
    talk = summit.talks.get()
    _, before = fetch(client, summit.get_ics_url())

    event = Event.objects.get(pk=summit.pk)
    event.name = "Customer Success Summit (renamed)"
    event.start = la(2027, 5, 14, 9, 30)
    event.save()
    moved = Talk.objects.get(pk=talk.pk)
    moved.start, moved.end = la(2027, 5, 14, 10), la(2027, 5, 14, 10, 45)
    moved.save()

    _, after = fetch(client, summit.get_ics_url())
    old, new = vevents(before), vevents(after)
    assert set(old) == set(new)
    event_uid, talk_uid = f"event-{summit.pk}@127.0.0.1", f"talk-{talk.pk}@127.0.0.1"
    assert (old[event_uid]["SEQUENCE"], new[event_uid]["SEQUENCE"]) == (0, 1)
    assert (old[talk_uid]["SEQUENCE"], new[talk_uid]["SEQUENCE"]) == (0, 1)
    assert new[talk_uid].decoded("DTSTART") == datetime(2027, 5, 14, 10, tzinfo=LOS_ANGELES)
    event.refresh_from_db()
    assert new[event_uid].decoded("LAST-MODIFIED") == event.updated_at.replace(microsecond=0)
    assert new[event_uid].decoded("DTSTAMP") == event.updated_at.replace(microsecond=0)


def test_event_ics_of_draft_or_unknown_event_is_404(client):
    EventFactory(slug="secret", status=Event.Status.DRAFT)
    assert client.get("/events/secret.ics").status_code == 404
    assert client.get("/events/nothing-here.ics").status_code == 404


def test_feed_lists_published_events_only(client, summit):
    draft = EventFactory(status=Event.Status.DRAFT, name="Hidden")
    other = EventFactory(
        name="Webinar",
        timezone="Europe/London",
        start=datetime(2027, 9, 1, 16, tzinfo=zoneinfo.ZoneInfo("Europe/London")),
        end=datetime(2027, 9, 1, 17, tzinfo=zoneinfo.ZoneInfo("Europe/London")),
    )
    response, calendar = fetch(client, "/events/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="cco-council-events.ics"'
    components = vevents(calendar)
    assert sorted(components) == sorted(
        [f"event-{summit.pk}@127.0.0.1", f"event-{other.pk}@127.0.0.1"]
    )
    assert f"event-{draft.pk}@127.0.0.1" not in components
    london_start = components[f"event-{other.pk}@127.0.0.1"].decoded("DTSTART")
    assert (london_start.hour, str(london_start.tzinfo)) == (16, "Europe/London")
    assert sorted(str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")) == [
        "America/Los_Angeles",
        "Europe/London",
    ]
    assert str(calendar["X-WR-CALNAME"]) == "CCO Council events"


def test_feed_empty_is_still_a_calendar(client):
    _, calendar = fetch(client, "/events/calendar.ics")
    assert calendar.walk("VEVENT") == []


def test_ics_rejects_post(client, summit):
    assert client.post(summit.get_ics_url()).status_code == 405


def test_ics_answers_head(client, summit):
    assert client.head(summit.get_ics_url()).status_code == 200
    assert client.head("/events/calendar.ics").status_code == 200


INJECTION = "\r\nX-INJECT:1\r\nBEGIN:VALARM"


def property_names(calendar):
    return {name for component in calendar.walk() for name in component}


def test_line_breaks_stored_in_an_event_never_become_calendar_properties(client, summit):
    # Stored past the admin's validation (a shell, an import, a row from before it).
    talk = summit.talks.get()
    Event.objects.filter(pk=summit.pk).update(
        name=f"Summit{INJECTION}", venue=f"Hall{INJECTION}", city="San\u2028Francisco"
    )
    Talk.objects.filter(pk=talk.pk).update(title=f"Keynote{INJECTION}", room=f"A{INJECTION}")
    response, calendar = fetch(client, summit.get_ics_url())
    assert "X-INJECT" not in property_names(calendar)
    assert calendar.walk("VALARM") == []
    lines = response.content.decode().split("\r\n")
    assert [line for line in lines if line.startswith(("X-INJECT", "BEGIN:VALARM"))] == []
    assert str(calendar["X-WR-CALNAME"]) == "Summit X-INJECT:1 BEGIN:VALARM"
    components = vevents(calendar)
    event = components[f"event-{summit.pk}@127.0.0.1"]
    assert str(event["SUMMARY"]) == "Summit X-INJECT:1 BEGIN:VALARM"
    assert str(event["LOCATION"]) == (
        "Hall X-INJECT:1 BEGIN:VALARM, 800 Howard Street, San Francisco, US"
    )
    assert str(components[f"talk-{talk.pk}@127.0.0.1"]["SUMMARY"]) == (
        "Keynote X-INJECT:1 BEGIN:VALARM (Jeanne Bliss)"
    )


def test_control_characters_stored_in_an_event_are_left_out_of_calendars(client, summit):
    Event.objects.filter(pk=summit.pk).update(
        name="Summit\x1b[2J\x7f\ufffe", description="<p>Day\x1b one\x0b</p>"
    )
    for url in (summit.get_ics_url(), "/events/calendar.ics"):
        response, calendar = fetch(client, url)
        text = response.content.decode()
        assert [char for char in "\x1b\x7f\x0b\ufffe" if char in text] == []
        event = vevents(calendar)[f"event-{summit.pk}@127.0.0.1"]
        assert str(event["SUMMARY"]) == "Summit[2J"
        assert str(event["DESCRIPTION"]).startswith("Day one\n\n")
