"""Addresses of items, built at the cost of a string join instead of a reverse() each.

A list page links every item several times (the page, its PDF, its authors, its tags), and
Django's ``reverse()`` walks the URL patterns every time: on a library page of twenty cards
that was a hundred-odd reversals. Here each view's address is reversed once per URLconf and
script prefix, with a placeholder where the slug goes, and each slug is put in its place.
"""

import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Django's slug path converter. Anything else goes through reverse(), which refuses it as
# before (NoReverseMatch), so this never builds an address the URLconf would not.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "slug-placeholder-7f3c"
_reversed: dict[tuple, tuple[str, ...]] = {}


def _key(viewname: str) -> tuple:
    return (viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def reverse_slug(viewname: str, slug: str) -> str:
    """``reverse(viewname, kwargs={"slug": slug})``, reversing the view only once."""
    return SlugUrls()(viewname, slug)


class SlugUrls:
    """``reverse_slug`` for many addresses in a row: the URLconf and script prefix (which
    live in context-local storage, slow to read) are read once, when this is made."""

    def __init__(self):
        self.scope = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)

    def __call__(self, viewname: str, slug: str) -> str:
        if not (isinstance(slug, str) and _SLUG.fullmatch(slug)):
            return reverse(viewname, kwargs={"slug": slug})
        key = (viewname, *self.scope)
        parts = _reversed.get(key)
        if parts is None:
            parts = _reversed[key] = tuple(
                reverse(viewname, kwargs={"slug": _PLACEHOLDER}).split(_PLACEHOLDER)
            )
        if len(parts) != 2:  # the placeholder is somewhere else too: never guess
            return reverse(viewname, kwargs={"slug": slug})
        return parts[0] + slug + parts[1]


def reverse_once(viewname: str) -> str:
    """``reverse(viewname)`` for a view without arguments, reversed once."""
    key = _key(viewname)
    parts = _reversed.get(key)
    if parts is None:
        parts = _reversed[key] = (reverse(viewname),)
    return parts[0]
