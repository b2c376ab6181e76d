"""What one ``migrate`` gives an empty database, run as an operator runs it."""

import uuid

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings

from cco_council.permissions import CONTENT_APPS, EDITORS_GROUP, VIEW_ONLY_APPS, WITHHELD
from tests.cco_council.servers import connection_params, database_url, manage, server_env


@pytest.fixture(scope="module")
def fresh_database():
    """A new, empty database on the test server, migrated once by ``manage.py migrate``."""
    name = f"cco_fresh_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(dbname="postgres", **connection_params())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        result = manage("migrate", "--noinput", env=server_env(DATABASE_URL=database_url(name)))
        assert result.returncode == 0, result.stdout + result.stderr
        fresh = psycopg2.connect(dbname=name, **connection_params())
        yield fresh
        fresh.close()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def editors_permissions() -> set[tuple[str, str]]:
    """What the Editors group should hold, from the models themselves: every permission of
    every content model but the withheld ones, and the view permission of view-only ones."""
    expected = set()
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in CONTENT_APPS:
            expected |= {
                (meta.app_label, f"{action}_{meta.model_name}")
                for action in meta.default_permissions
            }
            expected |= {(meta.app_label, codename) for codename, _ in meta.permissions}
        elif meta.app_label in VIEW_ONLY_APPS and "view" in meta.default_permissions:
            expected.add((meta.app_label, f"view_{meta.model_name}"))
    return expected - WITHHELD


def test_migrate_once_gives_editors_all_their_permissions(fresh_database):
    with fresh_database.cursor() as cursor:
        cursor.execute(
            """
            SELECT ct.app_label, p.codename
            FROM auth_group g
            JOIN auth_group_permissions gp ON gp.group_id = g.id
            JOIN auth_permission p ON p.id = gp.permission_id
            JOIN django_content_type ct ON ct.id = p.content_type_id
            WHERE g.name = %s
            """,
            [EDITORS_GROUP],
        )
        granted = set(cursor.fetchall())
    assert granted == editors_permissions()


def test_migrate_once_creates_the_cache_table(fresh_database):
    with fresh_database.cursor() as cursor:
        cursor.execute(
            """
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_name = %s ORDER BY ordinal_position
            """,
            [settings.CACHE_TABLE],
        )
        columns = cursor.fetchall()
    assert columns == [
        ("cache_key", "character varying"),
        ("value", "text"),
        ("expires", "timestamp with time zone"),
    ]
