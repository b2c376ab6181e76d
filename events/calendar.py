"""iCalendar files: one event with its talks, and the feed of every published event.

UIDs are built from primary keys, so they stay the same whatever editors change; SEQUENCE
comes from the models' ``sequence`` (raised on every schedule change) and LAST-MODIFIED from
``updated_at``, which is what calendar apps look at to replace the copy they hold.
Times are written in the event's own zone (TZID) with a matching VTIMEZONE.

Every text property is given as an icalendar ``vText`` (``vUri`` for links), which escapes
line breaks, commas and semicolons: a property icalendar does not know (X-WR-CALNAME) would
otherwise be written raw, and a line break in an event's name would start a property of its
own. One-line properties (names, places) have their line breaks collapsed, and no property
carries a control character, which RFC 5545 text does not allow, whatever is stored.
"""

from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import strip_tags
from icalendar import Calendar, vDuration, vText, vUri
from icalendar import Event as VEvent

from cco_council.core.text import plain_text, single_line

PRODID = "-//CCO Council//Events//EN"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(event) -> str:
    return f"event-{event.pk}@{_host()}"


def talk_uid(talk) -> str:
    return f"talk-{talk.pk}@{_host()}"


def _plain(html: str) -> str:
    return unescape(strip_tags(html or "")).strip()


def _line(value: str) -> vText:
    """A one-line text property."""
    return vText(single_line(value))


def _text(value: str) -> vText:
    """A text property that may run over several lines."""
    return vText(plain_text(value))


def _new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", vText(PRODID))
    calendar.add("version", vText("2.0"))
    calendar.add("calscale", vText("GREGORIAN"))
    calendar.add("method", vText("PUBLISH"))
    calendar.add("x-wr-calname", _line(name))
    return calendar


def _event_component(event) -> VEvent:
    url = settings.SITE_URL + event.get_absolute_url()
    component = VEvent()
    component.add("uid", vText(event_uid(event)))
    component.add("summary", _line(event.name))
    component.add("dtstart", event.local_start)
    component.add("dtend", event.local_end)
    component.add("dtstamp", event.updated_at)
    component.add("last-modified", event.updated_at)
    component.add("sequence", event.sequence)
    component.add("status", vText("CONFIRMED"))
    component.add("url", vUri(url))
    location = event.location_line or ("Online" if event.online else "")
    if location:
        component.add("location", _line(location))
    description = _plain(event.description)
    component.add("description", _text(f"{description}\n\n{url}".strip()))
    return component


def _talk_component(talk, event) -> VEvent:
    url = settings.SITE_URL + event.get_absolute_url() + f"#talk-{talk.pk}"
    speakers = ", ".join(speaker.name for speaker in talk.speaker_list)
    component = VEvent()
    component.add("uid", vText(talk_uid(talk)))
    component.add("summary", _line(f"{talk.title} ({speakers})" if speakers else talk.title))
    component.add("dtstart", talk.start.astimezone(event.tzinfo))
    component.add("dtend", talk.end.astimezone(event.tzinfo))
    component.add("dtstamp", talk.updated_at)
    component.add("last-modified", talk.updated_at)
    component.add("sequence", talk.sequence)
    component.add("status", vText("CONFIRMED"))
    component.add("url", vUri(url))
    location = ", ".join(part for part in (talk.room, event.location_line) if part)
    if location:
        component.add("location", _line(location))
    lines = [single_line(f"{talk.get_kind_display()} at {event.name}")]
    if speakers:
        lines.append(single_line(f"Speakers: {speakers}"))
    abstract = _plain(talk.abstract)
    if abstract:
        lines.append(abstract)
    lines.append(url)
    component.add("description", _text("\n\n".join(lines)))
    component.add("related-to", vText(event_uid(event)), parameters={"reltype": "PARENT"})
    return component


def _add_timezones(calendar: Calendar, events) -> None:
    """VTIMEZONE for every zone used, with its rules around the events' dates only.

    The default span (1970-2038) lists decades of transitions in each file.
    """
    if events:
        first = min(event.start for event in events).date() - timedelta(days=400)
        last = max(event.end for event in events).date() + timedelta(days=400)
        calendar.add_missing_timezones(first_date=first, last_date=last)


def build_event_calendar(event) -> bytes:
    """The event and its talks (prefetched by ``with_agenda()``) as one .ics file."""
    calendar = _new_calendar(event.name)
    calendar.add("x-wr-timezone", _line(event.timezone))
    calendar.add_component(_event_component(event))
    for talk in event.talks.all():
        calendar.add_component(_talk_component(talk, event))
    _add_timezones(calendar, [event])
    return calendar.to_ical()


def build_feed(events) -> bytes:
    """Every event given (the published ones) as a subscribable calendar."""
    calendar = _new_calendar(f"{settings.SITE_NAME} events")
    calendar.add(
        "x-wr-caldesc",
        _line(f"Summits, webinars and roundtables of the {settings.SITE_NAME}."),
    )
    # Subscribed calendars refresh on their own; once a day is plenty for an events list.
    calendar.add("refresh-interval", timedelta(days=1), parameters={"value": "DURATION"})
    calendar.add("x-published-ttl", vDuration(timedelta(days=1)))
    events = list(events)
    for event in events:
        calendar.add_component(_event_component(event))
    _add_timezones(calendar, events)
    return calendar.to_ical()
