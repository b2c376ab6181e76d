import zoneinfo
from datetime import datetime, timedelta

import factory
from django.utils import timezone

from events.models import Event, Speaker, Talk, TalkSpeaker

LOS_ANGELES = zoneinfo.ZoneInfo("America/Los_Angeles")


def la(*args) -> datetime:
    """A wall-clock time in San Francisco."""
    return datetime(*args, tzinfo=LOS_ANGELES)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Customer Leaders Summit {n}")
    slug = factory.Sequence(lambda n: f"customer-leaders-summit-{n}")
    kind = Event.Kind.SUMMIT
    organiser = "CCO Council"
    description = "<p>A day of talks on running customer success.</p>"
    venue = "Moscone West"
    address = "800 Howard Street"
    city = "San Francisco"
    country = "US"
    timezone = "America/Los_Angeles"
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=8))
    registration_url = "https://example.org/register"
    status = Event.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    job_title = "Chief Customer Officer"
    organisation = "Example Corp"
    bio = "Has led customer teams at three companies."


class TalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Talk

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Talk {n}")
    abstract = "<p>What the first year in the role teaches.</p>"
    kind = Talk.Kind.TALK
    start = factory.LazyAttribute(lambda talk: talk.event.start)
    end = factory.LazyAttribute(lambda talk: talk.start + timedelta(minutes=45))
    room = "Main hall"


class TalkSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalkSpeaker

    talk = factory.SubFactory(TalkFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    position = 0
