import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from icalendar import Calendar

from events.calendar import talk_uid
from events.models import Event, Speaker, Talk, TalkSpeaker
from tests.events.factories import EventFactory, SpeakerFactory, TalkFactory, la
from tests.uploads import dominant, leaked_metadata, phone_jpeg, stored_image

pytestmark = pytest.mark.django_db


def event_form_data(**overrides):
    data = {
        "name": "Council Summit 2027",
        "slug": "council-summit-2027",
        "kind": "summit",
        "organiser": "CCO Council",
        "description": "<p>Two days of talks.</p>",
        "timezone": "America/Los_Angeles",
        "start_0": "2027-05-14",
        "start_1": "09:00:00",
        "end_0": "2027-05-14",
        "end_1": "17:00:00",
        "venue": "Moscone West",
        "address": "",
        "city": "San Francisco",
        "country": "US",
        "registration_url": "",
        "status": "draft",
        "published_at_0": "2026-01-01",
        "published_at_1": "00:00:00",
        "attendees": "",
        "countries": "",
        "recap_article": "",
        "cover_image_alt": "",
        "talks-TOTAL_FORMS": "1",
        "talks-INITIAL_FORMS": "0",
        "talks-MIN_NUM_FORMS": "0",
        "talks-MAX_NUM_FORMS": "1000",
        "talks-0-title": "Opening keynote",
        "talks-0-kind": "keynote",
        "talks-0-start_0": "2027-05-14",
        "talks-0-start_1": "09:00:00",
        "talks-0-end_0": "2027-05-14",
        "talks-0-end_1": "09:45:00",
        "talks-0-room": "Hall A",
    }
    data.update(overrides)
    return data


def test_editor_adds_event_with_talk_in_the_events_zone(editor_client, editor):
    response = editor_client.post("/admin/events/event/add/", event_form_data())
    assert response.status_code == 302
    event = Event.objects.get(slug="council-summit-2027")
    assert event.local_start == la(2027, 5, 14, 9)
    assert event.start.astimezone(UTC).hour == 16
    assert event.updated_by == editor
    talk = event.talks.get()
    assert (talk.title, talk.local_start, talk.local_end) == (
        "Opening keynote",
        la(2027, 5, 14, 9),
        la(2027, 5, 14, 9, 45),
    )


def test_event_change_form_shows_times_in_the_events_zone(editor_client):
    event = EventFactory(start=la(2027, 5, 14, 9), end=la(2027, 5, 14, 17))
    html = editor_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="start_1" value="09:00:00"' in html
    assert 'name="end_1" value="17:00:00"' in html


def test_editor_bad_timezone_is_a_form_error(editor_client):
    response = editor_client.post(
        "/admin/events/event/add/", event_form_data(timezone="Nowhere/Land")
    )
    assert response.status_code == 200
    # The zone is chosen from the list of IANA zones; a name not on it is refused.
    assert response.context["adminform"].form.errors["timezone"] == [
        "Select a valid choice. Nowhere/Land is not one of the available choices."
    ]
    assert not Event.objects.exists()


def test_when_filter_upcoming_and_past(editor_client):
    now = timezone.now()
    upcoming = EventFactory(name="Upcoming one", start=now + timedelta(days=5))
    past = EventFactory(name="Past one", start=now - timedelta(days=5), end=now - timedelta(days=4))
    response = editor_client.get("/admin/events/event/", {"when": "upcoming"})
    assert list(response.context["cl"].result_list) == [upcoming]
    response = editor_client.get("/admin/events/event/", {"when": "past"})
    assert list(response.context["cl"].result_list) == [past]


