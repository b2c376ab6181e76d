"""Reads shared by the event pages, the calendar files, the sitemap and site-wide search.

Each starts from ``Event.objects.published()`` (directly or through ``Talk.objects.published()``
and ``Speaker.objects.with_published_talks()``), so a draft never reaches the public.
"""

import json
from datetime import date
from itertools import groupby

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Prefetch, Q
from django.utils import timezone

from articles.models import Article
from cco_council.core.models import published_sql
from cco_council.core.rows import fetch_instances, from_json, json_object_sql
from events.models import Event, Speaker, Talk, TalkSpeaker

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200


_SPEAKERS_OF_TALK_SQL = f"""
SELECT jsonb_agg({json_object_sql(Speaker, "sp", exclude=("bio",))} ORDER BY ts.position, ts.id)
FROM events_talkspeaker ts JOIN events_speaker sp ON sp.id = ts.speaker_id
WHERE ts.talk_id = t.id
"""  # noqa: S608 - column names from the models
_EVENT_FIELDS = Event._meta.concrete_fields
_EVENT_PAGE_SQL = f"""
SELECT {", ".join(f'e."{field.column}"' for field in _EVENT_FIELDS)},
       r.title AS recap_title, r.slug AS recap_slug, r.source_name AS recap_source_name,
       (SELECT jsonb_agg({json_object_sql(Talk, "t")}
                         || jsonb_build_object('speakers', ({_SPEAKERS_OF_TALK_SQL}))
                         ORDER BY t.start, t.id)
        FROM events_talk t WHERE t.event_id = e.id) AS talks_data
FROM events_event e
LEFT JOIN articles_article r ON r.id = e.recap_article_id AND {{recap_published}}
WHERE e.slug = %s AND {{event_published}}
"""  # noqa: S608 - column names from the models; every value is a parameter


_converters: list = []


def _event_converters() -> list:
    # Which of the event's columns a field converts, worked out once, not on every page.
    if not _converters:
        for index, field in enumerate(_EVENT_FIELDS):
            found = field.get_db_converters(connection)
            if found:
                _converters.append((index, field, found))
    return _converters


def event_page(slug: str, *, preview: bool = False) -> Event | None:
    """The published event at ``slug`` (any event, for a shared ``preview``) with everything
    its page shows, or None.

    One statement: the event, its talks in order, each talk's speakers in billed order
    (``talk.speaker_list``), and its recap article while that is published
    (``event.public_recap``: an unsaved Article with its title, slug and source, or None).
    """
    recap_published, recap_params = published_sql("r")
    event_published, event_params = ("TRUE", []) if preview else published_sql("e")
    sql = _EVENT_PAGE_SQL.format(recap_published=recap_published, event_published=event_published)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*recap_params, slug, *event_params])
        row = cursor.fetchone()
    if row is None:
        return None
    # The event's columns come first, in the model's order, so the row makes the instance as
    # the ORM would (from_db, each column through its field's converters: the pictures'
    # renditions are JSON); a RawQuerySet cost as much again as running the statement.
    count = len(_EVENT_FIELDS)
    values = list(row[:count])
    for index, field, converters in _event_converters():
        for convert in converters:
            values[index] = convert(values[index], field.cached_col, connection)
    event = Event.from_db(connection.alias, None, values)
    recap_title, recap_slug, recap_source_name, talks_data = row[count:]
    talks = []
    for data in json.loads(talks_data or "[]"):
        talk = from_json(Talk, data)
        talk.event = event
        talk.speaker_list = [from_json(Speaker, speaker) for speaker in data["speakers"] or ()]
        talks.append(talk)
    event.agenda_talks = talks
    event.public_recap = (
        Article(
            pk=event.recap_article_id,
            title=recap_title,
            slug=recap_slug,
            source_name=recap_source_name,
        )
        if recap_slug
        else None
    )
    return event


