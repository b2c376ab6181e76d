import zoneinfo
from datetime import datetime

import pytest
from icalendar import Calendar

from events import demo
from events.models import Talk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LA = zoneinfo.ZoneInfo("America/Los_Angeles")


def test_reader_finds_summit_opens_speaker_and_downloads_calendar(live_server, page):
    demo.seed()
    page.goto(live_server.url + "/events/")
    assert page.get_by_role("heading", level=1).inner_text() == "Events"
    page.get_by_role("link", name="Customer Success Summit 2014").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Customer Success Summit 2014"
    assert page.get_by_text("This event has passed.").is_visible()
    assert page.locator(".event-when").inner_text() == (
        "Thursday, April 24, 2014, 8:30 AM – 5:30 PM PDT"
    )
    agenda_times = page.locator(".agenda-time time").all_inner_texts()
    assert agenda_times == ["9:00 AM – 9:40 AM PDT", "9:45 AM – 10:30 AM PDT"]

    href = page.get_by_role("link", name="Add to calendar (.ics)").get_attribute("href")
    assert href == "/events/totango-customer-success-summit-2014.ics"
    response = page.request.get(live_server.url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.body())
    starts = sorted(
        (component.decoded("DTSTART"), str(component["SUMMARY"]))
        for component in calendar.walk("VEVENT")
    )
    assert starts == [
        (datetime(2014, 4, 24, 8, 30, tzinfo=LA), "Customer Success Summit 2014"),
        (
            datetime(2014, 4, 24, 9, 0, tzinfo=LA),
            "Customer success: a manifesto in six points (Guy Nirpaz)",
        ),
        (
            datetime(2014, 4, 24, 9, 45, tzinfo=LA),
            "What a chief customer officer does: a five-point job description (Jeanne Bliss)",
        ),
    ]

    page.locator(".event-speakers").get_by_role("link", name="Jeanne Bliss").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Jeanne Bliss"
    talk_link = page.get_by_role(
        "link", name="What a chief customer officer does: a five-point job description"
    )
    assert talk_link.is_visible()
    talk_link.click()
    talk = Talk.objects.get(title__startswith="What a chief customer officer does")
    assert page.url == (
        f"{live_server.url}/events/totango-customer-success-summit-2014/#talk-{talk.pk}"
    )


def test_talk_titles_are_larger_than_the_text_under_them(live_server, page):
    demo.seed()
    page.goto(live_server.url + "/events/totango-customer-success-summit-2014/")
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('.agenda-item')].map(item => ["
        " parseFloat(getComputedStyle(item.querySelector('h4')).fontSize),"
        " parseFloat(getComputedStyle(item.querySelector('.prose p')).fontSize)])"
    )

    assert len(sizes) == 2
    assert [title >= 1.2 * text for title, text in sizes] == [True, True]
