"""Related rows fetched with their parent in one hand-written statement, as JSON.

On the busiest pages the ORM's compiling of a query and its prefetches cost more than the
database's answering them. ``json_object_sql`` writes the ``jsonb_build_object(...)`` of a
model's columns for such a statement, and ``from_json`` makes the instance back, each value
converted by its own field (times parsed, foreign keys as ids), so templates and helpers see
the same instances the ORM would give.
"""

from django.db import connections, models


def json_object_sql(model: type[models.Model], alias: str, *, exclude=()) -> str:
    """``jsonb_build_object('field', alias.column, ...)`` of the model's concrete fields."""
    pairs = ", ".join(
        f"'{field.attname}', {alias}.\"{field.column}\""
        for field in model._meta.concrete_fields
        if field.name not in exclude
    )
    return f"jsonb_build_object({pairs})"


def from_json(model: type[models.Model], data: dict) -> models.Model:
    """An instance of ``model`` from an object written by ``json_object_sql``.

    Made as the ORM makes a loaded row (``from_db``, its values in field order), which costs
    a fraction of the keyword constructor: a read page makes one per exchange.
    """
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in data:
            names.append(field.attname)
            values.append(field.to_python(data[field.attname]))
    return model.from_db(None, names, values)


# (model, columns, database) -> how to make instances from rows of those columns
_loaders: dict[tuple, tuple] = {}


def _loader(model: type[models.Model], names: tuple[str, ...], connection) -> tuple:
    key = (model, names, connection.alias)
    loader = _loaders.get(key)
    if loader is None:
        index = {name: position for position, name in enumerate(names)}
        fields = [f for f in model._meta.concrete_fields if f.column in index]
        positions = [index[field.column] for field in fields]
        attnames = [field.attname for field in fields]
        converters = []
        for field in fields:
            found = field.get_db_converters(connection) + connection.ops.get_db_converters(
                field.get_col(model._meta.db_table)
            )
            if found:
                converters.append((index[field.column], found))
        columns = {field.column for field in fields}
        extra = [(position, name) for position, name in enumerate(names) if name not in columns]
        loader = _loaders[key] = (positions, attnames, converters, extra)
    return loader


def fetch_instances(
    model: type[models.Model], sql: str, params, *, using: str = "default", keep_rows=False
):
    """Instances of ``model`` from a hand-written statement, as ``Manager.raw()`` makes them:
    columns named after the model's fields fill them (each value converted by its field), any
    other column becomes an attribute.

    ``raw()`` works out, on every call, which column goes where and how each is converted;
    for the pages that read through hand-written statements (a list of twenty entries, a read
    page) that cost more than the database's answer. Here it is worked out once per statement.
    With ``keep_rows``, each instance keeps the row it was made from as the database sent it
    (``instance.row``): everything the statement said of it, in one hashable value.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = tuple(column.name for column in cursor.description)
        rows = cursor.fetchall()
    positions, attnames, converters, extra = _loader(model, names, connection)
    from_db = model.from_db
    instances = []
    for sent in rows:
        row = sent
        if converters:
            row = list(row)
            for position, functions in converters:
                value = row[position]
                for function in functions:
                    value = function(value, None, connection)
                row[position] = value
        instance = from_db(using, attnames, [row[position] for position in positions])
        for position, name in extra:
            setattr(instance, name, row[position])
        if keep_rows:
            instance.row = sent
        instances.append(instance)
    return instances
