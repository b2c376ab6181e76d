import pytest

from events.models import Event
from events.selectors import found_events, found_speakers, search_events, search_speakers
from tests.events.factories import (
    EventFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
)

pytestmark = pytest.mark.django_db


def test_search_events_full_text_and_drafts_hidden():
    summit = EventFactory(
        name="Customer Success Summit",
        organiser="Totango",
        description="<p>Leaders compared notes on retention.</p>",
    )
    EventFactory(name="Customer Success Summit draft", status=Event.Status.DRAFT)
    EventFactory(name="Webinar on billing", description="<p>Invoices.</p>")
    assert list(search_events("retention")) == [summit]
    assert list(search_events("Totango")) == [summit]
    assert list(search_events("success summits")) == [summit]


def test_search_events_partial_word():
    summit = EventFactory(name="Customer Success Summit", city="San Francisco")
    assert list(search_events("Franci")) == [summit]


@pytest.mark.parametrize("query", ["", "   ", "\x00", None])
def test_search_events_blank_query_finds_nothing(query):
    EventFactory()
    assert list(search_events(query)) == []


@pytest.mark.parametrize("query", ['"unbalanced', "a & | ! (", "x" * 5000, "' OR 1=1 --"])
def test_search_odd_input_does_not_fail(query):
    EventFactory()
    assert list(search_events(query)) == []
    assert list(search_speakers(query)) == []


def test_search_speakers_only_with_published_talks():
    public = TalkSpeakerFactory(speaker__name="Jeanne Bliss").speaker
    TalkSpeakerFactory(speaker__name="Jeanne Draft", talk__event__status=Event.Status.DRAFT)
    SpeakerFactory(name="Jeanne Nobody")
    assert list(search_speakers("Jeanne")) == [public]


def test_search_speakers_by_organisation():
    speaker = TalkSpeakerFactory(speaker__organisation="Totango").speaker
    assert list(search_speakers("totango")) == [speaker]


@pytest.mark.parametrize(
    "query", ["summit", "Totan", "london", "customer success", "50%_off", "a\\b", "nothing"]
)
def test_found_events_and_speakers_are_the_querysets_in_one_statement(query):
    summit = EventFactory(name="Totango Customer Success Summit", city="London")
    EventFactory(name="Customer summit 50%_off", organiser="Council")
    EventFactory(name="Draft summit", status=Event.Status.DRAFT)
    for name, organisation in [("Ada Summit", "Totango"), ("Bo London", "50%_off a\\b")]:
        TalkSpeakerFactory(talk=TalkFactory(event=summit), speaker__name=name,
                           speaker__organisation=organisation)  # fmt: skip
    assert found_events(query, limit=10) == list(search_events(query)[:10])
    assert found_speakers(query, limit=10) == list(search_speakers(query)[:10])
