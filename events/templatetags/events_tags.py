"""Event times as readers expect them, and the talks block other apps' pages can show.

Times are formatted in the event's own zone and say which ("9:00 AM PDT"), whatever the
site's zone is.
"""

from django import template
from django.utils.dateformat import format as dateformat

from events import selectors

register = template.Library()

DAY = "l, F j, Y"
TIME = "g:i A"


def _zone(dt) -> str:
    return dateformat(dt, "T")


@register.filter
def event_when(event) -> str:
    """Date and times, e.g. Thursday, May 14, 2015, 9:00 AM – 5:30 PM PDT."""
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        return (
            f"{dateformat(start, DAY)}, {dateformat(start, TIME)} – "
            f"{dateformat(end, TIME)} {_zone(end)}"
        )
    return (
        f"{dateformat(start, DAY)}, {dateformat(start, TIME)} {_zone(start)} – "
        f"{dateformat(end, DAY)}, {dateformat(end, TIME)} {_zone(end)}"
    )


@register.filter
def event_dates(event) -> str:
    """Just the days: "May 14, 2015" or "May 14 – May 15, 2015"."""
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        return dateformat(start, "F j, Y")
    if start.year == end.year:
        return f"{dateformat(start, 'F j')} – {dateformat(end, 'F j, Y')}"
    return f"{dateformat(start, 'F j, Y')} – {dateformat(end, 'F j, Y')}"


@register.filter
def talk_time(talk) -> str:
    """The time slot in the event's zone, e.g. 9:00 AM – 9:45 AM PDT."""
    start, end = talk.local_start, talk.local_end
    return f"{dateformat(start, TIME)} – {dateformat(end, TIME)} {_zone(end)}"


@register.inclusion_tag("events/includes/author_talks.html")
def talks_for_author(author):
    """The talks given at published events by the speaker who is this library author."""
    talks = []
    if author is not None and author.pk:
        talks = selectors.talks_of_author(author.pk)
    return {"author": author, "author_talks": talks}
