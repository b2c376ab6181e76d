import shutil

import pytest

from articles import caching, demo
from articles.models import Article, Author, Series
from cco_council.core.demo import DemoDataError

pytestmark = pytest.mark.django_db

RECAP_URL = (
    "https://www.cmswire.com/cms/customer-experience/"
    "how-to-be-a-great-chief-customer-officer-024576.php"
)


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
    assert published.filter(source_url=RECAP_URL).count() == 1
    hidden = Article.objects.exclude(pk__in=published.values("pk"))
    assert sorted(hidden.values_list("slug", "status")) == [
        ("draft-pricing-conversations-with-customers", "draft"),
        ("the-next-decade-of-the-cco-role", "published"),
    ]
    for article in published:
        assert 1 <= article.tags.count() <= 4, article.slug


def test_demo_seed_is_idempotent():
    demo.seed()
    before = list(Article.objects.order_by("pk").values_list("pk", "updated_at"))
    version = caching.library_version()
    summary = demo.seed()
    after = list(Article.objects.order_by("pk").values_list("pk", "updated_at"))
    assert after == before
    assert caching.library_version() == version
    assert summary.endswith("(0 new rows).")


def test_demo_items_are_searchable(client):
    demo.seed()
    response = client.get("/library/", {"q": "earned authority"})
    titles = [a.title for a in response.context["object_list"]]
    assert "Four ways to grow your Earned Authority" in titles


def test_demo_seed_stores_an_editors_edit_of_a_data_file(tmp_path, client):
    data = shutil.copytree(demo.DATA, tmp_path / "demo_data")
    path = data / "articles" / "who-owns-your-customer-experience.md"
    text = path.read_text()
    path.write_text(
        text.replace("has a name and a budget.", "has a name, a budget and a deadline.")
    )
    demo.seed()
    demo.seed(data)
    article = Article.objects.get(slug="who-owns-your-customer-experience")
    assert article.body == (
        "<p>When an experience breaks between two departments, somebody has to own the gap. "
        "In the companies that do this well, that somebody has a name, a budget and a "
        "deadline.</p>"
    )
    response = client.get("/library/", {"q": "deadline"})
    assert [a.slug for a in response.context["object_list"]] == [article.slug]


def test_demo_seed_stores_markup_in_an_exchange_as_text(tmp_path):
    data = shutil.copytree(demo.DATA, tmp_path / "demo_data")
    path = data / "conversations" / "jay-topper-earned-authority.toml"
    text = path.read_text()
    question = 'text = "What did transparency look like day to day?"'
    assert question in text
    path.write_text(
        text.replace(question, 'text = "What did <b onclick=\\"x()\\">transparency</b> mean?"')
    )
    demo.seed(data)
    exchange = Article.objects.get(slug="jay-topper-earned-authority").exchanges.first()
    assert exchange.text == ('<p>What did &lt;b onclick="x()"&gt;transparency&lt;/b&gt; mean?</p>')


def test_demo_seed_refuses_a_published_item_without_a_date(tmp_path):
    data = shutil.copytree(demo.DATA, tmp_path / "demo_data")
    path = data / "articles" / "who-owns-your-customer-experience.md"
    path.write_text(path.read_text().replace("published_at = 2012-01-23T09:00:00-05:00\n", ""))
    with pytest.raises(DemoDataError) as error:
        demo.seed(data)
    assert str(error.value) == f"{path}: a published item needs its published_at."
    assert Article.objects.count() == 0
