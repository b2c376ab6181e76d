"""Every change list fits a 1280 px screen with the admin's navigation open: no column cut off."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHANGE_LISTS = [
    "articles/article", "articles/author", "articles/series", "articles/exchange",
    "events/event", "events/talk", "events/speaker", "events/talkspeaker",
    "media_relations/inquiry", "media_relations/pressrelease", "media_relations/coverage",
    "media_relations/mediacontact", "members/application", "members/member",
]  # fmt: skip


def test_change_lists_fit_1280_pixels(live_server, editor_page, superuser):
    call_command("seed_demo", force=True, verbosity=0)
    page = editor_page
    overflowing = {}
    for path in CHANGE_LISTS:
        page.goto(f"{live_server.url}/admin/{path}/")
        results = page.locator("#changelist .results")
        if not results.count():
            continue
        widths = results.evaluate("element => [element.scrollWidth, element.clientWidth]")
        if widths[0] > widths[1]:
            overflowing[path] = widths
    assert overflowing == {}
