import pytest

from articles import demo
from articles.models import Article, Author, Series

pytestmark = pytest.mark.django_db


def test_demo_seed_fills_the_library():
    demo.seed()
    published = Article.objects.published()
    assert published.count() >= 40
    conversations = published.conversations()
    assert sorted(set(conversations.values_list("interviewee_name", flat=True))) == [
        "Helen Burt",
        "Jasmine Green",
        "Jay Topper",
        "Jennifer Maul",
        "Peter Quinn",
    ]
    for conversation in conversations:
        assert conversation.exchanges.count() >= 4, conversation.slug
    topper = Series.objects.get(slug="jay-topper-on-usage-authority-and-engagement")
    assert list(topper.parts.order_by("part_number").values_list("part_number", flat=True)) == [
        1,
        2,
        3,
    ]
    assert Author.objects.get(slug="jasmine-green").organisation == "Nationwide Insurance"
    assert published.filter(body__contains="<blockquote>").count() >= 3
    assert published.filter(body__contains="<h2>").count() >= 5
    assert published.filter(source_url=demo.RECAP_URL).count() == 1
    assert not published.filter(slug__in=[spec["slug"] for spec in demo.UNPUBLISHED]).exists()
    for article in published:
        assert 1 <= article.tags.count() <= 4, article.slug


def test_demo_seed_is_idempotent():
    demo.seed()
    before = list(Article.objects.order_by("pk").values_list("pk", "updated_at"))
    summary = demo.seed()
    after = list(Article.objects.order_by("pk").values_list("pk", "updated_at"))
    assert after == before
    assert summary.endswith("(0 new rows).")


def test_demo_items_are_searchable(client):
    demo.seed()
    response = client.get("/library/", {"q": "earned authority"})
    titles = [a.title for a in response.context["object_list"]]
    assert "Four ways to grow your Earned Authority" in titles
