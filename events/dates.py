"""Event times as readers expect them: formatted in the event's own zone, saying which
("9:00 AM PDT"), whatever the site's zone is.

Each reads one format string per time (``dateformat`` parses its format on every call, so
"l, F j, Y, g:i A" costs one call where the day and the time apart cost two).
"""

from django.utils.dateformat import format as dateformat


def event_when(event) -> str:
    """Date and times, e.g. Thursday, May 14, 2015, 9:00 AM – 5:30 PM PDT."""
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        return f"{dateformat(start, 'l, F j, Y, g:i A')} – {dateformat(end, 'g:i A T')}"
    return f"{dateformat(start, 'l, F j, Y, g:i A T')} – {dateformat(end, 'l, F j, Y, g:i A T')}"


def event_dates(event) -> str:
    """Just the days: "May 14, 2015" or "May 14 – May 15, 2015"."""
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        return dateformat(start, "F j, Y")
    if start.year == end.year:
        return f"{dateformat(start, 'F j')} – {dateformat(end, 'F j, Y')}"
    return f"{dateformat(start, 'F j, Y')} – {dateformat(end, 'F j, Y')}"


def talk_time(talk) -> str:
    """The time slot in the event's zone, e.g. 9:00 AM – 9:45 AM PDT."""
    return f"{dateformat(talk.local_start, 'g:i A')} – {dateformat(talk.local_end, 'g:i A T')}"
