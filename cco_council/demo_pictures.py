"""Pictures for the demo content, drawn by the project (``cco_council.core.artwork``).

``manage.py seed_demo`` calls ``seed()`` after the apps' demo loaders (which read the text
from ``<app>/demo_data/``): every published library item, series and event without a cover
gets a drawn one (with its description), every author, speaker and media contact without a
headshot a monogram, and the press kit, beside the small logo of its data files, a large logo,
one for dark backgrounds, a photo and a portrait. Each file passes the checks an editor's
upload does, and gets its renditions through the same service. Drawings are decided by the
item's slug or the person's name, and only what is missing is added, so a second run changes
nothing.

This module knows all three apps, as ``seed_demo`` does; none of them imports it.
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from articles import services as library
from articles.models import Article, Author, Series
from cco_council.core import artwork
from cco_council.core.pictures import refresh_renditions
from cco_council.core.uploads import validate_image
from events.models import Event, Speaker
from media_relations.models import MediaContact, PressKit, PressKitAsset

# Conversations are drawn as two people talking, events as a stage.
ARTICLE_MOTIFS = ("rings", "bands", "blocks", "bars", "arcs")
SERIES_MOTIFS = ("arcs", "bands", "blocks")
KIT_ASSETS = [
    # (title, kind, drawing, description)
    (
        "CCO Council logo, large (PNG)",
        PressKitAsset.Kind.LOGO,
        lambda: artwork.draw_logo(1600),
        "Transparent background: for print and large screens.",
    ),
    (
        "CCO Council logo for dark backgrounds (PNG)",
        PressKitAsset.Kind.LOGO,
        lambda: artwork.draw_logo(1600, on_dark=True),
        "White lettering on a transparent background.",
    ),
    (
        "Summit stage (illustration)",
        PressKitAsset.Kind.PHOTO,
        lambda: artwork.draw_cover("press-kit-summit-stage", motif="stage"),
        "Free to use with credit to the CCO Council.",
    ),
    (
        "Curtis Bingham, Executive Director (portrait)",
        PressKitAsset.Kind.HEADSHOT,
        lambda: artwork.draw_monogram("Curtis Bingham", size=1200),
        "Free to use with credit to the CCO Council.",
    ),
]


def _pick(slug: str, choices: int) -> int:
    """A choice decided by the slug, the same on every run."""
    return int.from_bytes(hashlib.sha256(slug.encode()).digest()[:4], "big") % choices


def _attach(instance, field: str, drawing: artwork.Drawing, name: str, **values) -> None:
    """Store ``drawing`` in ``instance.field`` as an upload would be, then its renditions."""
    upload = ContentFile(drawing.data, name=f"{name}.{drawing.extension}")
    validate_image(upload)
    getattr(instance, field).save(upload.name, upload, save=False)
    for key, value in values.items():
        setattr(instance, key, value)
    instance.save()
    refresh_renditions(instance)


def _cover(instance, seed: str, motif: str | None) -> None:
    drawing = artwork.draw_cover(seed, motif=motif)
    _attach(instance, "cover_image", drawing, seed, cover_image_alt=drawing.description)


def _portrait(instance, field: str) -> None:
    # A monogram only repeats the initials of the name printed beside it: decorative.
    drawing = artwork.draw_monogram(instance.name)
    _attach(instance, field, drawing, instance.slug, **{f"{field}_decorative": True})


@transaction.atomic
def seed() -> str:
    """Draw what is missing; return a one-line summary. Idempotent."""
    drawn = 0
    # What readers can see: drafts and scheduled items get theirs from their editors.
    for article in Article.objects.published().filter(cover_image="").order_by("pk"):
        motif = (
            "dialogue"
            if article.is_conversation
            else ARTICLE_MOTIFS[_pick(article.slug, len(ARTICLE_MOTIFS))]
        )
        _cover(article, article.slug, motif)
        drawn += 1
    for series in Series.objects.filter(cover_image="").order_by("pk"):
        _cover(series, series.slug, SERIES_MOTIFS[_pick(series.slug, len(SERIES_MOTIFS))])
        drawn += 1
    for event in Event.objects.filter(cover_image="").order_by("pk"):
        _cover(event, event.slug, "stage")
        drawn += 1
    for model, field in ((Author, "headshot"), (Speaker, "headshot"), (MediaContact, "photo")):
        for person in model.objects.filter(**{field: ""}).order_by("pk"):
            _portrait(person, field)
            drawn += 1
    drawn += _press_kit()
    if drawn:
        library.library_changed()
        return f"Pictures: drew {drawn}."
    return "Pictures: already in place."


def _press_kit() -> int:
    kit = PressKit.objects.filter(key="press-kit").first()
    if kit is None:
        return 0
    added = 0
    have = set(kit.assets.values_list("title", flat=True))
    position = max(kit.assets.values_list("position", flat=True), default=0)
    for title, kind, draw, description in KIT_ASSETS:
        if title in have:
            continue
        drawing = draw()
        position += 1
        asset = PressKitAsset(
            kit=kit, title=title, kind=kind, description=description, position=position
        )
        slug = title.lower().split(" (")[0].replace(",", "").replace(" ", "-")
        _attach(asset, "file", drawing, slug)
        added += 1
    # The data files' own pictures (the small logo) get their previews too.
    for asset in kit.assets.order_by("pk"):
        if refresh_renditions(asset):
            added += 1
    return added
