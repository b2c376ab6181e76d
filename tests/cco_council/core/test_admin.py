"""The editing base every content admin shares: one version per save with what the item holds,
restore through the admin's save path, refusal to save over a newer change, ordering 1, 2, 3."""

import pytest
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article
from events import services as event_services
from events.models import Event, Talk, TalkSpeaker
from tests.articles.factories import ArticleFactory, ConversationFactory, ExchangeFactory
from tests.events.factories import EventFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def article_form(article, **changes):
    """What the admin's change form posts for ``article`` (with its exchanges)."""
    exchanges = list(article.exchanges.order_by("position", "id"))
    data = {
        "title": article.title,
        "slug": article.slug,
        "kind": article.kind,
        "summary": article.summary,
        "body": article.body,
        "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d") if article.published_at else "",
        "published_at_1": article.published_at.strftime("%H:%M:%S") if article.published_at else "",
        "interviewee_name": article.interviewee_name,
        "interviewer": article.interviewer_id or "",
        "introduction": article.introduction,
        "tags": [str(tag.pk) for tag in article.tags.all()],
        "loaded_version": article.updated_at.isoformat(),
        "author_links-TOTAL_FORMS": "0",
        "author_links-INITIAL_FORMS": "0",
        "exchanges-TOTAL_FORMS": str(len(exchanges)),
        "exchanges-INITIAL_FORMS": str(len(exchanges)),
        "parts-TOTAL_FORMS": "0",
        "parts-INITIAL_FORMS": "0",
    }
    for index, exchange in enumerate(exchanges):
        data |= {
            f"exchanges-{index}-id": exchange.pk,
            f"exchanges-{index}-article": article.pk,
            f"exchanges-{index}-speaker": exchange.speaker,
            f"exchanges-{index}-text": exchange.text,
            f"exchanges-{index}-position": exchange.position,
        }
    return data | changes


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def test_one_save_is_one_version_holding_the_exchanges_and_tags(editor_client):
    conversation = ConversationFactory(tags=["Loyalty"])
    ExchangeFactory(article=conversation, position=0, text="<p>First?</p>")
    ExchangeFactory(article=conversation, position=0, text="<p>Second.</p>")
    response = editor_client.post(change_url(conversation), article_form(conversation))
    assert response.status_code == 302
    versions = Version.objects.get_for_object(conversation)
    assert versions.count() == 1
    held = sorted(v.content_type.model for v in versions.get().revision.version_set.all())
    assert held == ["article", "exchange", "exchange", "taggeditem"]
    # Saved as 1, 2 in the order shown, though both were stored as 0.
    assert list(conversation.exchanges.values_list("position", flat=True)) == [1, 2]


def test_restoring_a_version_saves_it_as_the_newest(editor_client, editor):
    article = ArticleFactory(title="Old title", summary="Old summary.")
    editor_client.post(change_url(article), article_form(article))
    article.refresh_from_db()
    editor_client.post(change_url(article), article_form(article, title="New title"))
    old = Version.objects.get_for_object(article).last()
    url = f"/admin/articles/article/{article.pk}/history/{old.pk}/"
    shown = editor_client.get(url)
    assert shown.context["adminform"].form.initial["title"] == "Old title"
    # Showing the old version changed nothing.
    article.refresh_from_db()
    assert article.title == "New title"
    response = editor_client.post(url, article_form(article, title="Old title"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Old title"
    assert Version.objects.get_for_object(article).count() == 3
    # Search follows the restored text (the admin's save ran services.item_changed).
    assert Article.objects.filter(search_vector="old").get() == article


def test_save_over_a_newer_change_is_refused_then_allowed_on_purpose(editor_client, superuser):
    article = ArticleFactory(summary="Opened.")
    opened = article_form(article, summary="Mine.")
    other = Article.objects.get(pk=article.pk)
    other.summary = "Theirs."
    other.updated_by = superuser
    other.save()
    response = editor_client.post(change_url(article), opened)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors[0].startswith("root saved this article at ")
    article.refresh_from_db()
    assert article.summary == "Theirs."
    # The form now carries their version: saving it again is a choice, and goes through.
    resent = response.context["adminform"].form.data.copy()
    response = editor_client.post(change_url(article), resent)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.summary == "Mine."


def test_form_without_the_version_field_saves_as_before(editor_client):
    article = ArticleFactory()
    data = article_form(article, summary="No version sent.")
    del data["loaded_version"]
    assert editor_client.post(change_url(article), data).status_code == 302


def test_new_tag_made_of_digits_is_a_name_not_an_id(editor_client):
    existing = Tag.objects.create(name="Renewals", slug="renewals")
    article = ArticleFactory(tags=[])
    data = article_form(article, tags=[str(existing.pk), f"new:{existing.pk}", "new:renewals"])
    assert editor_client.post(change_url(article), data).status_code == 302
    # "renewals" is the existing tag whatever its case: no duplicate.
    assert sorted(article.tags.names()) == sorted(["Renewals", str(existing.pk)])
    assert Tag.objects.count() == 2


def test_restoring_an_event_raises_its_calendar_sequences(editor_client):
    event = EventFactory()
    talk = TalkFactory(event=event)
    import reversion

    with reversion.create_revision():
        event.save()
        talk.save()
    version = Version.objects.get_for_object(event).get()
    Event.objects.filter(pk=event.pk).update(sequence=5)
    Talk.objects.filter(pk=talk.pk).update(sequence=7)
    before = event_services.schedule_sequences(Event.objects.get(pk=event.pk))
    version.revision.revert(delete=True)  # the stored sequences are 0
    event_services.raise_sequences_after_restore(event, before=before)
    assert Event.objects.get(pk=event.pk).sequence == 6
    assert Talk.objects.get(pk=talk.pk).sequence == 8


def test_talk_speakers_are_billed_in_the_order_given():
    talk = TalkFactory()
    first, second, third = SpeakerFactory(), SpeakerFactory(), SpeakerFactory()
    event_services.set_talk_speakers(talk=talk, speakers=[first, second])
    kept = TalkSpeaker.objects.get(talk=talk, speaker=second)
    event_services.set_talk_speakers(talk=talk, speakers=[third, second])
    links = list(talk.speaker_links.values_list("speaker_id", "position"))
    assert links == [(third.pk, 1), (second.pk, 2)]
    assert TalkSpeaker.objects.get(talk=talk, speaker=second).pk == kept.pk
