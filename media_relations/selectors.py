"""Reads shared by the press room's views, feeds, context processor and template tag."""

import json
import logging

from django.core.cache import cache

from articles.models import Article
from cco_council.core.models import published_sql
from cco_council.core.rows import from_json, json_object_sql
from events.models import Event
from media_relations.models import (
    Coverage,
    MediaContact,
    PressKit,
    PressKitAsset,
    PressRelease,
    active_contact_sql,
)

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


_COVERAGE_SQL = """
SELECT c.*, e.name AS event_name, e.slug AS event_slug,
       a.title AS article_title, a.slug AS article_slug
FROM media_relations_coverage c
LEFT JOIN events_event e ON e.id = c.event_id AND {event_published}
LEFT JOIN articles_article a ON a.id = c.article_id AND {article_published}
ORDER BY c.published_on DESC, c.id DESC
"""


def coverage_list(*, limit: int | None = None) -> list[Coverage]:
    """Coverage, newest first; each item's ``public_article`` (and ``public_event``) is the
    related item only while the public may see it (its own ``published()`` rule, written
    into the one statement by ``core.models.published_sql``), else None.
    """
    event_published, event_params = published_sql("e")
    article_published, article_params = published_sql("a")
    sql = _COVERAGE_SQL.format(event_published=event_published, article_published=article_published)
    params = [*event_params, *article_params]
    if limit:
        sql, params = f"{sql} LIMIT %s", [*params, limit]
    items = list(Coverage.objects.raw(sql, params))
    for item in items:
        item.public_event = (
            Event(pk=item.event_id, name=item.event_name, slug=item.event_slug)
            if item.event_slug
            else None
        )
        item.public_article = (
            Article(pk=item.article_id, title=item.article_title, slug=item.article_slug)
            if item.article_slug
            else None
        )
    return items


_PRESS_KIT_SQL = f"""
SELECT k.*, (
    SELECT jsonb_agg({json_object_sql(PressKitAsset, "x")} ORDER BY x.position, x.id)
    FROM media_relations_presskitasset x WHERE x.kit_id = k.id) AS assets_data
FROM media_relations_presskit k WHERE k.key = %s
"""  # noqa: S608 - column names from the model; the key is a parameter


def press_kit() -> PressKit | None:
    """The press kit with its assets in order as ``asset_list``, from one statement."""
    found = list(PressKit.objects.raw(_PRESS_KIT_SQL, ["press-kit"]))
    if not found:
        return None
    kit = found[0]
    kit.asset_list = [
        from_json(PressKitAsset, asset) for asset in json.loads(kit.assets_data or "[]")
    ]
    return kit


UNKNOWN = object()  # event_contact(primary=...): not read yet

_LINKS = MediaContact.events.field
_EVENT_CONTACT_SQL = f"""
SELECT mc.* FROM media_relations_mediacontact mc
JOIN {_LINKS.m2m_db_table()} link ON link.{_LINKS.m2m_column_name()} = mc.id
WHERE link.{_LINKS.m2m_reverse_name()} = %s AND {{active}}
ORDER BY mc.name, mc.id LIMIT 1
"""  # noqa: S608 - names from the model; every value is a parameter


def event_contact(event, *, primary=UNKNOWN) -> MediaContact | None:
    """The active contact assigned to ``event`` (first by name), else the primary contact
    (``primary``, when the caller has already read it).

    Hand-written: on the event page, compiling the ORM's query cost more than running it.
    """
    assigned = None
    if event is not None and getattr(event, "pk", None) is not None:
        active, params = active_contact_sql("mc")
        sql = _EVENT_CONTACT_SQL.format(active=active)
        assigned = next(iter(MediaContact.objects.raw(sql, [event.pk, *params])), None)
    if assigned is not None:
        return assigned
    return primary_contact() if primary is UNKNOWN else primary


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
    # press_kit() gives the assets with the kit; another kit is asked for them.
    assets = getattr(kit, "asset_list", None)
    assets = list(kit.assets.all()) if assets is None else assets
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
