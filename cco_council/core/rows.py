"""Related rows fetched with their parent in one hand-written statement, as JSON.

On the busiest pages the ORM's compiling of a query and its prefetches cost more than the
database's answering them. ``json_object_sql`` writes the ``jsonb_build_object(...)`` of a
model's columns for such a statement, and ``from_json`` makes the instance back, each value
converted by its own field (times parsed, foreign keys as ids), so templates and helpers see
the same instances the ORM would give. The instances are for reading: they were not loaded by
``from_db``, so a model that tracks changes since loading does not track these.
"""

from django.db import models


def json_object_sql(model: type[models.Model], alias: str, *, exclude=()) -> str:
    """``jsonb_build_object('field', alias.column, ...)`` of the model's concrete fields."""
    pairs = ", ".join(
        f"'{field.attname}', {alias}.\"{field.column}\""
        for field in model._meta.concrete_fields
        if field.name not in exclude
    )
    return f"jsonb_build_object({pairs})"


def from_json(model: type[models.Model], data: dict) -> models.Model:
    """An instance of ``model`` from an object written by ``json_object_sql``."""
    values = {
        field.attname: field.to_python(data[field.attname])
        for field in model._meta.concrete_fields
        if field.attname in data
    }
    return model(**values)
