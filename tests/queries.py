"""Counting the application's queries, whichever cache backend a run has."""

from django.conf import settings


def application_queries(captured: list[dict]) -> list[dict]:
    """The captured queries without the database cache's own and the savepoints around them.

    Query counts are the application's: with Redis the cache runs no SQL, and a count must not
    depend on which cache a run has.
    """
    table = f'"{settings.CACHE_TABLE}"'
    kept, cache_savepoints = [], set()
    for index, query in enumerate(captured):
        sql = query["sql"]
        following = captured[index + 1]["sql"] if index + 1 < len(captured) else ""
        if table in sql:
            continue
        if sql.startswith("SAVEPOINT ") and table in following:
            cache_savepoints.add(sql.removeprefix("SAVEPOINT "))
            continue
        closes = sql.startswith(("RELEASE SAVEPOINT ", "ROLLBACK TO SAVEPOINT "))
        if closes and sql.rsplit(" ", 1)[-1] in cache_savepoints:
            continue
        kept.append(query)
    return kept
