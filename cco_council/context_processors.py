from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from cco_council.core.membership import is_member
from cco_council.core.social import Card, SocialImage, card_image

# Which header link a page belongs to, by URL namespace or name.
_SECTIONS = {
    "articles:conversations": "conversations",
    "articles:series_list": "series",
    "articles:series_detail": "series",
    "articles": "library",
    "events": "events",
    "media_relations": "press",
    "members": "members",
}


def site(request):
    match = getattr(request, "resolver_match", None)
    section = ""
    if match is not None:
        section = _SECTIONS.get(match.view_name) or _SECTIONS.get(match.namespace, "")
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "nav_section": section,
        # Asked only by templates that show members-only items (their PDF links).
        "is_member": SimpleLazyObject(lambda: is_member(user)),
        # What the page shares when it is linked to; a view with a picture of its own
        # (an item's cover, its card) puts that in its context instead.
        "social_image": site_social_image(settings.SITE_URL),
    }


SITE_CARD = Card(
    title="Where chief customer officers compare notes",
    byline="Resource library · Summits · Press room",
)


@cache
def site_social_image(site_url: str) -> SocialImage:
    """The picture every page without one of its own shares: the council's card (one per
    site address, so a test's or a deployment's ``SITE_URL`` is the one in the link)."""
    return card_image(SITE_CARD, reverse("site_card", kwargs={"version": SITE_CARD.version}))
