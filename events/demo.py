"""Events' demo content, read from ``events/demo_data/``: speakers, and events with their talks.

One TOML file per speaker and per event, named after its slug (docs/DEMO_CONTENT.md). Start and
end times are written in the event's own time zone, as its admin form takes them. A speaker's
``author`` and an event's ``recap_article`` name library items by slug and are left empty when
the library has no such item (events seeded on their own).
"""

from pathlib import Path

from django.db import transaction

from articles.models import Article, Author
from cco_council.core.demo import aware, check_keys, lookup, markdown_to_html, read_items, upsert
from events.models import Event, Speaker, Talk, TalkSpeaker

DATA = Path(__file__).resolve().parent / "demo_data"

SPEAKER = {"required": {"name"}, "optional": {"job_title", "organisation", "bio", "author"}}
EVENT = {
    "required": {"name", "kind", "timezone", "start", "end", "published_at", "talks"},
    "optional": {
        "organiser", "status", "description", "venue", "address", "city", "country", "online",
        "registration_url", "attendees", "countries", "recap_article",
    },
}  # fmt: skip
TALK = {
    "required": {"title", "kind", "start", "end", "speakers"},
    "optional": {"room", "abstract"},
}


@transaction.atomic
def seed(directory: Path = DATA) -> str:
    """Create or update the demo content from ``directory``; return a one-line summary."""
    speakers, created = {}, 0
    for path, spec in read_items(directory / "speakers", **SPEAKER):
        author = spec.pop("author", None)
        spec["author"] = Author.objects.filter(slug=author).first() if author else None
        speakers[path.stem], outcome = upsert(Speaker, {"slug": path.stem}, spec)
        created += outcome == "created"

    events = read_items(directory / "events", **EVENT)
    for path, spec in events:
        talks = spec.pop("talks")
        zone = spec["timezone"]
        spec["start"] = aware(spec["start"], zone=zone, where=path)
        spec["end"] = aware(spec["end"], zone=zone, where=path)
        spec["published_at"] = aware(spec["published_at"], where=path)
        spec["description"] = markdown_to_html(spec.get("description", ""))
        spec.setdefault("status", Event.Status.PUBLISHED)
        if "recap_article" in spec:
            spec["recap_article"] = Article.objects.filter(slug=spec["recap_article"]).first()
        event, outcome = upsert(Event, {"slug": path.stem}, spec)
        created += outcome == "created"

        for talk in talks:
            check_keys(talk, **TALK, where=path)
            names = talk.pop("speakers")
            values = {
                **talk,
                "start": aware(talk["start"], zone=zone, where=path),
                "end": aware(talk["end"], zone=zone, where=path),
                "abstract": markdown_to_html(talk.get("abstract", "")),
            }
            obj, outcome = upsert(Talk, {"event": event, "title": values.pop("title")}, values)
            created += outcome == "created"
            wanted = [lookup(speakers, name, where=path) for name in names]
            obj.speaker_links.exclude(speaker__in=wanted).delete()
            for position, speaker in enumerate(wanted):
                _, outcome = upsert(
                    TalkSpeaker, {"talk": obj, "speaker": speaker}, {"position": position}
                )
                created += outcome == "created"
        # A talk renamed in the file replaces the old one rather than joining it.
        event.talks.exclude(title__in=[talk["title"] for talk in talks]).delete()

    linked = sum(1 for speaker in speakers.values() if speaker.author_id)
    return (
        f"events: {len(events)} events, {len(speakers)} speakers ({linked} linked to library "
        f"authors); {created} rows created."
    )
