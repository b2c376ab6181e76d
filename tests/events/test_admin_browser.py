"""An editor on an event's page, in Chromium: speakers per talk, the zone, no server-time note."""

import pytest
from playwright.sync_api import expect

from events.models import Event
from tests.events.factories import EventFactory, SpeakerFactory, TalkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_speaker(page, talk_index, name):
    field = page.locator(f"#talks-{talk_index} .field-speaker_list")
    field.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").type(name)
    page.get_by_role("option", name=name, exact=True).click()


def test_editor_adds_speakers_to_talks_on_the_event_page(live_server, editor_page):
    page = editor_page
    event = EventFactory(name="Customer Leaders Summit", timezone="America/Los_Angeles")
    keynote = TalkFactory(event=event, title="Keynote")
    panel = TalkFactory(event=event, title="Panel")
    SpeakerFactory(name="Jeanne Bliss")
    SpeakerFactory(name="Guy Nirpaz")
    SpeakerFactory(name="Helen Burt")
    url = f"{live_server.url}/admin/events/event/{event.pk}/change/"
    page.goto(url)
    choose_speaker(page, 0, "Jeanne Bliss")
    choose_speaker(page, 1, "Helen Burt")
    choose_speaker(page, 1, "Guy Nirpaz")
    page.locator("#talks-1 .field-abstract .ProseMirror[contenteditable=true]").click()
    page.keyboard.type(" With questions from the room.")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(url)
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert [s.name for s in keynote.speaker_list] == ["Jeanne Bliss"]
    # Billed in the order chosen, numbered 1, 2.
    assert [s.name for s in panel.speaker_list] == ["Helen Burt", "Guy Nirpaz"]
    assert list(panel.speaker_links.values_list("position", flat=True)) == [1, 2]
    panel.refresh_from_db()
    assert panel.abstract.endswith("With questions from the room.</p>")
    # The page shows them again in that order.
    chosen = page.locator("#talks-1 .field-speaker_list .select2-selection__choice")
    expect(chosen).to_have_text(["×Helen Burt", "×Guy Nirpaz"])


def test_times_say_the_events_zone_not_the_servers(live_server, browser, editor):
    from django.conf import settings
    from django.test import Client

    # A browser in Tokyo: Django's admin would say "you are N hours ahead of server time".
    context = browser.new_context(timezone_id="Asia/Tokyo", viewport={"width": 1280, "height": 900})
    client = Client()
    client.force_login(editor)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    event = EventFactory(timezone="America/Los_Angeles")
    TalkFactory(event=event)
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    page.wait_for_load_state("load")
    notes = page.locator(".field-start .timezonewarning, .field-end .timezonewarning")
    # The event's start and end, the talk's, and those of the row "Add another talk" copies.
    expect(notes).to_have_text(["In the event's time zone, America/Los_Angeles."] * 6)
    times = page.locator(".field-start, .field-end").all_inner_texts()
    assert [text for text in times if "server time" in text] == []
    # The publish time is in the site's zone: Django's note stays there, and is true.
    assert "server time" in page.locator(".field-published_at").inner_text()
    context.close()


def test_editor_finds_a_time_zone_by_typing_a_city(live_server, editor_page):
    page = editor_page
    event = EventFactory(timezone="America/New_York")
    url = f"{live_server.url}/admin/events/event/{event.pk}/change/"
    page.goto(url)
    page.locator(".field-timezone .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").type("Los Ang")
    page.get_by_role("option", name="America/Los Angeles").first.wait_for()
    page.keyboard.press("Enter")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(url)
    assert Event.objects.get(pk=event.pk).timezone == "America/Los_Angeles"
