"""An editor in the library's admin, in Chromium: restoring, ordering, tagging, saving safely."""

import re

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect
from reversion.models import Version
from taggit.models import Tag

from articles import selectors, services
from articles.models import Article, Exchange
from tests.articles.factories import ArticleFactory, ConversationFactory, ExchangeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def exchange_texts(article):
    return list(article.exchanges.order_by("position", "id").values_list("text", flat=True))


def save_version(article, user, comment):
    """A version of the item as the admin saves one: the item with its exchanges and credits."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        article.save()
        for exchange in article.exchanges.all():
            exchange.save()


def test_editor_restores_an_older_version_of_a_conversation_with_its_exchanges(
    live_server, editor_page, editor
):
    page = editor_page
    conversation = ConversationFactory(title="Jay Topper on authority")
    ExchangeFactory(article=conversation, position=1, text="<p>What came first?</p>")
    ExchangeFactory(article=conversation, position=2, text="<p>Trust, earned weekly.</p>")
    save_version(conversation, editor, "First version.")
    # Later: one exchange rewritten, one added, the title changed.
    first = conversation.exchanges.get(position=1)
    first.text = "<p>What did you change first?</p>"
    first.save()
    Exchange.objects.create(
        article=conversation, speaker="interviewer", position=3, text="<p>And then?</p>"
    )
    conversation.title = "Jay Topper on earned authority"
    save_version(conversation, editor, "Second version.")
    services.item_changed(article_ids=[conversation.pk])

    page.goto(f"{live_server.url}/admin/articles/article/{conversation.pk}/change/")
    page.get_by_role("link", name="History").click()
    page.wait_for_url("**/history/")
    rows = page.locator("#change-history tbody tr")
    assert rows.count() == 2
    assert re.sub(r"\s+", " ", rows.nth(1).inner_text()).strip().endswith("editor First version.")
    rows.nth(1).get_by_role("link").click()
    page.wait_for_url("**/history/*/")
    # The form shows the version as it was: its title and its two exchanges.
    assert page.input_value("#id_title") == "Jay Topper on authority"
    assert page.locator("#exchanges-group .inline-related.has_original").count() == 2
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/admin/articles/article/")

    conversation.refresh_from_db()
    assert conversation.title == "Jay Topper on authority"
    assert exchange_texts(conversation) == [
        "<p>What came first?</p>",
        "<p>Trust, earned weekly.</p>",
    ]
    # The restore went through the admin's save: search follows the restored text.
    found = selectors.search_with_correction("earned weekly", Article.objects.all()).results
    assert list(found) == [conversation]
    # Restoring is itself a new version, with who and when.
    versions = Version.objects.get_for_object(conversation).select_related("revision__user")
    assert versions.count() == 3
    newest = versions.first().revision
    assert newest.user == editor
    assert newest.comment.startswith("Reverted to previous version, saved on ")


def test_editor_compares_two_versions(live_server, editor_page, editor):
    page = editor_page
    article = ArticleFactory(title="Before", tags=["Loyalty"])
    save_version(article, editor, "First.")
    article.title = "After"
    article.tags.set(["Loyalty", "Renewals"])
    save_version(article, editor, "Second.")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    page.get_by_role("button", name="compare").click()
    page.wait_for_url("**/history/compare/*")
    body = page.locator("#content-main").inner_text()
    assert "Before" in body and "After" in body
    assert "Renewals" in body


def drag(page, source, target):
    """Press on ``source``, move in small steps to the top edge of ``target``, let go (both
    on screen: the target scrolled to the top)."""
    target.evaluate("element => element.scrollIntoView({block: 'start'})")
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + 40, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + 40, end["y"] + 2, steps=20)
    page.mouse.up()


def inline_rows(page):
    return page.locator("#exchanges-group .inline-related.has_original")


def test_editor_reorders_exchanges_by_drag_and_by_keyboard(live_server, editor_page):
    page = editor_page
    conversation = ConversationFactory()
    for position, text in enumerate(["One", "Two", "Three"], start=1):
        ExchangeFactory(article=conversation, position=position, text=f"<p>{text}</p>")
    url = f"{live_server.url}/admin/articles/article/{conversation.pk}/change/"

    page.goto(url)
    # Drag the third exchange's title bar above the first.
    rows = inline_rows(page)
    drag(page, rows.nth(2).locator(":scope > h3"), rows.nth(0).locator(":scope > h3"))
    # The list settles after the drop (sortable's animation): save once it has, not before.
    expect(rows.nth(0)).to_contain_text("Three")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(url)
    assert exchange_texts(conversation) == ["<p>Three</p>", "<p>One</p>", "<p>Two</p>"]
    assert list(conversation.exchanges.values_list("position", flat=True)) == [1, 2, 3]

    # The keyboard: Tab to the first exchange's "Move down" and press Enter, twice.
    move_down = page.get_by_role("button", name="Move down: Exchange 1")
    move_down.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Move down: Exchange 2"
    )
    page.keyboard.press("Enter")
    assert page.get_by_role("status").filter(has_text="moved").inner_text() == (
        "Exchange moved to position 3 of 3."
    )
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(url)
    assert exchange_texts(conversation) == ["<p>One</p>", "<p>Two</p>", "<p>Three</p>"]
    assert list(conversation.exchanges.values_list("position", flat=True)) == [1, 2, 3]


def test_new_exchange_goes_to_the_end(live_server, editor_page):
    page = editor_page
    conversation = ConversationFactory()
    ExchangeFactory(article=conversation, position=1, text="<p>First</p>")
    url = f"{live_server.url}/admin/articles/article/{conversation.pk}/change/"
    page.goto(url)
    page.get_by_role("button", name="Add another exchange").click()
    page.select_option("#id_exchanges-1-speaker", "interviewee")
    page.locator("#exchanges-1 .ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Second")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(url)
    assert exchange_texts(conversation) == ["<p>First</p>", "<p>Second</p>"]
    assert list(conversation.exchanges.values_list("position", flat=True)) == [1, 2]


def test_editor_picks_an_existing_tag_with_enter(live_server, editor_page):
    page = editor_page
    Tag.objects.create(name="Customer engagement", slug="customer-engagement")
    article = ArticleFactory(tags=[])
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    page.goto(url)
    page.locator(".field-tags .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.type("Customer eng")
    # Existing tags first, the offer to create a new one last.
    expect(page.locator(".select2-results__option")).to_have_text(
        ["Customer engagement", "Create tag “Customer eng”"]
    )
    search.press("Enter")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(url)
    assert list(article.tags.names()) == ["Customer engagement"]
    assert list(Tag.objects.values_list("name", flat=True)) == ["Customer engagement"]


def test_editor_creates_a_tag_only_by_choosing_create(live_server, editor_page):
    page = editor_page
    Tag.objects.create(name="Loyalty", slug="loyalty")
    article = ArticleFactory(tags=[])
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    page.goto(url)
    page.locator(".field-tags .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.type("LOYALTY")
    # Same name in another case: the existing tag, and no offer to create another.
    expect(page.locator(".select2-results__option")).to_have_text(["Loyalty"])
    search.fill("")
    search.type("Renewal risk")
    page.get_by_role("option", name="Create tag “Renewal risk”").click()
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(url)
    assert sorted(article.tags.names()) == ["Renewal risk"]
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Loyalty", "Renewal risk"]


def test_editor_is_warned_when_someone_else_saved_since_opening(
    live_server, editor_page, superuser
):
    page = editor_page
    article = ArticleFactory(title="Shared draft", summary="First summary.")
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    page.goto(url)
    # Meanwhile another editor saves the item.
    other = Article.objects.get(pk=article.pk)
    other.summary = "Their summary."
    other.updated_by = superuser
    other.save()
    page.fill("#id_summary", "My summary.")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_load_state()
    error = page.locator(".errorlist.nonfield").inner_text()
    assert error.startswith("root saved this article at ")
    assert "your changes are still in the form below" in error
    assert page.input_value("#id_summary") == "My summary."
    article.refresh_from_db()
    assert article.summary == "Their summary."
    # Having seen it, the editor saves again on purpose: their version is kept.
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(url)
    article.refresh_from_db()
    assert article.summary == "My summary."


def test_leaving_a_changed_form_asks_first(live_server, editor_page):
    page = editor_page
    article = ArticleFactory()
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.wait_for_load_state("load")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    # Unchanged: leaving is silent.
    page.goto(f"{live_server.url}/admin/")
    assert dialogs == []
    page.go_back()
    page.wait_for_load_state("load")
    page.locator(".field-body .ProseMirror[contenteditable=true]").click()
    page.keyboard.type(" More words.")
    page.get_by_role("link", name="Home").first.click()
    assert dialogs == ["beforeunload"]
    assert "/change/" in page.url


def test_body_editor_opens_with_room_and_spell_checking(live_server, editor_page):
    page = editor_page
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    body = page.locator(".field-body .ProseMirror[contenteditable=true]")
    assert body.get_attribute("spellcheck") != "false"
    assert body.evaluate("element => element.spellcheck") is True
    assert body.bounding_box()["height"] >= 280


def test_series_parts_reorder_by_keyboard(live_server, editor_page):
    from tests.articles.factories import SeriesFactory

    page = editor_page
    series = SeriesFactory()
    for number, title in enumerate(["Part A", "Part B", "Part C"], start=1):
        ArticleFactory(series=series, part_number=number, title=title)
    url = f"{live_server.url}/admin/articles/series/{series.pk}/change/"
    page.goto(url)
    page.get_by_role("button", name="Move up: Part 3").click()
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(url)
    parts = series.parts.order_by("part_number").values_list("title", "part_number")
    assert list(parts) == [("Part A", 1), ("Part C", 2), ("Part B", 3)]


def test_author_credits_reorder_by_keyboard(live_server, editor_page):
    from tests.articles.factories import AuthorFactory

    page = editor_page
    first, second = AuthorFactory(name="Ann First"), AuthorFactory(name="Ben Second")
    article = ArticleFactory(authors=[first, second])
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    page.goto(url)
    page.get_by_role("button", name="Move up: Author 2").click()
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(url)
    credits = article.author_links.order_by("position").values_list("author__name", "position")
    assert list(credits) == [("Ben Second", 1), ("Ann First", 2)]
    assert ContentType.objects.get_for_model(Article)  # the credits' history follows the item
