"""Reads shared by the press room's views, feeds, context processor and template tag."""

import json
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from articles.models import Article
from cco_council.core import cachereads
from cco_council.core.models import published_sql
from cco_council.core.rows import fetch_instances, from_json, json_object_sql
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

PRESS_KIT_KEY = "press-kit"
PRIMARY_CONTACT_CACHE_KEY = "media_relations:primary_contact:v1"
PRIMARY_CONTACT_CACHE_SECONDS = 60
cachereads.read_on_every_page(PRIMARY_CONTACT_CACHE_KEY)  # every footer names the contact
_NONE = "none"  # cached "there is no primary contact", distinct from a cache miss


def primary_contact() -> MediaContact | None:
    """The active primary media contact, or None: one query at most per minute per cache.

    ``services`` deletes the cached value whenever a contact changes, so the 60 seconds only
    bound how stale a change made outside the services (a shell, a migration) can be.
    """
    try:
        cached = cachereads.get(PRIMARY_CONTACT_CACHE_KEY)
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
        cachereads.remember(PRIMARY_CONTACT_CACHE_KEY, contact or _NONE)
    except Exception:
        logger.warning("cache unavailable storing the primary contact", exc_info=True)
    return contact


def published_releases():
    return PressRelease.objects.published().select_related("contact")


_LATEST_RELEASES_SQL = """
SELECT r.id, r.title, r.slug, r.published_at FROM media_relations_pressrelease r
WHERE {published} ORDER BY r.published_at DESC, r.id DESC LIMIT %s
"""  # noqa: S608 - no input in the text; every value is a parameter


def latest_releases(limit: int) -> list[PressRelease]:
    """The newest ``limit`` published releases with their title, slug and publish time only
    (the rest deferred), for the home page: hand-written, as compiling the ORM's query cost
    more than the database's answer."""
    published, params = published_sql("r")
    return fetch_instances(
        PressRelease, _LATEST_RELEASES_SQL.format(published=published), [*params, limit]
    )


def release_contact(release: PressRelease) -> MediaContact | None:
    """Who answers for a release: its own contact while active, else the primary contact."""
    if release.contact is not None and release.contact.is_active:
        return release.contact
    return primary_contact()


_PRESS_ROOM_SQL = f"""
SELECT
    (SELECT jsonb_agg({json_object_sql(PressRelease, "r", exclude=("body",))}
                      ORDER BY r.published_at DESC, r.id DESC)
     FROM (SELECT * FROM media_relations_pressrelease r WHERE {{release_published}}
           ORDER BY r.published_at DESC, r.id DESC LIMIT %s) r) AS releases_data,
    (SELECT jsonb_agg({json_object_sql(Coverage, "c")} || jsonb_build_object(
                          'event_name', e.name, 'event_slug', e.slug,
                          'article_title', a.title, 'article_slug', a.slug)
                      ORDER BY c.published_on DESC, c.id DESC)
     FROM (SELECT * FROM media_relations_coverage c
           ORDER BY c.published_on DESC, c.id DESC LIMIT %s) c
     LEFT JOIN events_event e ON e.id = c.event_id AND {{event_published}}
     LEFT JOIN articles_article a ON a.id = c.article_id AND {{article_published}}
    ) AS coverage_data,
    (SELECT {json_object_sql(PressKit, "k")} || jsonb_build_object('assets', (
                SELECT jsonb_agg({json_object_sql(PressKitAsset, "x")} ORDER BY x.position, x.id)
                FROM media_relations_presskitasset x WHERE x.kit_id = k.id))
     FROM media_relations_presskit k WHERE k.key = %s) AS kit_data
"""  # noqa: S608 - column names from the models; every value is a parameter


@dataclass
class PressRoom:
    releases: list[PressRelease]  # newest first, as published_releases() orders them
    coverage: list[Coverage]
    kit: PressKit | None


def press_room(*, releases: int, coverage: int) -> PressRoom:
    """What the press room lists, in one statement: the newest ``releases`` published releases
    (without their body, which the list does not show: it reads as ""), the newest
    ``coverage`` items and the press kit with its assets in order (``kit.asset_list``).

    A coverage item's ``public_event`` and ``public_article`` are the related items only while
    the public may see them (each model's own rule, ``core.models.published_sql``), else None.
    """
    release_published, release_params = published_sql("r")
    event_published, event_params = published_sql("e")
    article_published, article_params = published_sql("a")
    sql = _PRESS_ROOM_SQL.format(
        release_published=release_published,
        event_published=event_published,
        article_published=article_published,
    )
    params = [
        *release_params,
        releases,
        coverage,
        *event_params,
        *article_params,
        PRESS_KIT_KEY,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        releases_data, coverage_data, kit_data = (
            json.loads(value) if isinstance(value, str) else value for value in cursor.fetchone()
        )
    return PressRoom(
        releases=[from_json(PressRelease, data) for data in releases_data or ()],
        coverage=[_coverage(data) for data in coverage_data or ()],
        kit=_kit(kit_data),
    )


def _coverage(data: dict) -> Coverage:
    item = from_json(Coverage, data)
    item.public_event = (
        Event(pk=item.event_id, name=data["event_name"], slug=data["event_slug"])
        if data["event_slug"]
        else None
    )
    item.public_article = (
        Article(pk=item.article_id, title=data["article_title"], slug=data["article_slug"])
        if data["article_slug"]
        else None
    )
    return item


def _kit(data: dict | None) -> PressKit | None:
    if data is None:
        return None
    kit = from_json(PressKit, data)
    kit.asset_list = [from_json(PressKitAsset, asset) for asset in data["assets"] or ()]
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
        found = fetch_instances(MediaContact, sql, [event.pk, *params])
        assigned = found[0] if found else None
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
    # press_room() gives the assets with the kit; another kit is asked for them.
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
