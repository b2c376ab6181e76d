import pytest
from django.template import Context, Template

from events.models import Event
from tests.articles.factories import AuthorFactory
from tests.events.factories import TalkSpeakerFactory, la

pytestmark = pytest.mark.django_db


def render_author_talks(author):
    return Template("{% load events_tags %}{% talks_for_author author %}").render(
        Context({"author": author})
    )


def test_talks_for_author_lists_published_talks_of_the_speaker_profile():
    author = AuthorFactory(name="Jasmine Green")
    TalkSpeakerFactory(
        speaker__author=author,
        talk__title="Loyalty by design",
        talk__event__name="Council Summit",
        talk__event__start=la(2027, 5, 14, 9),
        talk__event__end=la(2027, 5, 14, 17),
    )
    TalkSpeakerFactory(
        speaker__author=AuthorFactory(),
        talk__title="Someone else's talk",
    )
    html = render_author_talks(author)
    assert "Loyalty by design" in html
    assert "Council Summit</a> · May 14, 2027" in html
    assert "Someone else's talk" not in html


def test_talks_for_author_hides_draft_events_and_renders_nothing_without_talks():
    author = AuthorFactory()
    TalkSpeakerFactory(
        speaker__author=author,
        talk__title="Secret",
        talk__event__status=Event.Status.DRAFT,
    )
    assert render_author_talks(author).strip() == ""
    assert render_author_talks(AuthorFactory()).strip() == ""
