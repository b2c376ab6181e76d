"""The pictures event and speaker pages share: an event's cover, or a card; a speaker's card
with their portrait (see ``cco_council.core.social``)."""

from django.conf import settings
from django.urls import reverse

from cco_council.core.social import Card, SocialImage, card_image, cover_image
from events.dates import event_dates
from events.models import Event, Speaker


def event_card(event: Event) -> Card:
    where = event.city or ("Online" if event.online else "")
    byline = where
    if event.organiser and event.organiser != settings.SITE_NAME:
        byline = " · ".join(part for part in (f"Hosted by {event.organiser}", where) if part)
    return Card(
        title=event.name,
        kind=f"{event.get_kind_display()} · {event_dates(event)}",
        byline=byline,
    )


def event_image(event: Event) -> SocialImage:
    card = event_card(event)
    return cover_image(event.cover, alt=event.name) or card_image(
        card, reverse("events:event_card", kwargs={"slug": event.slug, "version": card.version})
    )


def speaker_card(speaker: Speaker) -> Card:
    portrait = speaker.portrait.rendition("square", width=384)
    return Card(
        title=speaker.name,
        kind="Speaker",
        byline=speaker.role,
        portrait=portrait.name if portrait else "",
    )


def speaker_image(speaker: Speaker) -> SocialImage:
    card = speaker_card(speaker)
    return card_image(
        card,
        reverse("events:speaker_card", kwargs={"slug": speaker.slug, "version": card.version}),
    )
