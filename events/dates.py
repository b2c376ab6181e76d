"""Event times as readers expect them: formatted in the event's own zone, saying which
("9:00 AM PDT"), whatever the site's zone is.

Written as the ``date`` filter writes them (``l, F j, Y, g:i A T``), without its format parsing
and translation lookups: an event page prints a dozen of these, and that was a tenth of its
CPU. The site is written in English (``LANGUAGE_CODE``), as ``cco_council.core.dates`` says.
"""

from cco_council.core.dates import MONTH_NAMES

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_day(day) -> str:
    """``l, F j, Y``: "Thursday, May 14, 2015" (a date or a datetime)."""
    return f"{WEEKDAY_NAMES[day.weekday()]}, {MONTH_NAMES[day.month]} {day.day}, {day.year:04d}"


def day_month(moment) -> str:
    """``F j``: "May 14"."""
    return f"{MONTH_NAMES[moment.month]} {moment.day}"


def month_day_year(moment) -> str:
    """``F j, Y``: "May 14, 2015"."""
    return f"{MONTH_NAMES[moment.month]} {moment.day}, {moment.year:04d}"


def clock(moment) -> str:
    """``g:i A``: "9:00 AM"."""
    hour = moment.hour
    return f"{hour % 12 or 12}:{moment.minute:02d} {'PM' if hour > 11 else 'AM'}"


def zone_name(moment) -> str:
    """``T``: the zone's abbreviation at that moment ("PDT"); nothing for a wall time that
    happens twice or never in its zone (a DST change), where the filter writes none either."""
    tzinfo = moment.tzinfo
    if tzinfo is None or tzinfo.utcoffset(moment.replace(fold=not moment.fold)) != (
        tzinfo.utcoffset(moment)
    ):
        return ""
    return str(tzinfo.tzname(moment))


def clock_zone(moment) -> str:
    """``g:i A T``: "5:30 PM PDT"."""
    return f"{clock(moment)} {zone_name(moment)}"


def event_when(event) -> str:
    """Date and times, e.g. Thursday, May 14, 2015, 9:00 AM – 5:30 PM PDT."""
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        return f"{long_day(start)}, {clock(start)} – {clock_zone(end)}"
    return f"{long_day(start)}, {clock_zone(start)} – {long_day(end)}, {clock_zone(end)}"


def event_dates(event) -> str:
    """Just the days: "May 14, 2015" or "May 14 – May 15, 2015"."""
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        return month_day_year(start)
    if start.year == end.year:
        return f"{day_month(start)} – {month_day_year(end)}"
    return f"{month_day_year(start)} – {month_day_year(end)}"


def talk_time(talk) -> str:
    """The time slot in the event's zone, e.g. 9:00 AM – 9:45 AM PDT."""
    return f"{clock(talk.local_start)} – {clock_zone(talk.local_end)}"
