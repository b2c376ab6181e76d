import pytest
from playwright.sync_api import expect

from media_relations.models import Inquiry
from tests.media_relations.factories import MediaContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_journalist_sends_inquiry_and_editor_answers_it(
    live_server, page, editor, mailoutbox, run_worker
):
    MediaContactFactory(
        name="Karen Budell", job_title="CMO", email="karen.budell@example.org", is_primary=True
    )

    # A journalist opens the press room: the contact card comes first.
    page.goto(live_server.url + "/press/")
    card = page.locator("#media-contact")
    assert card.get_by_text("Karen Budell").is_visible()
    # The honeypot stays out of sight: drawn off the left edge of the page.
    box = page.locator("#id_website").bounding_box()
    assert box["x"] + box["width"] <= 0

    form = page.locator("form.inquiry-form")
    form.get_by_label("Your name").fill("Dana Reporter")
    form.get_by_label("Outlet").fill("Example Daily")
    form.get_by_label("E-mail").fill("dana@news.example.com")
    form.get_by_label("Deadline").fill("2030-05-01")
    form.get_by_label("Topic").select_option("interview")
    form.get_by_label("Your question").fill("Could we interview the council's chair?")
    form.get_by_role("button", name="Send inquiry").click()

    page.wait_for_url(live_server.url + "/press/inquiry/thanks/?next=%2Fpress%2F")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Thank you: your inquiry is with us"
    )
    assert page.get_by_text(
        "Karen Budell, CMO, will answer you within one business day"
    ).is_visible()
    run_worker()  # the queue sends the contact's e-mail and the journalist's copy
    assert sorted(mail.to for mail in mailoutbox) == [
        ["dana@news.example.com"],
        ["karen.budell@example.org"],
    ]

    # An editor signs in, finds it in the inbox and marks it answered.
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Inquiries").click()
    page.get_by_role("link", name="Dana Reporter").first.click()
    page.get_by_label("Status").select_option("answered")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    inquiry = Inquiry.objects.get()
    assert (inquiry.status, inquiry.updated_by) == (Inquiry.Status.ANSWERED, editor)


def test_release_titles_are_larger_than_the_text_under_them(live_server, page):
    from tests.media_relations.factories import PressReleaseFactory

    PressReleaseFactory(title="A release", summary="One or two sentences for the press page.")
    for path in ("/press/", "/press/releases/"):
        page.goto(live_server.url + path)
        card = page.locator(".card", has_text="A release")
        title, summary = (
            float(element.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
            for element in (card.get_by_role("heading"), card.locator("p").last)
        )
        assert title >= 1.2 * summary, path
