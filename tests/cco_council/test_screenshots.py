"""Screenshots of every page type at a desktop and a phone width, for a person to look at.

They are written to ``screenshots/`` (git-ignored; the README names it), one full-page PNG per
page type and width: ``screenshots/<page-type>-<width>.png``.
"""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.pages import public_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
WIDTHS = (1280, 390)


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_every_page_type(live_server, browser, width):
    call_command("seed_demo", force=True, verbosity=0)
    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    written = []
    for name, path in public_paths().items():
        page.goto(live_server.url + path)
        # Lazy pictures below the fold load as the page is scrolled; a full-page shot does not
        # scroll, so load them first.
        page.evaluate(
            "() => Promise.all([...document.images].map(i => { i.loading = 'eager';"
            " return i.decode().catch(() => null); }))"
        )
        target = SCREENSHOTS / f"{name.replace(' ', '-')}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        written.append(target)
    context.close()
    assert [path.exists() for path in written] == [True] * len(public_paths())
