"""The published rule written as SQL (core.models.published_sql, scheduled_sql) selects the
same rows as the querysets' rule, for the hand-written statements of the busy pages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from cco_council.core.models import published_sql, scheduled_sql
from events.models import Event
from tests.articles.factories import ArticleFactory, DraftFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def ids(table: str, condition) -> set[int]:
    sql, params = condition("t")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.id FROM {table} t WHERE {sql}", params)  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def test_published_and_scheduled_sql_select_what_the_querysets_select():
    now = timezone.now()
    ArticleFactory(published_at=now - timedelta(days=1))
    ArticleFactory(published_at=now + timedelta(days=1))
    DraftFactory()
    DraftFactory(published_at=now - timedelta(days=1))
    EventFactory(published_at=now - timedelta(days=1))
    EventFactory(published_at=now + timedelta(hours=1))
    assert ids("articles_article", published_sql) == set(
        Article.objects.published().values_list("pk", flat=True)
    )
    assert ids("articles_article", scheduled_sql) == set(
        Article.objects.scheduled().values_list("pk", flat=True)
    )
    assert ids("events_event", published_sql) == set(
        Event.objects.published().values_list("pk", flat=True)
    )
    assert len(ids("articles_article", published_sql)) == 1
