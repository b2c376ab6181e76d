"""Reads shared by the press room's views, feeds, context processor and template tag."""

import logging

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch

from articles.models import Article
from events.models import Event
from media_relations.models import Coverage, MediaContact, PressKit, PressKitAsset, PressRelease

logger = logging.getLogger(__name__)

PRIMARY_CONTACT_CACHE_KEY = "media_relations:primary_contact:v1"
PRIMARY_CONTACT_CACHE_SECONDS = 60
_NONE = "none"  # cached "there is no primary contact", distinct from a cache miss


def primary_contact() -> MediaContact | None:
    """The active primary media contact, or None: one query at most per minute per cache.

    ``services`` deletes the cached value whenever a contact changes, so the 60 seconds only
    bound how stale a change made outside the services (a shell, a migration) can be.
    """
    try:
        cached = cache.get(PRIMARY_CONTACT_CACHE_KEY)
    except Exception:
        # A cache outage (Redis restarting) must cost a query, not the page.
        logger.warning("cache unavailable reading the primary contact", exc_info=True)
        cached = None
    if cached == _NONE:
        return None
    if isinstance(cached, MediaContact):
        return cached
    contact = MediaContact.objects.primary().first()
    try:
        cache.set(PRIMARY_CONTACT_CACHE_KEY, contact or _NONE, PRIMARY_CONTACT_CACHE_SECONDS)
    except Exception:
        logger.warning("cache unavailable storing the primary contact", exc_info=True)
    return contact


def published_releases():
    return PressRelease.objects.published().select_related("contact")


def release_contact(release: PressRelease) -> MediaContact | None:
    """Who answers for a release: its own contact while active, else the primary contact."""
    if release.contact is not None and release.contact.is_active:
        return release.contact
    return primary_contact()


def coverage_list(*, limit: int | None = None) -> list[Coverage]:
    """Coverage, newest first; each item's ``public_article`` (and ``public_event``) is the
    related item only while the public may see it (its own ``published()`` rule), else None.
    """
    queryset = Coverage.objects.select_related("event", "article").annotate(
        event_is_public=Exists(Event.objects.published().filter(pk=OuterRef("event_id"))),
        article_is_public=Exists(Article.objects.published().filter(pk=OuterRef("article_id"))),
    )
    items = list(queryset[:limit] if limit else queryset)
    for item in items:
        item.public_event = item.event if item.event_is_public else None
        item.public_article = item.article if item.article_is_public else None
    return items


def press_kit() -> PressKit | None:
    return (
        PressKit.objects.prefetch_related(
            Prefetch("assets", queryset=PressKitAsset.objects.order_by("position", "id"))
        )
        .filter(key="press-kit")
        .first()
    )


def event_contact(event) -> MediaContact | None:
    """The active contact assigned to ``event`` (first by name), else the primary contact."""
    if event is None or getattr(event, "pk", None) is None:
        return primary_contact()
    assigned = MediaContact.objects.active().filter(events=event).order_by("name").first()
    return assigned or primary_contact()


KIT_GROUPS = [
    ("Logos", PressKitAsset.Kind.LOGO),
    ("Photos", PressKitAsset.Kind.PHOTO),
    ("Headshots", PressKitAsset.Kind.HEADSHOT),
    ("Fact sheets and documents", PressKitAsset.Kind.DOCUMENT),
]


def press_kit_groups(kit: PressKit | None) -> list[tuple[str, list[PressKitAsset]]]:
    """The kit's assets by kind, each labelled with its format and, for a picture, its size
    in pixels ("PNG, 1600 × 390 pixels"), from what is stored with it (no file is read)."""
    if kit is None:
        return []
    assets = list(kit.assets.all())
    for asset in assets:
        extension = asset.file.name.rsplit(".", 1)[-1].upper() if "." in asset.file.name else ""
        label = {"JPG": "JPEG"}.get(extension, extension)
        preview = asset.preview
        if preview and preview.width:
            label += f", {preview.width} × {preview.height} pixels"
        asset.file_label = label
    return [
        (title, [asset for asset in assets if asset.kind == kind])
        for title, kind in KIT_GROUPS
        if any(asset.kind == kind for asset in assets)
    ]