def test_duplicate_action_creates_draft_copy(editor_client):
    event = EventFactory(slug="summit-2026", name="Summit 2026", start=la(2026, 6, 1, 9))
    TalkFactory(event=event)
    response = editor_client.post(
        "/admin/events/event/",
        {"action": "duplicate_for_next_year", "_selected_action": [event.pk]},
        follow=True,
    )
    assert response.status_code == 200
    copy = Event.objects.get(slug="summit-2027")
    assert (copy.status, copy.talks.count()) == (Event.Status.DRAFT, 1)
    link = f'<a href="/admin/events/event/{copy.pk}/change/">Summit 2027 (June 1, 2027)</a>'
    assert f"Created the draft {link}." in response.content.decode()


def test_speaker_autocomplete_for_talk_speakers(editor_client):
    SpeakerFactory(name="Jeanne Bliss")
    SpeakerFactory(name="Guy Nirpaz")
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "blis",
            "app_label": "events",
            "model_name": "talkspeaker",
            "field_name": "speaker",
        },
    )
    assert [item["text"] for item in response.json()["results"]] == ["Jeanne Bliss"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/events/event/",
        "/admin/events/event/add/",
        "/admin/events/talk/",
        "/admin/events/talk/add/",
        "/admin/events/speaker/",
        "/admin/events/speaker/add/",
        "/admin/events/talkspeaker/",
    ],
)
def test_admin_pages_open_for_editors(editor_client, url):
    TalkFactory()
    assert editor_client.get(url).status_code == 200


def test_talk_change_page_in_the_events_zone(editor_client):
    talk = TalkFactory(
        event__timezone="Europe/London",
        event__start=la(2027, 5, 14, 1),
        event__end=la(2027, 5, 14, 12),
        start=la(2027, 5, 14, 1),
        end=la(2027, 5, 14, 2),
    )
    html = editor_client.get(f"/admin/events/talk/{talk.pk}/change/").content.decode()
    assert 'name="start_1" value="09:00:00"' in html
    assert Talk.objects.get(pk=talk.pk).local_start.hour == 9


def test_line_break_in_event_name_is_a_form_error_and_nothing_is_saved(editor_client):
    response = editor_client.post(
        "/admin/events/event/add/", event_form_data(name="Summit\r\nX-INJECT:1")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "This field holds a single line: remove the line break or tab at character 7."
    ]
    assert Event.objects.count() == 0


def test_control_character_in_talk_title_is_a_form_error(editor_client):
    response = editor_client.post(
        "/admin/events/event/add/", event_form_data(**{"talks-0-title": "Keynote\x1b"})
    )
    assert response.status_code == 200
    (talks,) = response.context["inline_admin_formsets"]
    assert talks.formset.errors[0]["title"] == [
        "Remove the invisible control character U+001B at character 8: it cannot be shown, "
        "or sent in feeds and e-mails."
    ]
    assert Event.objects.count() == 0


def talk_form_data(event, speaker, /, **overrides):
    """What the talk's own admin page posts: the talk, typed in the event's zone, with one
    speaker."""
    data = {
        "event": str(event.pk),
        "title": "Renewals start on day one",
        "kind": "keynote",
        "abstract": "<p>Why <strong>onboarding</strong> decides renewals.</p><script>x</script>",
        "start_0": "2027-05-14",
        "start_1": "10:00:00",
        "end_0": "2027-05-14",
        "end_1": "10:45:00",
        "room": "Hall B",
        "speaker_links-TOTAL_FORMS": "1",
        "speaker_links-INITIAL_FORMS": "0",
        "speaker_links-MIN_NUM_FORMS": "0",
        "speaker_links-MAX_NUM_FORMS": "1000",
        "speaker_links-0-speaker": str(speaker.pk),
        "speaker_links-0-position": "0",
    }
    data.update(overrides)
    return data


def ics_talk(client, event, talk):
    calendar = Calendar.from_ical(client.get(event.get_ics_url()).content)
    (component,) = [c for c in calendar.walk("VEVENT") if str(c["UID"]) == talk_uid(talk)]
    return component


def test_editor_adds_talk_with_abstract_and_speaker(editor_client, client):
    event = EventFactory(
        slug="summit-2027",
        timezone="America/Los_Angeles",
        start=la(2027, 5, 14, 9),
        end=la(2027, 5, 14, 17),
    )
    speaker = SpeakerFactory(name="Jeanne Bliss")
    response = editor_client.post("/admin/events/talk/add/", talk_form_data(event, speaker))
    assert response.status_code == 302
    talk = Talk.objects.get()
    assert (talk.event, talk.title, talk.kind, talk.room) == (
        event,
        "Renewals start on day one",
        Talk.Kind.KEYNOTE,
        "Hall B",
    )
    assert talk.abstract == "<p>Why <strong>onboarding</strong> decides renewals.</p>"
    assert (talk.local_start, talk.local_end) == (la(2027, 5, 14, 10), la(2027, 5, 14, 10, 45))
    assert talk.speaker_list == [speaker]

    page = client.get("/events/summit-2027/").content.decode()
    assert '<div class="prose"><p>Why <strong>onboarding</strong> decides renewals.</p></div>' in (
        page
    )
    url = f"{settings.SITE_URL}/events/summit-2027/#talk-{talk.pk}"
    assert str(ics_talk(client, event, talk)["DESCRIPTION"]) == (
        f"Keynote at {event.name}\n\nSpeakers: Jeanne Bliss\n\n"
        f"Why onboarding decides renewals.\n\n{url}"
    )


def test_editor_edits_talks_abstract_and_time(editor_client, client):
    talk = TalkFactory(
        event__slug="summit-2027",
        event__timezone="Europe/London",
        event__start=la(2027, 5, 14, 1),
        event__end=la(2027, 5, 14, 12),
        start=la(2027, 5, 14, 1),
        end=la(2027, 5, 14, 2),
        abstract="<p>Old abstract.</p>",
    )
    speaker = SpeakerFactory()
    data = talk_form_data(
        talk.event,
        speaker,
        abstract="<p>New abstract.</p>",
        start_1="11:00:00",
        end_1="11:30:00",
    )
    response = editor_client.post(f"/admin/events/talk/{talk.pk}/change/", data)
    assert response.status_code == 302
    talk.refresh_from_db()
    london = zoneinfo.ZoneInfo("Europe/London")
    assert talk.abstract == "<p>New abstract.</p>"
    assert (talk.local_start, talk.local_end) == (
        datetime(2027, 5, 14, 11, tzinfo=london),
        datetime(2027, 5, 14, 11, 30, tzinfo=london),
    )
    assert talk.sequence == 1
    page = client.get("/events/summit-2027/").content.decode()
    assert '<div class="prose"><p>New abstract.</p></div>' in page
    assert "Old abstract" not in page
    assert "New abstract." in str(ics_talk(client, talk.event, talk)["DESCRIPTION"])


def test_talk_times_are_read_in_the_zone_of_the_event_chosen(editor_client):
    # The form shows a London event's talk; the editor moves it to a San Francisco event and
    # types San Francisco times.
    talk = TalkFactory(event__timezone="Europe/London")
    other = EventFactory(timezone="America/Los_Angeles")
    data = talk_form_data(other, SpeakerFactory(), start_1="09:00:00", end_1="09:30:00")
    response = editor_client.post(f"/admin/events/talk/{talk.pk}/change/", data)
    assert response.status_code == 302
    talk.refresh_from_db()
    assert (talk.event, talk.local_start) == (other, la(2027, 5, 14, 9))


def test_talk_page_says_which_zone_times_are_in(editor_client):
    talk = TalkFactory(event__timezone="Europe/London")
    response = editor_client.get(f"/admin/events/talk/{talk.pk}/change/")
    assert response.context["adminform"].form.fields["start"].help_text == (
        "In the event's time zone."
    )
    assert 'name="abstract"' in response.content.decode()
    assert '<div class="readonly">Europe/London</div>' in response.content.decode()


