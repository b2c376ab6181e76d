import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_sees_home_page_with_navigation(live_server, page):
    page.goto(live_server.url + "/")
    assert page.title() == "CCO Council"
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link").all_inner_texts() == [
        "Library",
        "Conversations",
        "Series",
        "Events",
        "Press",
        "Members: sign in",
        "Become a member",
    ]
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Where chief customer officers compare notes"
    )
    # The skip link is the first thing a keyboard reaches, and it is visible when focused.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    assert page.get_by_role("contentinfo").get_by_text("Media inquiries").is_visible()


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_footer_reaches_the_bottom_of_a_short_page(live_server, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(live_server.url + "/no-such-page/")

    bottom = page.evaluate(
        "() => [document.querySelector('.site-footer').getBoundingClientRect().bottom,"
        " document.documentElement.scrollHeight]"
    )

    # No band of white under the footer: it ends where the window does.
    assert bottom == [height, height]
    context.close()
