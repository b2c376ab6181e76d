"""Preview links: a reviewer without an account sees an unpublished item until the link expires
or is revoked; nothing keeps or lists the page."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles.models import Series
from cco_council.core import previews
from cco_council.core.models import PreviewLink
from events.models import Event
from media_relations.models import PressRelease
from tests.articles.factories import ArticleFactory, DraftFactory, SeriesFactory
from tests.events.factories import EventFactory
from tests.media_relations.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


def preview_path(link):
    return f"/preview/{link.token}/"


def test_shared_preview_shows_a_draft_to_a_signed_out_reviewer(client, editor):
    draft = DraftFactory(title="Work in progress", summary="Not out yet.")
    link = previews.create_link(item=draft, user=editor, shared_with="Jay, for approval")
    response = client.get(preview_path(link))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="article-title">Work in progress</h1>' in html
    assert "This is a draft: readers cannot see it." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "Download PDF" not in html
    link.refresh_from_db()
    assert link.opened_count == 1


def test_shared_preview_of_a_scheduled_item_says_when(client, editor):
    scheduled = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=2))
    link = previews.create_link(item=scheduled, user=editor)
    html = client.get(preview_path(link)).content.decode()
    assert "Scheduled: readers see it from " in html


def test_shared_preview_of_an_event_a_series_and_a_release(client, editor):
    event = EventFactory(name="Summit draft", status=Event.Status.DRAFT)
    series = SeriesFactory(title="Series in the making")
    DraftFactory(title="Its first part", series=series, part_number=1)
    release = PressReleaseFactory(
        title="Embargoed news", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    for item, heading in [
        (event, "Summit draft"),
        (series, "Series in the making"),
        (release, "Embargoed news"),
    ]:
        response = client.get(preview_path(previews.create_link(item=item, user=editor)))
        assert response.status_code == 200, item
        html = response.content.decode()
        assert heading in html
        assert 'class="preview-banner"' in html
    # The public pages are still not there.
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(series.get_absolute_url()).status_code == 404
    assert client.get(release.get_absolute_url()).status_code == 404
    assert Series.objects.published().count() == 0
    assert PressRelease.objects.published().count() == 0


def test_revoked_link_is_gone(client, editor):
    link = previews.create_link(item=DraftFactory(), user=editor)
    previews.revoke_link(link=link, user=editor)
    response = client.get(preview_path(link))
    assert response.status_code == 410
    assert "This preview link was withdrawn" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_link_expires_after_seven_days(client, editor):
    draft = DraftFactory()
    with time_machine.travel(timezone.now(), tick=False):
        link = previews.create_link(item=draft, user=editor)
    assert link.expires_at - link.created_at == datetime.timedelta(days=7)
    with time_machine.travel(link.expires_at - datetime.timedelta(seconds=1)):
        assert client.get(preview_path(link)).status_code == 200
    with time_machine.travel(link.expires_at + datetime.timedelta(seconds=1)):
        response = client.get(preview_path(link))
    assert response.status_code == 410
    assert "This preview link has expired" in response.content.decode()


@pytest.mark.parametrize("token", ["1:forged-signature", "not-a-token", "1"])
def test_forged_token_is_not_found(client, editor, token):
    previews.create_link(item=DraftFactory(), user=editor)
    response = client.get(f"/preview/{token}/")
    assert response.status_code == 404
    assert "This preview link does not work" in response.content.decode()


def test_link_to_a_deleted_item_is_not_found(client, editor):
    draft = DraftFactory()
    link = previews.create_link(item=draft, user=editor)
    draft.delete()
    assert client.get(preview_path(link)).status_code == 404


def test_preview_is_never_served_from_the_page_cache(client, editor, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    draft = DraftFactory(title="First title")
    link = previews.create_link(item=draft, user=editor)
    assert "First title" in client.get(preview_path(link)).content.decode()
    draft.title = "Second title"
    draft.save()
    assert "Second title" in client.get(preview_path(link)).content.decode()


def test_editor_creates_and_revokes_a_link_in_the_admin(editor_client, editor):
    draft = DraftFactory()
    page = f"/admin/articles/article/{draft.pk}/preview-links/"
    change = editor_client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert f'<a href="{page}" class="previewlink">Share a preview</a>' in change
    response = editor_client.post(page, {"shared_with": "Board", "days": "3"})
    link = PreviewLink.objects.get()
    assert response["Location"] == f"{page}?created={link.pk}"
    assert (link.shared_with, link.created_by, link.item) == ("Board", editor, draft)
    assert link.expires_at - link.created_at == pytest.approx(
        datetime.timedelta(days=3), abs=datetime.timedelta(seconds=5)
    )
    listing = editor_client.get(page).content.decode()
    assert f"http://testserver/preview/{link.token}/" in listing
    editor_client.post(page, {"revoke": str(link.pk)})
    link.refresh_from_db()
    assert (link.is_revoked, link.revoked_by) == (True, editor)
    assert Client().get(preview_path(link)).status_code == 410


def test_link_for_another_item_cannot_be_revoked_from_this_one(editor_client, editor):
    mine, other = DraftFactory(), DraftFactory()
    link = previews.create_link(item=other, user=editor)
    response = editor_client.post(
        f"/admin/articles/article/{mine.pk}/preview-links/", {"revoke": str(link.pk)}
    )
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.is_revoked is False


def test_preview_links_page_needs_change_permission(client, django_user_model):
    draft = DraftFactory()
    user = django_user_model.objects.create_user("viewer", password="x" * 12, is_staff=True)
    client.force_login(user)
    response = client.get(f"/admin/articles/article/{draft.pk}/preview-links/")
    assert response.status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_share_open_revoke_and_reopen_a_preview_link(live_server, editor_page, browser):
    page = editor_page
    draft = DraftFactory(title="A draft for the board")
    page.goto(f"{live_server.url}/admin/articles/article/{draft.pk}/change/")
    page.get_by_role("link", name="Share a preview").click()
    page.get_by_label("Shared with").fill("The board")
    page.get_by_role("button", name="Create a preview link").click()
    page.wait_for_url("**/preview-links/?created=*")
    url = page.get_by_label("Preview link 1").input_value()
    assert url.startswith(f"{live_server.url}/preview/")

    # A reviewer with no account, in a browser of their own.
    reviewer = browser.new_context().new_page()
    response = reviewer.goto(url)
    assert response.status == 200
    assert reviewer.get_by_role("heading", level=1).inner_text() == "A draft for the board"
    banner = reviewer.get_by_role("region", name="Preview").inner_text()
    # "Preview" is set in capitals by the stylesheet.
    assert banner.startswith("PREVIEW This is a draft: readers cannot see it. Shared by editor;")

    page.get_by_role("button", name="Revoke link 1").click()
    page.wait_for_load_state()
    assert "The link was revoked" in page.locator(".messagelist").inner_text()

    response = reviewer.goto(url)
    assert response.status == 410
    assert reviewer.get_by_role("heading", level=1).inner_text() == (
        "This preview link was withdrawn"
    )
    reviewer.context.close()
