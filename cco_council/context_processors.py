from django.conf import settings
from django.utils.functional import SimpleLazyObject

from cco_council.core.membership import is_member

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
    }
