import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from taggit.models import Tag

from articles import services
from articles.models import Article, TitleWord
from tests.articles.factories import (
    ArticleFactory,
    ConversationFactory,
    DraftFactory,
    ExchangeFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_scheduled():
    live = ArticleFactory()
    DraftFactory()
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(minutes=5))
    assert list(Article.objects.published()) == [live]


def test_scheduled_item_goes_live_when_its_time_comes():
    soon = ArticleFactory(published_at=timezone.now() + datetime.timedelta(seconds=1))
    assert not Article.objects.published().filter(pk=soon.pk).exists()
    Article.objects.filter(pk=soon.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert Article.objects.published().filter(pk=soon.pk).exists()


def test_tags_are_case_insensitive():
    first = ArticleFactory(tags=["CX"])
    second = ArticleFactory()
    second.tags.add("cx", "Cx", "Loyalty", "loyalty")
    assert sorted(second.tags.names()) == ["CX", "Loyalty"]
    assert Tag.objects.filter(name__iexact="cx").count() == 1
    assert list(first.tags.names()) == ["CX"]


def test_body_is_sanitized_on_save():
    article = ArticleFactory(
        body='<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">l</a></p>'
    )
    article.refresh_from_db()
    assert article.body == '<p>Hi <a rel="noopener noreferrer">l</a></p>'


def test_exchange_text_is_sanitized_on_save():
    exchange = ExchangeFactory(text="<p>Yes<img src=x onerror=alert(1)></p>")
    exchange.refresh_from_db()
    assert exchange.text == "<p>Yes</p>"


def test_slug_filled_from_title_and_kept_unique():
    first = Article.objects.create(title="Earned Authority", summary="s", body="<p>b</p>")
    second = Article.objects.create(title="Earned authority!", summary="s", body="<p>b</p>")
    assert (first.slug, second.slug) == ("earned-authority", "earned-authority-2")


def test_publishing_without_time_sets_it_now():
    article = DraftFactory()
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    assert article.published_at <= timezone.now()


def test_part_number_unique_within_series():
    series = SeriesFactory()
    ArticleFactory(series=series, part_number=1)
    # The constraint is checked when the transaction ends (parts may swap numbers meanwhile).
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(series=series, part_number=1)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS unique_part_in_series IMMEDIATE")


def test_part_number_taken_is_a_clear_validation_error():
    series = SeriesFactory()
    ArticleFactory(series=series, part_number=2)
    article = ArticleFactory.build(series=series, part_number=2)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.messages == ["That part number is already taken in this series."]


def test_empty_body_cannot_be_published():
    article = ArticleFactory.build(body="<p></p>")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.message_dict == {"body": ["The body is empty: write it before publishing."]}


def test_conversation_needs_interviewee():
    conversation = ConversationFactory.build(interviewee_name="", interviewer=None)
    with pytest.raises(ValidationError) as error:
        conversation.full_clean()
    assert error.value.message_dict == {
        "interviewee_name": ["A conversation needs the interviewee's name."]
    }


def test_search_vector_follows_exchanges_and_authors():
    conversation = ConversationFactory(title="Usage is king")
    ExchangeFactory(article=conversation, text="<p>Renewals depend on onboarding.</p>")
    conversation.refresh_from_db()
    assert "onboard" in conversation.search_vector
    author = conversation.interviewer
    conversation.author_links.create(author=author)
    author.name = "Zebediah Quillfeather"
    author.save()
    services.author_changed(author_id=author.pk)
    conversation.refresh_from_db()
    assert "quillfeath" in conversation.search_vector


def test_title_words_collected():
    ArticleFactory(title="Borrowed Authority in practice")
    assert {"borrowed", "authority", "practice"} <= set(
        TitleWord.objects.values_list("word", flat=True)
    )
    word = TitleWord.objects.get(word="authority")
    assert sorted(word.trigrams) == sorted(
        ["  a", " au", "aut", "uth", "tho", "hor", "ori", "rit", "ity", "ty "]
    )


def test_reading_minutes_counts_body_and_exchanges():
    article = ArticleFactory.build(body="<p>" + "word " * 460 + "</p>", introduction="")
    assert article.reading_minutes() == 2
    exchanges = [ExchangeFactory.build(text="<p>" + "w " * 230 + "</p>")]
    assert article.reading_minutes(exchanges) == 3
