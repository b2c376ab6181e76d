"""Event times as readers expect them (``events.dates``), the repeated parts of the event pages
(``events.cards``), and the talks block other apps' pages can show."""

from django import template

from events import cards, selectors
from events.dates import event_dates, event_when, talk_time

register = template.Library()

register.filter("event_when", event_when)
register.filter("event_dates", event_dates)
register.filter("talk_time", talk_time)


@register.simple_tag
def event_cards(events, first_screen=False):
    """The cards of these events, each in its <li>; with ``first_screen`` the first ones'
    pictures load at once."""
    return cards.event_cards_html(events, first_screen=first_screen)


@register.simple_tag
def agenda_days(agenda):
    """The agenda (``selectors.agenda_by_day``): each day's heading and its talks."""
    return cards.agenda_html(agenda)


@register.simple_tag
def speaker_cards(speakers):
    return cards.speaker_cards_html(speakers)


@register.simple_tag
def coming_up(events):
    """The home page's list of upcoming events (``cards.coming_up_html``)."""
    return cards.coming_up_html(events)


@register.inclusion_tag("events/includes/author_talks.html")
def talks_for_author(author):
    """The talks given at published events by the speaker who is this library author."""
    talks = []
    if author is not None and author.pk:
        talks = selectors.talks_of_author(author.pk)
    return {"author": author, "author_talks": talks}
