"""Writes that touch more than one row."""

import re
import zoneinfo
from datetime import datetime

from django.db import transaction

from cco_council.core.slugs import unique_slug
from events.models import Event, Talk, TalkSpeaker


def _next_year(moment: datetime, tz) -> datetime:
    """The same wall-clock time one year on, in the event's zone (29 February becomes the 28th)."""
    local = moment.astimezone(tz)
    try:
        shifted = local.replace(year=local.year + 1)
    except ValueError:
        shifted = local.replace(year=local.year + 1, day=28)
    # Re-attach the zone so the offset is the one in force on the new date (DST may differ).
    return shifted.replace(tzinfo=tz)


def _next_edition_slug(event: Event, new_year: int) -> str:
    old_year = event.local_start.year
    base = re.sub(rf"-{old_year}$", "", event.slug)
    return unique_slug(Event, f"{base}-{new_year}")


@transaction.atomic
def duplicate_event_for_next_year(*, event: Event, user=None) -> Event:
    """Copy ``event`` with its talks and speakers as a draft of next year's edition.

    Dates move one year on at the same local time; the name's year, if it has one, follows;
    the figures and the recap stay behind, since they belong to the edition that took place.
    """
    tz = event.tzinfo
    old_year = event.local_start.year
    new_start = _next_year(event.start, tz)
    new_year = new_start.astimezone(tz).year
    copy = Event.objects.create(
        name=event.name.replace(str(old_year), str(new_year)),
        slug=_next_edition_slug(event, new_year),
        organiser=event.organiser,
        kind=event.kind,
        description=event.description,
        venue=event.venue,
        address=event.address,
        city=event.city,
        country=event.country,
        online=event.online,
        start=new_start,
        end=_next_year(event.end, tz),
        timezone=event.timezone,
        registration_url="",
        status=Event.Status.DRAFT,
        cover_image=event.cover_image.name if event.cover_image else "",
        cover_image_alt=event.cover_image_alt,
        updated_by=user,
    )
    talks = list(event.talks.order_by("start", "id").prefetch_related("speaker_links"))
    new_talks = Talk.objects.bulk_create(
        [
            Talk(
                event=copy,
                title=talk.title,
                abstract=talk.abstract,
                kind=talk.kind,
                start=_next_year(talk.start, tz),
                end=_next_year(talk.end, tz),
                room=talk.room,
            )
            for talk in talks
        ]
    )
    TalkSpeaker.objects.bulk_create(
        [
            TalkSpeaker(talk=new_talk, speaker_id=link.speaker_id, position=link.position)
            for talk, new_talk in zip(talks, new_talks, strict=True)
            for link in talk.speaker_links.all()
        ]
    )
    return copy


@transaction.atomic
def move_talks_to_zone(*, event: Event, old_zone: str) -> int:
    """Re-read every talk's wall-clock start and end, typed in ``old_zone``, in the event's
    current zone. Returns the number of talks moved."""
    old, new = zoneinfo.ZoneInfo(old_zone), zoneinfo.ZoneInfo(event.timezone)
    talks = list(event.talks.all())
    for talk in talks:
        talk.start = talk.start.astimezone(old).replace(tzinfo=new)
        talk.end = talk.end.astimezone(old).replace(tzinfo=new)
        talk.save()
    return len(talks)


@transaction.atomic
def set_talk_speakers(*, talk: Talk, speakers) -> None:
    """Bill ``speakers`` on ``talk`` in that order (positions 1, 2, 3…): speakers already on
    it keep their row, those left out are taken off. Each row is saved, so the event's
    history records it."""
    speakers = list(dict.fromkeys(speakers))
    links = {link.speaker_id: link for link in TalkSpeaker.objects.filter(talk=talk)}
    wanted = {speaker.pk for speaker in speakers}
    for speaker_id, link in links.items():
        if speaker_id not in wanted:
            link.delete()
    for position, speaker in enumerate(speakers, start=1):
        link = links.get(speaker.pk)
        if link is None:
            TalkSpeaker.objects.create(talk=talk, speaker=speaker, position=position)
        elif link.position != position:
            link.position = position
            link.save(update_fields=["position"])


def schedule_sequences(item) -> dict[tuple[str, int], int]:
    """The calendar SEQUENCE of an event and its talks (or of one talk), by row."""
    if isinstance(item, Event):
        sequences = {("event", item.pk): item.sequence}
        talks = Talk.objects.filter(event=item).values_list("pk", "sequence")
        sequences.update({("talk", pk): sequence for pk, sequence in talks})
        return sequences
    return {("talk", item.pk): item.sequence}


@transaction.atomic
def raise_sequences_after_restore(item, *, before: dict[tuple[str, int], int]) -> None:
    """After a past version of ``item`` was restored: every calendar entry it holds gets a
    SEQUENCE above both the restored one and the one calendars last received."""
    event_id = item.pk if isinstance(item, Event) else None
    talks = Talk.objects.filter(event_id=event_id) if event_id else Talk.objects.filter(pk=item.pk)
    for talk in talks:
        sequence = max(talk.sequence, before.get(("talk", talk.pk), 0)) + 1
        Talk.objects.filter(pk=talk.pk).update(sequence=sequence)
    if event_id:
        event = Event.objects.get(pk=event_id)
        sequence = max(event.sequence, before.get(("event", event_id), 0)) + 1
        Event.objects.filter(pk=event_id).update(sequence=sequence)
