"""axe-core in Chromium on every public page type, and the keyboard on each: 0 violations."""

import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.pages import public_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def site(live_server):
    call_command("seed_demo", force=True, verbosity=0)
    return live_server.url


@pytest.fixture(params=[1280, 390], ids=["desktop", "phone"])
def axe_page(browser, request):
    if not AXE.exists():
        message = "node_modules/axe-core is missing: ./dev test installs it (npm ci)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    # axe is injected by the test, not served by the site: let it past the page's CSP.
    context = browser.new_context(viewport={"width": request.param, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def violations(page):
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async () => JSON.stringify((await axe.run(document, "
        "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
        " 'best-practice']}})).violations.map(v => ({id: v.id, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))"
    )
    return json.loads(result)


def test_axe_finds_no_violations_on_any_page_type(site, axe_page):
    found = {}
    for name, path in public_paths().items():
        axe_page.goto(site + path)
        if problems := violations(axe_page):
            found[name] = problems
    assert found == {}


def test_axe_finds_no_violations_on_inquiry_errors_and_thank_you(site, axe_page):
    axe_page.goto(site + "/press/inquiry/")
    axe_page.locator("main form button[type=submit]").click()
    axe_page.wait_for_load_state()
    assert axe_page.locator(".errorlist").count() > 0
    assert violations(axe_page) == []

    axe_page.fill("input[name=name]", "Ada Reporter")
    axe_page.fill("input[name=outlet]", "The Customer Times")
    axe_page.fill("input[name=email]", "ada@example.org")
    axe_page.fill("textarea[name=message]", "When is the next summit?")
    axe_page.locator("main form button[type=submit]").click()
    axe_page.wait_for_url("**/thanks/")
    assert violations(axe_page) == []


def test_every_page_type_is_usable_by_keyboard_with_visible_focus(site, page):
    for name, path in public_paths().items():
        page.goto(site + path)
        seen = 0
        for _ in range(25):
            page.keyboard.press("Tab")
            focus = page.evaluate(
                "() => { const e = document.activeElement; if (!e || e === document.body)"
                " return null; const s = getComputedStyle(e); return {tag: e.tagName, type: e.type,"
                " outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,"
                " visible: !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length)}; }"
            )
            if focus is None:
                continue
            seen += 1
            if focus["type"] == "date" and not focus["outline"]:
                # The date field's own picker button, inside the browser's shadow DOM, which
                # draws its own focus ring there.
                continue
            assert focus["outline"], (name, focus)
            assert focus["visible"], (name, focus)
        assert seen >= 5, name


def test_images_have_alt_text_width_and_height(site, page):
    found = {}
    for name, path in public_paths().items():
        page.goto(site + path)
        missing = page.evaluate(
            "() => [...document.images].filter(i => !['alt', 'width', 'height']"
            ".every(a => i.hasAttribute(a))).map(i => i.src)"
        )
        if missing:
            found[name] = missing
    assert found == {}