_EVENTS_SQL = """
SELECT e.* FROM events_event e WHERE {published} ORDER BY e.start, e.id
"""  # noqa: S608 - no input in the text; every value is a parameter


def upcoming_and_past() -> tuple[list[Event], list[Event]]:
    """``Event.objects.published()`` split as ``upcoming()`` (soonest first) and ``past()``
    (most recent first) split it, in one statement: by ``Event.is_past``, the same rule."""
    published, params = published_sql("e")
    upcoming, past = [], []
    for event in fetch_instances(Event, _EVENTS_SQL.format(published=published), params):
        (past if event.is_past else upcoming).append(event)
    past.reverse()
    return upcoming, past


_UPCOMING_SQL = f"""
SELECT e.id, e.name, e.slug, e.start, e.city FROM events_event e
WHERE {{published}} AND e."{Event._meta.get_field("end").column}" >= %s
ORDER BY e.start, e.id LIMIT %s
"""  # noqa: S608 - column names from the model; every value is a parameter


def upcoming_events(limit: int) -> list[Event]:
    """The first ``limit`` of ``Event.objects.published().upcoming()`` with what the home page
    shows of them (name, address, first day, city; the rest deferred), in one statement
    written once: compiling the ORM's query cost more than running it."""
    published, params = published_sql("e")
    return fetch_instances(
        Event, _UPCOMING_SQL.format(published=published), [*params, timezone.now(), limit]
    )


def public_event(slug: str) -> Event:
    """The published event with this slug, its talks and speakers prefetched (or DoesNotExist)."""
    return Event.objects.published().with_agenda().get(slug=slug)


def past_events_by_year(events) -> list[tuple[int, list[Event]]]:
    """[(year, events)] newest year first; the year is the one where the event was held."""
    return [
        (year, list(items))
        for year, items in groupby(events, key=lambda event: event.local_start.year)
    ]


def _talks(event: Event):
    # ``event_page()`` gives the talks as agenda_talks; ``with_agenda()`` prefetches them.
    talks = getattr(event, "agenda_talks", None)
    return event.talks.all() if talks is None else talks


def agenda_by_day(event: Event) -> list[tuple[date, list[Talk]]]:
    """[(local date, talks)] in the event's own time zone, from the fetched talks."""
    return [
        (day, list(talks))
        for day, talks in groupby(_talks(event), key=lambda talk: talk.local_start.date())
    ]


def speakers_of(event: Event) -> list[Speaker]:
    """The event's speakers, each once, in the order they first appear on the agenda."""
    seen, speakers = set(), []
    for talk in _talks(event):
        for speaker in talk.speaker_list:
            if speaker.pk not in seen:
                seen.add(speaker.pk)
                speakers.append(speaker)
    return speakers


def public_talks_of(speaker: Speaker):
    """A speaker's talks at published events, newest first, with event and co-speakers."""
    return (
        Talk.objects.published()
        .filter(speaker_links__speaker=speaker)
        .select_related("event")
        .prefetch_related(
            Prefetch(
                "speaker_links",
                queryset=TalkSpeaker.objects.select_related("speaker").order_by("position", "id"),
            )
        )
        .order_by("-start", "id")
    )


def _search_query(query: str):
    query = (query or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return None, ""
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG), query


