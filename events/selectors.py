"""Reads shared by the event pages, the calendar files, the sitemap and site-wide search.

Each starts from ``Event.objects.published()`` (directly or through ``Talk.objects.published()``
and ``Speaker.objects.with_published_talks()``), so a draft never reaches the public.
"""

from datetime import date
from itertools import groupby

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Prefetch, Q

from events.models import Event, Speaker, Talk, TalkSpeaker

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200


def public_event(slug: str) -> Event:
    """The published event with this slug, its talks and speakers prefetched (or DoesNotExist)."""
    return Event.objects.published().with_agenda().get(slug=slug)


def past_events_by_year(events) -> list[tuple[int, list[Event]]]:
    """[(year, events)] newest year first; the year is the one where the event was held."""
    return [
        (year, list(items))
        for year, items in groupby(events, key=lambda event: event.local_start.year)
    ]


def agenda_by_day(event: Event) -> list[tuple[date, list[Talk]]]:
    """[(local date, talks)] in the event's own time zone, from the prefetched talks."""
    return [
        (day, list(talks))
        for day, talks in groupby(event.talks.all(), key=lambda talk: talk.local_start.date())
    ]


def speakers_of(event: Event) -> list[Speaker]:
    """The event's speakers, each once, in the order they first appear on the agenda."""
    seen, speakers = set(), []
    for talk in event.talks.all():
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
