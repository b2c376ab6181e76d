"""Slugs filled from a title or name, shared by every app's models (articles is the lowest)."""

from collections.abc import Collection

from django.utils.text import slugify


def unique_slug(
    model,
    value: str,
    *,
    instance_pk=None,
    max_length: int = 200,
    reserved: Collection[str] = (),
    reserved_suffix: str = "-1",
) -> str:
    """A slug from ``value`` that no other row of ``model`` uses (suffixes -2, -3, ...).

    ``reserved`` are addresses the app's URLs use for something else (a feed, a calendar);
    a slug that would be one of them gets ``reserved_suffix`` before the uniqueness check.
    """
    # Room for a "-NNNNN" suffix within the field's max_length.
    base = slugify(value)[: max_length - 6].strip("-") or "item"
    if base in reserved:
        base += reserved_suffix
    candidate, n = base, 2
    others = model._default_manager.exclude(pk=instance_pk) if instance_pk else model.objects
    while others.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate
