import datetime

import pytest
import vobject
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from articles.models import Article
from events.models import Event
from media_relations import services
from media_relations.models import PressRelease
from tests.articles.factories import ArticleFactory
from tests.events.factories import EventFactory
from tests.media_relations.factories import (
    CoverageFactory,
    MediaContactFactory,
    PressKitAssetFactory,
    PressReleaseFactory,
)

pytestmark = pytest.mark.django_db


def test_press_page_contact_card_first_then_sections(client, primary):
    PressReleaseFactory(title="The council opens its press room")
    CoverageFactory(headline="Summit recap", outlet="CMSWire")
    html = client.get("/press/").content.decode()
    positions = [
        html.index('id="media-contact"'),
        html.index('id="releases"'),
        html.index('id="coverage"'),
        html.index('id="press-kit"'),
        html.index('id="inquiry"'),
    ]
    assert positions == sorted(positions)
    assert "<strong>Karen Budell</strong>, CMO" in html
    assert 'href="/press/contacts/karen-budell.vcf"' in html
    assert 'href="tel:+15550100147"' in html
    assert "The council opens its press room" in html
    assert 'Originally published at <a href="https://news.example.com/' in html


def test_press_page_feed_autodiscovery_in_head(client, primary):
    html = client.get("/press/").content.decode()
    head = html.split("</head>")[0]
    assert 'type="application/rss+xml"' in head and 'href="/press/feed/rss/"' in head
    assert 'type="application/atom+xml"' in head and 'href="/press/feed/atom/"' in head


def test_press_page_lists_only_published_releases_newest_first(client, primary):
    now = timezone.now()
    older = PressReleaseFactory(title="Older news", published_at=now - datetime.timedelta(days=9))
    newer = PressReleaseFactory(title="Newer news", published_at=now - datetime.timedelta(days=1))
    PressReleaseFactory(title="Draft news", status=PressRelease.Status.DRAFT)
    PressReleaseFactory(title="Embargoed news", published_at=now + datetime.timedelta(days=1))
    response = client.get("/press/")
    assert response.context["releases"] == [newer, older]
    html = response.content.decode()
    assert "Draft news" not in html
    assert "Embargoed news" not in html


def test_coverage_links_related_items_only_when_published(client, primary):
    live_event = EventFactory(name="Customer Success Summit 2016")
    draft_event = EventFactory(name="Secret Summit", status=Event.Status.DRAFT)
    live_article = ArticleFactory(title="What a CCO does")
    draft_article = ArticleFactory(title="Unfinished piece", status=Article.Status.DRAFT)
    CoverageFactory(headline="Live links", event=live_event, article=live_article)
    CoverageFactory(headline="Hidden links", event=draft_event, article=draft_article)
    html = client.get("/press/").content.decode()
    assert f'<a href="{live_event.get_absolute_url()}">Customer Success Summit 2016</a>' in html
    assert f'<a href="{live_article.get_absolute_url()}">What a CCO does</a>' in html
    assert "Secret Summit" not in html
    assert "Unfinished piece" not in html


def test_press_kit_downloads_from_media_url(client, primary, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    asset = PressKitAssetFactory(title="Council logo (SVG)")
    html = client.get("/press/").content.decode()
    assert asset.file.url.startswith("/media/press/kit/")
    assert f'<a href="{asset.file.url}" download>Council logo (SVG)</a>' in html
    assert "The CCO Council gathers chief customer officers." in html


def _press_setup(n):
    primary_ = MediaContactFactory(is_primary=True)
    for i in range(n):
        event = EventFactory()
        article = ArticleFactory()
        PressReleaseFactory(contact=primary_ if i % 2 else None)
        CoverageFactory(event=event, article=article)
        PressKitAssetFactory()


@pytest.mark.parametrize("n", [1, 3])
def test_press_page_query_count_fixed(client, django_assert_num_queries, n, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _press_setup(n)
    # primary contact; releases, coverage (visibility joined in), the kit with its assets
    with django_assert_num_queries(2):
        response = client.get("/press/")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_release_list_query_count_fixed(client, django_assert_num_queries, n):
    MediaContactFactory(is_primary=True)
    PressReleaseFactory.create_batch(n)
    # primary contact, count, page of releases; the next publish time (both then kept
    # site-wide, as a running site has them)
    with django_assert_num_queries(4):
        response = client.get("/press/releases/")
    assert len(response.context["releases"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_release_detail_query_count_fixed(client, django_assert_num_queries, n):
    MediaContactFactory(is_primary=True)
    releases = PressReleaseFactory.create_batch(n)
    # primary contact, the release; the next publish time (kept site-wide after)
    with django_assert_num_queries(3):
        response = client.get(releases[-1].get_absolute_url())
    assert response.status_code == 200


def test_release_page_ends_with_media_inquiry_line(client, primary):
    release = PressReleaseFactory(title="Summit dates announced", body="<p>Save the date.</p>")
    html = client.get(release.get_absolute_url()).content.decode()
    assert "<h1>Summit dates announced</h1>" in html
    assert (
        "<strong>Media inquiries:</strong> contact Karen Budell, CMO, at "
        '<a href="mailto:karen.budell@example.org">karen.budell@example.org</a> or '
        '<a href="tel:+15550100147">+1 (555) 010-0147</a>.'
    ) in html
    assert html.index("Save the date.") < html.index("Media inquiries:</strong>")


def test_release_page_names_its_own_contact_over_the_primary(client, primary):
    own = MediaContactFactory(name="Sam Events", job_title="Events Lead")
    release = PressReleaseFactory(contact=own)
    response = client.get(release.get_absolute_url())
    assert response.context["contact"] == own
    assert "contact Sam Events, Events Lead" in response.content.decode()


def test_release_without_contact_names_the_current_primary(client, primary):
    release = PressReleaseFactory(contact=None)
    successor = MediaContactFactory(name="New Person", job_title="VP Communications")
    services.set_primary_contact(contact=successor)
    response = client.get(release.get_absolute_url())
    assert response.context["contact"] == successor


@pytest.mark.parametrize(
    "status_and_time",
    [("draft", -1), ("published", 1)],
)
def test_unpublished_release_404(client, primary, status_and_time):
    status, days = status_and_time
    release = PressReleaseFactory(
        status=status, published_at=timezone.now() + datetime.timedelta(days=days)
    )
    assert client.get(release.get_absolute_url()).status_code == 404


def test_unknown_release_404(client):
    assert client.get("/press/releases/no-such-release/").status_code == 404


def test_rss_feed_lists_published_releases(client, primary):
    PressReleaseFactory(title="Live release", summary="It is out.")
    PressReleaseFactory(title="Draft release", status=PressRelease.Status.DRAFT)
    response = client.get("/press/feed/rss/")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    body = response.content.decode()
    assert "<title>Live release</title>" in body
    assert "Draft release" not in body


def test_atom_feed_lists_published_releases(client, primary):
    PressReleaseFactory(title="Live release")
    response = client.get("/press/feed/atom/")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert "<title>Live release</title>" in response.content.decode()


def test_vcard_parses_with_name_title_email_phone(client, primary):
    response = client.get("/press/contacts/karen-budell.vcf")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="karen-budell.vcf"'
    text = response.content.decode()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert text.endswith("END:VCARD\r\n")
    card = vobject.readOne(text)
    assert card.fn.value == "Karen Budell"
    assert (card.n.value.given, card.n.value.family) == ("Karen", "Budell")
    assert card.title.value == "CMO"
    assert card.email.value == "karen.budell@example.org"
    assert card.tel.value == "+1 (555) 010-0147"


def test_primary_vcard_is_the_primary_contact(client, primary):
    card = vobject.readOne(client.get("/press/contact.vcf").content.decode())
    assert card.fn.value == "Karen Budell"


def test_vcard_escapes_and_folds_long_values(client):
    contact = MediaContactFactory(
        name="Zoë Müller-Lüdenscheidt",
        job_title="Director, Press; Analyst Relations\\Special Projects for Europe, the Middle East"
        " and Africa, and the Council's Ünïcode Programmes",
        is_primary=True,
    )
    text = client.get(contact.get_vcard_url()).content.decode()
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert "\n" not in text.replace("\r\n", "")
    card = vobject.readOne(text)
    assert card.title.value == contact.job_title
    assert card.fn.value == "Zoë Müller-Lüdenscheidt"


def test_vcard_of_inactive_or_unknown_contact_404(client):
    inactive = MediaContactFactory(is_active=False)
    assert client.get(inactive.get_vcard_url()).status_code == 404
    assert client.get("/press/contacts/nobody.vcf").status_code == 404
    assert client.get("/press/contact.vcf").status_code == 404


def test_footer_names_primary_contact_on_every_page(client, primary):
    html = client.get("/press/releases/").content.decode()
    assert (
        'Media inquiries: contact <a href="/press/#media-contact">Karen Budell</a>, CMO'
    ) in html
    assert 'href="tel:+15550100147"' in html


def test_footer_falls_back_without_contact(client):
    html = client.get("/press/releases/").content.decode()
    assert 'Media inquiries: see the <a href="/press/">press room</a>.' in html


def test_context_processor_one_query_then_cached(client, primary, django_assert_num_queries):
    from media_relations.context_processors import media_inquiries

    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        assert media_inquiries(request)["media_contact"] == primary
    with django_assert_num_queries(0):
        assert media_inquiries(request)["media_contact"] == primary


def test_context_processor_caches_absence_too(django_assert_num_queries):
    from media_relations.context_processors import media_inquiries

    request = RequestFactory().get("/")
    media_inquiries(request)
    with django_assert_num_queries(0):
        assert media_inquiries(request)["media_contact"] is None


def test_moving_primary_refreshes_cached_footer(
    client, primary, django_capture_on_commit_callbacks
):
    client.get("/press/releases/")
    successor = MediaContactFactory(name="Next Person", job_title="VP Communications")
    with django_capture_on_commit_callbacks(execute=True):
        services.set_primary_contact(contact=successor)
    assert (
        'contact <a href="/press/#media-contact">Next Person</a>'
        in client.get("/press/releases/").content.decode()
    )


def _render_tag(event):
    return Template("{% load press_tags %}{% event_media_contact event %}").render(
        Context({"event": event})
    )


def test_event_media_contact_tag_uses_assigned_contact(primary):
    event = EventFactory()
    own = MediaContactFactory(name="Eve Summit", job_title="Event Press Lead")
    own.events.add(event)
    html = _render_tag(event)
    assert "<strong>Eve Summit</strong>, Event Press Lead" in html
    assert "Media inquiries about this event" in html


def test_event_media_contact_tag_falls_back_to_primary(primary):
    event = EventFactory()
    inactive = MediaContactFactory(name="Gone Person", is_active=False)
    inactive.events.add(event)
    assert "<strong>Karen Budell</strong>, CMO" in _render_tag(event)


def test_event_media_contact_tag_renders_nothing_without_contacts():
    assert _render_tag(EventFactory()).strip() == ""


def test_press_sitemap_lists_published_releases(client):
    live = PressReleaseFactory()
    PressReleaseFactory(status=PressRelease.Status.DRAFT)
    body = client.get("/sitemap.xml").content.decode()
    assert f"{live.get_absolute_url()}</loc>" in body
    assert body.count("/press/releases/") == 1


@pytest.mark.parametrize("page", ["x", "0", "-1", "1.5", "²", "٣"])
def test_release_list_bad_page_is_400_with_message(client, page):
    response = client.get("/press/releases/", {"page": page})
    assert response.status_code == 400
    assert "is not a page number" in response.content.decode()


@pytest.mark.parametrize("page", ["2", "99", "1234567890"])
def test_release_list_page_past_the_end_is_404(client, page):
    PressReleaseFactory()
    assert client.get("/press/releases/", {"page": page}).status_code == 404


def test_primary_media_contact_tag_reads_the_contact_when_the_page_has_none(primary):
    template = Template("{% load press_tags %}{% primary_media_contact as contact %}{{ contact }}")
    assert template.render(Context({})) == "Karen Budell, CMO"
    other = MediaContactFactory(name="Footer Person", job_title="PR")
    assert template.render(Context({"media_contact": other})) == "Footer Person, PR"
