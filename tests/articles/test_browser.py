"""A reader filtering, searching and reading; an editor scheduling a conversation."""

import datetime
import urllib.error
import urllib.request

import pytest
import time_machine
from django.utils import timezone

from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    ConversationFactory,
    ExchangeFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def status_of(url: str) -> int:
    """The status an anonymous reader gets (no cookies)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - live_server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def texts(locator):
    return [" ".join(text.split()) for text in locator.all_text_contents()]


def card_titles(page):
    return page.locator(".card-list h2").all_inner_texts()


@pytest.fixture
def small_library(db):
    interviewer = AuthorFactory(name="Curtis Bingham", slug="curtis-bingham")
    talk = ConversationFactory(
        title="Earned authority through transparency",
        interviewer=interviewer,
        authors=[interviewer],
        tags=["Authority"],
    )
    ExchangeFactory(article=talk, speaker="interviewer", text="<p>What did openness look like?</p>")
    ExchangeFactory(article=talk, speaker="interviewee", text="<p>A weekly note to peers.</p>")
    ConversationFactory(title="Rebuilding trust after a tragedy", tags=["Crisis response"])
    ArticleFactory(title="Four ways to grow Earned Authority", tags=["Authority"])
    ArticleFactory(title="Three steps in a crisis", tags=["Crisis response"])
    return talk


def test_reader_filters_the_library(live_server, page, small_library):
    page.goto(live_server.url + "/library/")
    assert page.locator("#result-count").inner_text().startswith("4 items.")
    page.get_by_label("Kind", exact=True).select_option("conversation")
    page.get_by_label("Tag", exact=True).select_option(label="Authority")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/library/?*")
    assert "kind=conversation" in page.url and "tag=authority" in page.url
    assert page.locator("#result-count").inner_text().startswith("1 item, filtered.")
    assert card_titles(page) == ["Earned authority through transparency"]
    # The filtered view is in the address, so it can be shared.
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    assert card_titles(other) == ["Earned authority through transparency"]
    assert other.get_by_label("Kind", exact=True).input_value() == "conversation"
    # A filter that matches nothing says so.
    page.get_by_label("Tag", exact=True).select_option(label="Crisis response")
    page.get_by_label("Kind", exact=True).select_option("article")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    assert card_titles(page) == ["Three steps in a crisis"]


def test_reader_searches_and_reads_a_conversation(live_server, page, small_library):
    page.goto(live_server.url + "/library/")
    search = page.get_by_label("Search the library")
    search.fill("tranparency")  # a typo
    search.press("Enter")
    page.wait_for_url("**/library/?q=*")
    notice = page.get_by_role("status").first.inner_text()
    assert notice == "No results for “tranparency”. Showing results for “transparency”."
    assert card_titles(page) == ["Earned authority through transparency"]
    page.get_by_role("link", name="Earned authority through transparency", exact=True).click()
    page.wait_for_url("**/library/*/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Earned authority through transparency"
    )
    conversation = page.get_by_role("region", name="The conversation")
    # Who speaks, as a screen reader hears it (the name, then "asks" or "answers") ...
    speakers = texts(conversation.locator(".exchange-speaker"))
    assert speakers == ["Curtis Bingham asks:", "Jay Topper answers:"]
    assert conversation.locator(".exchange-text").all_inner_texts() == [
        "What did openness look like?",
        "A weekly note to peers.",
    ]
    # ... and as it is seen: the question bold, the answer not.
    weights = conversation.locator(".exchange-text p").evaluate_all(
        "ps => ps.map(p => getComputedStyle(p).fontWeight)"
    )
    assert weights == ["700", "400"]
    pdf = page.get_by_role("link", name="Download PDF")
    assert pdf.get_attribute("href") == small_library.get_pdf_url()


def test_editor_schedules_a_conversation_that_goes_live_on_time(live_server, page, editor):
    page.goto(live_server.url + "/admin/login/?next=/admin/articles/article/add/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/articles/article/add/")

    page.locator("#id_title").press_sequentially("Jennifer Maul on the first year")
    assert page.input_value("#id_slug") == "jennifer-maul-on-the-first-year"
    page.select_option("#id_kind", "conversation")
    page.fill("#id_summary", "How a new CCO proved the role's value within twelve months.")
    page.fill("#id_interviewee_name", "Jennifer Maul")
    page.fill("#id_interviewee_title", "Chief Customer Officer")
    page.fill("#id_interviewee_organisation", "Vendavo")
    lines = [
        ("interviewer", "What did you tackle first?"),
        ("interviewee", "Renewals, because nobody could say which customers were at risk."),
    ]
    for index, (speaker, text) in enumerate(lines):
        page.get_by_role("button", name="Add another exchange").click()
        page.select_option(f"#id_exchanges-{index}-speaker", speaker)
        page.locator(f"#exchanges-{index} .prose-editor > .ProseMirror").click()
        page.keyboard.type(text)

    page.select_option("#id_status", "published")
    go_live = timezone.localtime(timezone.now() + datetime.timedelta(hours=2)).replace(
        microsecond=0
    )
    page.fill("#id_published_at_0", go_live.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", go_live.strftime("%H:%M:%S"))
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    assert "Scheduled" in page.locator("#result_list").inner_text()

    url = live_server.url + "/library/jennifer-maul-on-the-first-year/"
    assert status_of(url) == 404
    # The live server runs in this process, so travelling in time moves its clock too.
    with time_machine.travel(go_live - datetime.timedelta(seconds=1)):
        assert status_of(url) == 404
    with time_machine.travel(go_live):
        assert status_of(url) == 200
        page.goto(url)
        speakers = texts(page.locator(".exchange-speaker"))
    assert speakers == ["Interviewer asks:", "Jennifer Maul answers:"]


@pytest.fixture
def full_page_of_results(db):
    for number in range(20):
        ArticleFactory(title=f"Customer piece {number}")


def test_on_a_phone_search_and_filters_come_before_the_results_behind_a_button(
    live_server, browser, full_page_of_results
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/library/")
    button = page.locator("summary", has_text="Search and filter")
    first_result = page.locator(".card-list > li").first

    # The button is on the first screen, above the results; the form waits behind it.
    assert button.bounding_box()["y"] < min(first_result.bounding_box()["y"], 844)
    assert page.get_by_label("Search the library").is_visible() is False

    button.click()
    page.get_by_label("Search the library").fill("piece 7")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/library/?q=piece+7*")

    # With a search in use, the form is open when the page comes back.
    assert page.get_by_label("Search the library").input_value() == "piece 7"
    assert card_titles(page) == ["Customer piece 7"]
    context.close()


def test_on_a_desktop_search_and_filters_are_shown_beside_the_results(
    live_server, page, full_page_of_results
):
    page.goto(live_server.url + "/library/")
    search = page.get_by_label("Search the library")
    first_result = page.locator(".card-list > li").first.bounding_box()

    assert search.is_visible() is True
    assert page.get_by_role("heading", name="Search and filter").is_visible() is True
    # Beside the results, at the top of the page.
    assert search.bounding_box()["x"] > first_result["x"] + first_result["width"]
    assert search.bounding_box()["y"] < 300


def test_editor_sets_a_covers_focal_point_with_a_click(live_server, page, editor, run_worker):
    from tests.pictures import attach, photo

    article = attach(ArticleFactory(title="With a cover"), "cover_image", photo((1800, 1200)))
    page.goto(live_server.url + f"/admin/login/?next=/admin/articles/article/{article.pk}/change/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"**/admin/articles/article/{article.pk}/change/")

    # A click a quarter of the way across and a fifth of the way down the picture.
    picture = page.locator(".focal-point-frame img")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.2})
    assert (
        page.input_value("#id_cover_image_focus_x"),
        page.input_value("#id_cover_image_focus_y"),
    ) == ("0.25", "0.20")
    marker = page.locator(".focal-point-marker").bounding_box()
    assert abs(marker["x"] + marker["width"] / 2 - (box["x"] + box["width"] * 0.25)) < 2

    page.locator("input[name=_continue]").first.click()
    page.wait_for_load_state()
    run_worker()
    article.refresh_from_db()
    assert (article.cover_image_focus_x, article.cover_image_focus_y, article.cover.ready) == (
        0.25,
        0.2,
        True,
    )
