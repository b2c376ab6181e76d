from datetime import timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from tests.articles.factories import ArticleFactory, AuthorFactory, DraftFactory
from tests.events.factories import EventFactory, SpeakerFactory, TalkFactory, TalkSpeakerFactory
from tests.media_relations.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


def titles(response, key):
    return [item.title if hasattr(item, "title") else item.name for item in response.context[key]]


def test_home_shows_featured_latest_events_and_releases_but_no_drafts(client):
    ArticleFactory(title="Featured piece", featured=True)
    ArticleFactory(title="Plain piece")
    DraftFactory(title="Draft piece", featured=True)
    EventFactory(name="Next summit")
    EventFactory(name="Draft summit", status="draft")
    PressReleaseFactory(title="Big news")

    response = client.get("/")

    assert response.status_code == 200
    assert titles(response, "featured") == ["Featured piece"]
    assert titles(response, "latest") == ["Plain piece"]
    assert titles(response, "upcoming_events") == ["Next summit"]
    assert titles(response, "releases") == ["Big news"]
    assert "Draft" not in response.content.decode()


def test_home_lists_the_next_three_events_and_the_latest_three_releases(client):
    now = timezone.now()
    EventFactory(name="Over", start=now - timedelta(days=2))
    running = EventFactory(name="Running <now>", start=now - timedelta(hours=1), city="Paris")
    EventFactory(name="Fourth", start=now + timedelta(days=90))
    EventFactory(name="Second", start=now + timedelta(days=10), city="")
    EventFactory(name="Third", start=now + timedelta(days=20))
    for days in (4, 1, 3, 2):
        PressReleaseFactory(title=f"{days} days old", published_at=now - timedelta(days=days))
    PressReleaseFactory(title="Embargoed", published_at=now + timedelta(hours=1))

    response = client.get("/")

    assert titles(response, "upcoming_events") == ["Running <now>", "Second", "Third"]
    assert titles(response, "releases") == ["1 days old", "2 days old", "3 days old"]
    html = response.content.decode()

    def day(moment):
        return date_filter(timezone.localtime(moment), "F j, Y")

    # each event's first day as the site's zone reads it, and its city when it has one
    assert (
        f'<li><a href="/events/{running.slug}/">Running &lt;now&gt;</a>\n'
        f'          <span class="meta">{day(running.start)} · Paris</span></li>'
    ) in html
    second = response.context["upcoming_events"][1]
    assert f'<span class="meta">{day(second.start)}</span>' in html
    release = response.context["releases"][0]
    assert (
        f'<li><a href="{release.get_absolute_url()}">1 days old</a>\n'
        f'          <span class="meta">{day(release.published_at)}</span></li>'
    ) in html
    assert "Embargoed" not in html and "Fourth" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_home_query_count_is_fixed(client, django_assert_num_queries, count):
    author = AuthorFactory()
    for number in range(count):
        ArticleFactory(authors=[author], tags=["cx", f"tag{number}"], featured=True)
        ArticleFactory(authors=[author], tags=["cx"])
        EventFactory()
        PressReleaseFactory()
    client.get("/")  # the footer's media contact is cached after the first page
    # featured and latest items (authors and tags in them), events, press releases
    with django_assert_num_queries(4):
        assert client.get("/").status_code == 200


def test_search_finds_articles_events_and_speakers(client):
    ArticleFactory(title="Earned authority in the boardroom", summary="On authority.")
    DraftFactory(title="Secret authority draft", summary="On authority.")
    event = EventFactory(name="Authority summit")
    speaker = SpeakerFactory(name="Ada Authority")
    TalkSpeakerFactory(talk=TalkFactory(event=event), speaker=speaker)

    response = client.get("/search/", {"q": "authority"})

    assert response.status_code == 200
    assert titles(response, "articles") == ["Earned authority in the boardroom"]
    assert response.context["article_count"] == 1
    assert titles(response, "events") == ["Authority summit"]
    assert titles(response, "speakers") == ["Ada Authority"]
    assert "Secret" not in response.content.decode()


def test_search_corrects_a_typo_in_a_title_word(client):
    ArticleFactory(title="Borrowed authority explained")
    response = client.get("/search/", {"q": "autority"})
    assert response.context["corrected"] == "authority"
    assert titles(response, "articles") == ["Borrowed authority explained"]


def test_search_empty_query_explains(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "Type a word or two" in response.content.decode()


def test_search_over_long_query_is_400_with_message(client):
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 400
    assert "too long" in response.content.decode()
