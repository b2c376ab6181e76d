import pytest

from articles import demo as articles_demo
from events import demo
from events.models import Event, Speaker, Talk, TalkSpeaker
from tests.articles.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def snapshot():
    return [
        list(model.objects.order_by("pk").values()) for model in (Event, Speaker, Talk, TalkSpeaker)
    ]


def test_seed_is_idempotent():
    demo.seed()
    first = snapshot()
    demo.seed()
    assert snapshot() == first


def test_seed_creates_the_totango_summit_with_its_speakers(client):
    demo.seed()
    summit = Event.objects.get(slug="totango-customer-success-summit-2014")
    assert (summit.organiser, summit.city, summit.attendees, summit.countries) == (
        "Totango",
        "San Francisco",
        400,
        8,
    )
    talks = [
        (talk.title, [s.name for s in talk.speakers.order_by("talk_links__position")])
        for talk in summit.talks.order_by("start")
    ]
    assert talks == [
        ("Customer success: a manifesto in six points", ["Guy Nirpaz"]),
        ("What a chief customer officer does: a five-point job description", ["Jeanne Bliss"]),
    ]
    assert client.get(summit.get_absolute_url()).status_code == 200
    assert list(Event.objects.published().upcoming().values_list("slug", flat=True)) == [
        "cco-council-summit-2027"
    ]


def test_seed_links_speakers_to_library_authors_by_slug():
    author = AuthorFactory(name="Jasmine Green", slug="jasmine-green")
    demo.seed()
    assert Speaker.objects.get(slug="jasmine-green").author == author
    assert Speaker.objects.get(slug="guy-nirpaz").author is None


def test_seed_after_the_library_links_the_recap_and_stays_idempotent():
    articles_demo.seed()
    demo.seed()
    first = snapshot()
    demo.seed()
    assert snapshot() == first
    summit = Event.objects.get(slug="totango-customer-success-summit-2014")
    assert summit.recap_article.slug == "summit-recap-what-makes-a-great-cco"
    assert Speaker.objects.get(slug="jasmine-green").author.slug == "jasmine-green"
