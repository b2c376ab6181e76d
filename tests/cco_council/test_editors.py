"""The editors' home: the next two weeks, recent drafts, new inquiries; accessible."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from cco_council import editors
from cco_council.core import dashboard
from events.models import Event
from members.models import Application
from tests.articles.factories import ArticleFactory, DraftFactory
from tests.cco_council.test_accessibility import AXE, violations
from tests.events.factories import EventFactory
from tests.media_relations.factories import InquiryFactory, PressReleaseFactory

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=NEW_YORK)


@pytest.mark.django_db
def test_agenda_lists_the_next_14_days_by_day_in_the_sites_zone(editor):
    with time_machine.travel(NOW, tick=False):
        # 23:30 in New York is the next day in UTC: the agenda files it under March 2.
        article = ArticleFactory(
            title="Goes live late",
            published_at=datetime.datetime(2027, 3, 2, 23, 30, tzinfo=NEW_YORK),
        )
        release = PressReleaseFactory(
            title="Embargoed", published_at=NOW + datetime.timedelta(days=3)
        )
        event = EventFactory(
            name="Spring summit",
            start=NOW + datetime.timedelta(days=10),
            published_at=NOW - datetime.timedelta(days=1),
        )
        ArticleFactory(title="Too far", published_at=NOW + datetime.timedelta(days=15))
        ArticleFactory(title="Already live", published_at=NOW - datetime.timedelta(hours=1))
        DraftFactory(title="A draft")
        agenda = editors.agenda(editor)
    article_url = f"/admin/articles/article/{article.pk}/change/"
    release_url = f"/admin/media_relations/pressrelease/{release.pk}/change/"
    event_url = f"/admin/events/event/{event.pk}/change/"
    assert [
        (day.isoformat(), [(e.when.strftime("%H:%M"), e.what, e.title, e.url) for e in entries])
        for day, entries in agenda
    ] == [
        ("2027-03-02", [("23:30", "Goes live", "Article: Goes live late", article_url)]),
        ("2027-03-04", [("09:00", "Release embargo lifts", "Embargoed", release_url)]),
        ("2027-03-11", [("09:00", "Event starts", "Spring summit", event_url)]),
    ]


@pytest.mark.django_db
def test_home_shows_scheduled_items_drafts_and_new_inquiries(editor_client):
    ArticleFactory(
        title="Scheduled piece", published_at=timezone.now() + datetime.timedelta(days=2)
    )
    DraftFactory(title="Unfinished piece")
    EventFactory(name="Draft event", status=Event.Status.DRAFT)
    InquiryFactory(name="Ada Reporter", outlet="The Times")
    Application.objects.create(
        name="Jo Applicant",
        email="jo@example.org",
        job_title="CCO",
        company="Acme",
        reason="To learn.",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, status, args, attempts)"
            " VALUES ('mail', 'members.tasks.send_mail', 'failed', '{}', 3)"
        )
    response = editor_client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Article: Scheduled piece" in html
    panels = {panel.title: [row.text for row in panel.rows] for panel in response.context["panels"]}
    assert panels == {
        "Drafts changed lately": ["Draft event", "Unfinished piece"],
        "New press inquiries": ["Ada Reporter (The Times)"],
        "Failed jobs": ["members.tasks.send_mail"],
        "Applications waiting": ["Jo Applicant (Acme)"],
    }
    # The sections come after what needs attention.
    assert (
        html.index("Next 14 days") < html.index('id="app-list"')
        if 'id="app-list"' in html
        else True
    )
    assert html.index("Next 14 days") < html.index("Resource library")


@pytest.mark.django_db
def test_apps_add_panels_to_the_home(editor_client):
    def waiting(request):
        return dashboard.Panel(title="Applications waiting", rows=[dashboard.Row(text="A. Member")])

    dashboard.register(waiting)
    try:
        html = editor_client.get("/admin/").content.decode()
    finally:
        dashboard._builders.remove(waiting)
    assert "Applications waiting" in html and "A. Member" in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editor_sees_a_scheduled_item_on_the_home_and_axe_finds_nothing(
    live_server, editor, browser
):
    from django.conf import settings
    from django.test import Client

    if not AXE.exists():
        pytest.skip("node_modules/axe-core is missing: ./dev test installs it (npm ci)")
    item = ArticleFactory(
        title="Goes live on Thursday", published_at=timezone.now() + datetime.timedelta(days=3)
    )
    DraftFactory(title="Still a draft")
    InquiryFactory(name="Ada Reporter")
    client = Client()
    client.force_login(editor)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/admin/")
    assert page.title() == "Home | CCO Council editors"
    agenda = page.get_by_role("region", name="Next 14 days")
    link = agenda.get_by_role("link", name="Article: Goes live on Thursday")
    assert link.get_attribute("href") == f"/admin/articles/article/{item.pk}/change/"
    assert violations(page) == []
    link.click()
    page.wait_for_url(f"**/admin/articles/article/{item.pk}/change/")
    context.close()
