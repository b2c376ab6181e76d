"""The picture a press release shares: a card with its title and date
(see ``cco_council.core.social``)."""

from django.urls import reverse
from django.utils.dateformat import format as dateformat

from cco_council.core.social import Card, SocialImage, card_image
from media_relations.models import PressRelease


def release_card(release: PressRelease) -> Card:
    date = dateformat(release.published_at, "F j, Y") if release.published_at else ""
    return Card(title=release.title, kind="Press release" + (f" · {date}" if date else ""))


def release_image(release: PressRelease) -> SocialImage:
    card = release_card(release)
    return card_image(
        card,
        reverse(
            "media_relations:release_card",
            kwargs={"slug": release.slug, "version": card.version},
        ),
    )
