"""The repeated parts of the event pages (event cards, agenda items, speaker cards), written in
Python rather than by the template engine.

Through a template each card or agenda item cost a few dozen variable lookups and filter calls,
which on these short pages was more than the rest of their own markup; the structure of each
page stays in its template. Every value is escaped here except an abstract (rich text, cleaned
by ``sanitize_html`` when saved, as the template's ``|safe`` trusted it) and the ``<picture>``
(``core.pictures.picture_html`` escapes its own). The markup is what the templates wrote.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from cco_council.core.dates import long_date
from cco_council.templatetags.pictures import loading_at, picture
from events.dates import event_dates, long_day, talk_time


def event_card_html(event, *, loading: str = "lazy") -> str:
    """One card of the events list."""
    url = escape(event.get_absolute_url())
    cover = event.cover
    image = ""
    if cover:
        image = (
            f'  <a class="picture-link" href="{url}" tabindex="-1" aria-hidden="true">'
            f"{picture(cover, 'banner', loading=loading, alt='')}</a>\n"
        )
    kind = escape(event.get_kind_display())
    if event.organiser:
        kind += f" · {escape(event.organiser)}"
    place = ""
    if event.city:
        place = f" · {escape(event.city)}"
    elif event.online:
        place = " · Online"
    return (
        f'<li class="card banner-card event-card{" has-picture" if cover else ""}">\n'
        f"{image}"
        f'  <p class="kind">{kind}</p>\n'
        f'  <h3><a href="{url}">{escape(event.name)}</a></h3>\n'
        f'  <p class="meta"><time datetime="{event.local_start.isoformat()}">'
        f"{escape(event_dates(event))}</time>{place}</p>\n"
        f"</li>"
    )


def event_cards_html(events, *, first_screen: bool = False) -> SafeString:
    """The cards of ``events`` in order; with ``first_screen`` the first ones' pictures load at
    once (``loading_at``), else all as they come into view."""
    return mark_safe(  # noqa: S308 - see the module's docstring
        "".join(
            event_card_html(event, loading=loading_at(position) if first_screen else "lazy")
            for position, event in enumerate(events, start=1)
        )
    )


def _speaker_links(speakers) -> str:
    return ", ".join(
        f'<a href="{escape(speaker.get_absolute_url())}">{escape(speaker.name)}</a>'
        for speaker in speakers
    )


def agenda_item_html(talk) -> str:
    room = f" · {escape(talk.room)}" if talk.room else ""
    speakers = _speaker_links(talk.speaker_list)
    abstract = f'<div class="prose">{talk.abstract}</div>' if talk.abstract else ""
    return (
        f'      <li class="agenda-item" id="talk-{talk.pk}">\n'
        f'        <p class="agenda-time"><time datetime="{talk.local_start.isoformat()}">'
        f"{escape(talk_time(talk))}</time>{room}</p>\n"
        f"        <div>\n"
        f'          <p class="kind">{escape(talk.get_kind_display())}</p>\n'
        f"          <h4>{escape(talk.title)}</h4>\n"
        + (f'          <p class="agenda-speakers">{speakers}</p>\n' if speakers else "")
        + (f"          {abstract}\n" if abstract else "")
        + "        </div>\n      </li>\n"
    )


def agenda_html(agenda) -> SafeString:
    """The agenda's days (``selectors.agenda_by_day``), each a heading and its talks."""
    return mark_safe(  # noqa: S308 - see the module's docstring
        "".join(
            f"    <h3>{escape(long_day(day))}</h3>\n"
            f'    <ol class="agenda-day">\n'
            + "".join(agenda_item_html(talk) for talk in talks)
            + "    </ol>\n"
            for day, talks in agenda
        )
    )


def speaker_cards_html(speakers) -> SafeString:
    """The speaker cards of an event page, each with the speaker's portrait, name and role."""
    return mark_safe(  # noqa: S308 - see the module's docstring
        "".join(
            f'      <li class="card speaker-card">\n'
            f"        {picture(speaker.portrait, 'avatar', alt='')}\n"
            f"        <div>\n"
            f'          <h3><a href="{escape(speaker.get_absolute_url())}">'
            f"{escape(speaker.name)}</a></h3>\n"
            + (f'          <p class="meta">{escape(speaker.role)}</p>\n' if speaker.role else "")
            + "        </div>\n      </li>\n"
            for speaker in speakers
        )
    )


def coming_up_html(events) -> SafeString:
    """The home page's "Coming up" list: each event's name, the day it starts (in the site's
    zone, as the home page has always shown it) and its city."""
    return mark_safe(  # noqa: S308 - see the module's docstring
        "".join(
            f'\n        <li><a href="{escape(event.get_absolute_url())}">{escape(event.name)}</a>\n'
            f'          <span class="meta">{long_date(event.start)}'
            + (f" · {escape(event.city)}" if event.city else "")
            + "</span></li>\n        "
            for event in events
        )
    )
