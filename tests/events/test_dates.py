"""events.dates writes what the ``date`` filter wrote with the same formats."""

import zoneinfo
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.utils.dateformat import format as dateformat

from events.dates import event_dates, event_when, long_day, talk_time

ZONES = ["America/Los_Angeles", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]
MOMENTS = [
    (2027, 5, 14, 0, 0),
    (2027, 5, 14, 9, 5),
    (2027, 5, 14, 12, 0),
    (2027, 12, 31, 23, 59),
    (2026, 3, 8, 2, 30),  # a wall time Los Angeles skips
    (2026, 11, 1, 1, 30),  # one it lives twice
    (2026, 10, 25, 1, 30),  # London lives this one twice
]


def _span(zone, start, hours):
    start = datetime(*start, tzinfo=zoneinfo.ZoneInfo(zone))
    return SimpleNamespace(local_start=start, local_end=start + timedelta(hours=hours))


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("hours", [0.75, 8, 30, 24 * 400])
def test_event_dates_write_what_the_date_filter_wrote(zone, moment, hours):
    span = _span(zone, moment, hours)
    start, end = span.local_start, span.local_end
    if start.date() == end.date():
        when = f"{dateformat(start, 'l, F j, Y, g:i A')} – {dateformat(end, 'g:i A T')}"
        days = dateformat(start, "F j, Y")
    else:
        when = (
            f"{dateformat(start, 'l, F j, Y, g:i A T')} – {dateformat(end, 'l, F j, Y, g:i A T')}"
        )
        days = (
            f"{dateformat(start, 'F j')} – {dateformat(end, 'F j, Y')}"
            if start.year == end.year
            else f"{dateformat(start, 'F j, Y')} – {dateformat(end, 'F j, Y')}"
        )
    assert event_when(span) == when
    assert event_dates(span) == days
    assert talk_time(span) == f"{dateformat(start, 'g:i A')} – {dateformat(end, 'g:i A T')}"


@pytest.mark.parametrize("day", [date(2027, 5, 14), date(2024, 2, 29), date(2027, 1, 3)])
def test_agenda_day_heading_writes_what_the_date_filter_wrote(day):
    assert long_day(day) == dateformat(day, "l, F j, Y")