def test_talk_without_event_is_a_form_error(editor_client):
    data = talk_form_data(EventFactory(), SpeakerFactory(), event="")
    response = editor_client.post("/admin/events/talk/add/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"event": ["This field is required."]}
    assert not Talk.objects.exists()


def test_talk_speaker_labels(editor_client):
    talk = TalkFactory()
    response = editor_client.get(f"/admin/events/talk/{talk.pk}/change/")
    (inline,) = response.context["inline_admin_formsets"]
    assert (inline.opts.verbose_name, inline.opts.verbose_name_plural) == (
        "speaker",
        "speakers (in billing order)",
    )
    assert (TalkSpeaker._meta.verbose_name, TalkSpeaker._meta.verbose_name_plural) == (
        "speaker on a talk",
        "speakers on talks",
    )


def test_speaker_headshot_from_an_iphone_is_a_plain_jpeg_without_exif(editor_client):
    # An iPhone's HDR photo is a JPEG with its gain map attached (Pillow reads it as "MPO").
    headshot = SimpleUploadedFile("guy.jpg", phone_jpeg(extra_pictures=1), "image/jpeg")
    response = editor_client.post(
        "/admin/events/speaker/add/",
        {
            "name": "Guy Nirpaz",
            "slug": "guy-nirpaz",
            "headshot": headshot,
            "headshot_decorative": "on",
        },
    )
    assert response.status_code == 302
    data, image = stored_image(Speaker.objects.get(slug="guy-nirpaz").headshot.name)
    assert (image.format, image.size, dict(image.getexif())) == ("JPEG", (40, 20), {})
    assert [marker for marker, _ in image.applist] == ["APP0"]
    assert leaked_metadata(data) == []


def test_event_cover_is_stored_without_exif(editor_client):
    cover = SimpleUploadedFile("summit.jpg", phone_jpeg(orientation=8), "image/jpeg")
    response = editor_client.post(
        "/admin/events/event/add/",
        event_form_data(
            cover_image=cover,
            cover_image_alt="The summit stage",
            **{"talks-TOTAL_FORMS": "0"},
        ),
    )
    assert response.status_code == 302
    data, image = stored_image(Event.objects.get().cover_image.name)
    assert (image.size, dict(image.getexif()), leaked_metadata(data)) == ((20, 40), {}, [])
    # Orientation 8: the left (red) half of the stored picture is now its bottom.
    assert (dominant(image.getpixel((10, 5))), dominant(image.getpixel((10, 35)))) == (
        "blue",
        "red",
    )


def test_times_are_read_in_the_zone_as_the_form_cleans_it(editor_client):
    # The form strips the zone typed (" Europe/London "); the times must be read in that
    # same cleaned zone, not in whatever the raw request held.
    talk = {"talks-0-start_1": "10:00:00", "talks-0-end_1": "10:45:00"}
    data = event_form_data(timezone=" Europe/London ", **talk)
    response = editor_client.post("/admin/events/event/add/", data)
    assert response.status_code == 302
    event = Event.objects.get()
    london = zoneinfo.ZoneInfo("Europe/London")
    assert (event.timezone, event.local_start) == (
        "Europe/London",
        datetime(2027, 5, 14, 9, tzinfo=london),
    )
    assert event.talks.get().local_start == datetime(2027, 5, 14, 10, tzinfo=london)


@pytest.mark.parametrize("talks", [1, 3])
def test_event_change_page_queries_do_not_grow_with_talks(
    editor_client, django_assert_num_queries, talks
):
    event = EventFactory()
    for talk in TalkFactory.create_batch(talks, event=event):
        TalkSpeaker.objects.create(talk=talk, speaker=SpeakerFactory(), position=1)
    editor_client.get(f"/admin/events/event/{event.pk}/change/")  # session and permissions
    # The talks, then their speakers (one query for all), in the revision's savepoint.
    with django_assert_num_queries(11):
        assert editor_client.get(f"/admin/events/event/{event.pk}/change/").status_code == 200
