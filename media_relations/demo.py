"""The press room's demo content, read from ``media_relations/demo_data/``.

Media contacts, press releases (Markdown), coverage, and the press kit: its boilerplate and its
assets, each asset's file beside its TOML file and checked as an editor's upload is
(docs/DEMO_CONTENT.md). Coverage names its event and library item by slug, left empty when
they were not seeded.
"""

from pathlib import Path

from django.core.files import File
from django.db import transaction

from articles.models import Article
from cco_council.core.demo import aware, markdown_to_html, read_items, upsert
from events.models import Event
from media_relations import services
from media_relations.models import Coverage, MediaContact, PressKit, PressKitAsset, PressRelease

DATA = Path(__file__).resolve().parent / "demo_data"

CONTACT = {"required": {"name", "job_title", "email"}, "optional": {"phone", "primary"}}
RELEASE = {"required": {"title", "published_at", "body"}, "optional": {"summary", "status"}}
COVERAGE = {
    "required": {"headline", "outlet", "url", "published_on"},
    "optional": {"excerpt", "event", "article"},
}
ASSET = {"required": {"title", "kind", "file"}, "optional": {"description", "position"}}


def _asset(kit: PressKit, path: Path, spec: dict) -> str:
    """Save one kit asset; its file goes through the checks the admin's upload form runs."""
    source = path.with_name(spec.pop("file"))
    asset = kit.assets.filter(title=spec["title"]).first() or PressKitAsset(kit=kit)
    outcome = "created" if asset.pk is None else ""
    if asset.pk and any(getattr(asset, name) != value for name, value in spec.items()):
        outcome = "changed"
    for name, value in spec.items():
        setattr(asset, name, value)
    if asset.pk and _stored_bytes(asset) == source.read_bytes():
        if outcome:
            asset.save()
        return outcome
    old = asset.file.name
    with source.open("rb") as handle:
        asset.file = File(handle, name=source.name)
        # full_clean() runs PressKitAsset.clean(): validate_image() for logos, headshots and
        # photos, validate_document() for documents, as for an editor's upload in the admin.
        asset.full_clean()
        if old:
            asset.file.storage.delete(old)
        asset.save()
    return outcome or "changed"


def _stored_bytes(asset: PressKitAsset) -> bytes | None:
    try:
        with asset.file.open("rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


@transaction.atomic
def seed(directory: Path = DATA) -> str:
    """Create or update the demo content from ``directory``; return a one-line summary."""
    done = {"created": [], "changed": []}

    for path, spec in read_items(directory / "contacts", **CONTACT):
        primary = spec.pop("primary", False)
        contact, outcome = upsert(MediaContact, {"slug": path.stem}, spec)
        if outcome:
            done[outcome].append("media contact")
        # An editor's choice of primary contact stands; the demo only fills the gap.
        if primary and not MediaContact.objects.primary().exists():
            services.set_primary_contact(contact=contact)
        elif outcome:
            services.forget_cached_contact()

    for path, spec in read_items(directory / "releases", **RELEASE):
        spec.update(
            body=markdown_to_html(spec["body"]),
            published_at=aware(spec["published_at"], where=path),
            status=spec.get("status", PressRelease.Status.PUBLISHED),
        )
        _, outcome = upsert(PressRelease, {"slug": path.stem}, spec)
        if outcome:
            done[outcome].append("press release")

    for _path, spec in read_items(directory / "coverage", **COVERAGE):
        event, article = spec.pop("event", None), spec.pop("article", None)
        spec["event"] = Event.objects.filter(slug=event).first() if event else None
        spec["article"] = Article.objects.filter(slug=article).first() if article else None
        url = spec.pop("url")
        _, outcome = upsert(Coverage, {"url": url}, spec)
        if outcome:
            done[outcome].append("coverage")

    kit_dir = directory / "press-kit"
    ((_path, boilerplate),) = read_items(kit_dir, required={"body"})
    html = markdown_to_html(boilerplate["body"])
    kit, outcome = upsert(PressKit, {"key": "press-kit"}, {"boilerplate": html})
    if outcome:
        done[outcome].append("press kit")
    for path, spec in read_items(kit_dir / "assets", **ASSET):
        outcome = _asset(kit, path, spec)
        if outcome:
            done[outcome].append(spec["kind"])

    if not done["created"] and not done["changed"]:
        return "Press room: demo content already in place."
    return (
        "Press room: "
        + "; ".join(f"{verb} {', '.join(things)}" for verb, things in done.items() if things)
        + "."
    )