def search_events(query: str):
    """Published events matching ``query``, best match first.

    Full-text search computed on the fly (the table is small, and no extension such as
    pg_trgm is needed), with a substring match on the name and city so that partial words
    ("Totan") still find something.
    """
    search_query, text = _search_query(query)
    if search_query is None:
        return Event.objects.none()
    vector = (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("organiser", "city", "venue", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )
    return (
        Event.objects.published()
        .annotate(search=vector, rank=SearchRank(vector, search_query))
        .filter(
            Q(search=search_query)
            | Q(name__icontains=text)
            | Q(city__icontains=text)
            | Q(organiser__icontains=text)
        )
        .order_by("-rank", "-start", "-id")
    )


def search_speakers(query: str):
    """Speakers with a talk at a published event who match ``query``, best match first."""
    search_query, text = _search_query(query)
    if search_query is None:
        return Speaker.objects.none()
    vector = (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("organisation", "job_title", weight="B", config=SEARCH_CONFIG)
        + SearchVector("bio", weight="C", config=SEARCH_CONFIG)
    )
    return (
        Speaker.objects.with_published_talks()
        .annotate(search=vector, rank=SearchRank(vector, search_query))
        .filter(Q(search=search_query) | Q(name__icontains=text) | Q(organisation__icontains=text))
        .order_by("-rank", "name", "id")
    )


_TALKS_OF_AUTHOR_SQL = f"""
SELECT t.*, {json_object_sql(Event, "e", exclude=("description",))} AS event_data
FROM events_talk t JOIN events_event e ON e.id = t.event_id
WHERE {{published}} AND EXISTS (
    SELECT 1 FROM events_talkspeaker ts JOIN events_speaker sp ON sp.id = ts.speaker_id
    WHERE ts.talk_id = t.id AND sp.author_id = %s)
ORDER BY t.start DESC, t.id
"""  # noqa: S608 - column names from the models; every value is a parameter


def talks_of_author(author_id: int) -> list[Talk]:
    """Talks at published events by the speaker who is this library author, newest first,
    each with its event: for the author's page (events' ``talks_for_author`` tag)."""
    published, params = published_sql("e")
    talks = fetch_instances(
        Talk, _TALKS_OF_AUTHOR_SQL.format(published=published), [*params, author_id]
    )
    for talk in talks:
        talk.event = from_json(Event, json.loads(talk.event_data))
    return talks


# search_events() and search_speakers() written as one statement each, for the site-wide
# search page, where compiling the ORM's version cost more than running it.
_EVENT_VECTOR = (
    "(setweight(to_tsvector('english', COALESCE(e.name, '')), 'A')"
    " || setweight(to_tsvector('english', COALESCE(e.organiser, '') || ' ' "
    "|| COALESCE(e.city, '') || ' ' || COALESCE(e.venue, '')), 'B')"
    " || setweight(to_tsvector('english', COALESCE(e.description, '')), 'C'))"
)
_FOUND_EVENTS_SQL = f"""
SELECT e.*, ts_rank({_EVENT_VECTOR}, q.query) AS rank
FROM events_event e, (SELECT websearch_to_tsquery('english', %s) AS query) AS q
WHERE {{published}} AND ({_EVENT_VECTOR} @@ q.query
    OR UPPER(e.name::text) LIKE UPPER(%s) OR UPPER(e.city::text) LIKE UPPER(%s)
    OR UPPER(e.organiser::text) LIKE UPPER(%s))
ORDER BY rank DESC, e.start DESC, e.id DESC
LIMIT %s
"""  # noqa: S608 - no input in the text; every value is a parameter
_SPEAKER_VECTOR = (
    "(setweight(to_tsvector('english', COALESCE(sp.name, '')), 'A')"
    " || setweight(to_tsvector('english', COALESCE(sp.organisation, '') || ' ' "
    "|| COALESCE(sp.job_title, '')), 'B')"
    " || setweight(to_tsvector('english', COALESCE(sp.bio, '')), 'C'))"
)
_FOUND_SPEAKERS_SQL = f"""
SELECT sp.*, ts_rank({_SPEAKER_VECTOR}, q.query) AS rank
FROM events_speaker sp, (SELECT websearch_to_tsquery('english', %s) AS query) AS q
WHERE EXISTS (
    SELECT 1 FROM events_talkspeaker ts JOIN events_talk t ON t.id = ts.talk_id
    JOIN events_event e ON e.id = t.event_id WHERE ts.speaker_id = sp.id AND {{published}})
  AND ({_SPEAKER_VECTOR} @@ q.query
    OR UPPER(sp.name::text) LIKE UPPER(%s) OR UPPER(sp.organisation::text) LIKE UPPER(%s))
ORDER BY rank DESC, sp.name, sp.id
LIMIT %s
"""  # noqa: S608 - no input in the text; every value is a parameter


def _contains(text: str) -> str:
    """A LIKE pattern for ``text`` anywhere, as Django's ``icontains`` writes it."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def found_events(query: str, *, limit: int) -> list[Event]:
    """``search_events(query)[:limit]``, in one statement."""
    search_query, text = _search_query(query)
    if search_query is None:
        return []
    published, params = published_sql("e")
    pattern = _contains(text)
    sql = _FOUND_EVENTS_SQL.format(published=published)
    return fetch_instances(Event, sql, [text, *params, pattern, pattern, pattern, limit])


def found_speakers(query: str, *, limit: int) -> list[Speaker]:
    """``search_speakers(query)[:limit]``, in one statement."""
    search_query, text = _search_query(query)
    if search_query is None:
        return []
    published, params = published_sql("e")
    pattern = _contains(text)
    sql = _FOUND_SPEAKERS_SQL.format(published=published)
    return fetch_instances(Speaker, sql, [text, *params, pattern, pattern, limit])


_SPEAKER_PAGE_SQL = f"""
SELECT sp.*,
    (SELECT jsonb_agg(
                {json_object_sql(Talk, "t")}
                || jsonb_build_object(
                    'event', {json_object_sql(Event, "e", exclude=("description",))},
                    'speakers', ({_SPEAKERS_OF_TALK_SQL}))
                ORDER BY t.start DESC, t.id)
     FROM events_talk t JOIN events_event e ON e.id = t.event_id
     WHERE {{event_published}} AND EXISTS (
         SELECT 1 FROM events_talkspeaker mine
         WHERE mine.talk_id = t.id AND mine.speaker_id = sp.id)
    ) AS talks_data,
    (SELECT jsonb_agg(jsonb_build_object(
                'id', a.id, 'title', a.title, 'slug', a.slug, 'kind', a.kind, 'summary', a.summary)
            ORDER BY a.published_at DESC, a.id DESC)
     FROM articles_article a
     WHERE {{article_published}} AND a.id IN (
         SELECT aa.article_id FROM articles_articleauthor aa WHERE aa.author_id = sp.author_id)
    ) AS articles_data
FROM events_speaker sp
WHERE sp.slug = %s AND EXISTS (
    SELECT 1 FROM events_talkspeaker ts JOIN events_talk t ON t.id = ts.talk_id
    JOIN events_event e ON e.id = t.event_id WHERE ts.speaker_id = sp.id AND {{event_published}})
"""  # noqa: S608 - column names from the models; every value is a parameter


def speaker_page(slug: str) -> Speaker | None:
    """The speaker at ``slug`` if they have a talk at a published event, with everything their
    page shows, in one statement: ``public_talks`` (newest first, each with its event and
    ``speaker_list``) and ``public_articles`` (published items they are credited on, as the
    author they are, newest first)."""
    event_published, event_params = published_sql("e")
    article_published, article_params = published_sql("a")
    sql = _SPEAKER_PAGE_SQL.format(
        event_published=event_published, article_published=article_published
    )
    params = [*event_params, *article_params, slug, *event_params]
    found = fetch_instances(Speaker, sql, params)
    if not found:
        return None
    speaker = found[0]
    speaker.public_talks = []
    for data in json.loads(speaker.talks_data or "[]"):
        talk = from_json(Talk, data)
        talk.event = from_json(Event, data["event"])
        talk.speaker_list = [from_json(Speaker, other) for other in data["speakers"] or ()]
        speaker.public_talks.append(talk)
    speaker.public_articles = [
        Article(**article) for article in json.loads(speaker.articles_data or "[]")
    ]
    return speaker
