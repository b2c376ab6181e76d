from django.conf import settings

# Which header link a page belongs to, by URL namespace or name.
_SECTIONS = {
    "articles:conversations": "conversations",
    "articles:series_list": "series",
    "articles:series_detail": "series",
    "articles": "library",
    "events": "events",
    "media_relations": "press",
}


def site(request):
    match = getattr(request, "resolver_match", None)
    section = ""
    if match is not None:
        section = _SECTIONS.get(match.view_name) or _SECTIONS.get(match.namespace, "")
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "nav_section": section,
    }
