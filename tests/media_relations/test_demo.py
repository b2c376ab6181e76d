import datetime
import shutil
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from articles import demo as articles_demo
from cco_council.core.uploads import validate_image
from cco_council.models import StoredFile
from events import demo as events_demo
from media_relations import demo
from media_relations.models import Coverage, MediaContact, PressKitAsset, PressRelease
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def _snapshot():
    return (
        list(MediaContact.objects.values_list("slug", "is_primary", "updated_at")),
        list(Coverage.objects.values_list("url", "event_id", "updated_at")),
        list(PressRelease.objects.values_list("slug", "title", "updated_at")),
        list(PressKitAsset.objects.values_list("title", "file")),
    )


def test_demo_seed_is_idempotent_and_links_the_summit(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    summit = EventFactory(
        name="Customer Success Summit 2014", slug="totango-customer-success-summit-2014"
    )
    demo.seed()
    first = _snapshot()
    assert demo.seed() == "Press room: demo content already in place."
    assert _snapshot() == first
    contact = MediaContact.objects.get(is_primary=True)
    assert (contact.name, contact.job_title) == ("Karen Budell", "CMO")
    coverage = Coverage.objects.get()
    assert (coverage.outlet, coverage.event) == ("CMSWire", summit)
    assert PressRelease.objects.published().count() == 2


def test_demo_seed_without_events_skips_the_link(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.seed()
    assert Coverage.objects.get().event is None


def test_demo_seed_dates_are_fixed():
    # The event's own date does not leak into the coverage; releases do not follow the clock.
    EventFactory(slug="totango-customer-success-summit-2014")
    demo.seed()
    assert Coverage.objects.get().published_on == datetime.date(2014, 4, 24)
    assert list(PressRelease.objects.values_list("slug", "published_at")) == [
        (
            "council-announces-its-next-customer-leadership-summit",
            datetime.datetime(2026, 1, 5, 9, 0, tzinfo=NEW_YORK),
        ),
        ("council-resource-library-grows", datetime.datetime(2025, 12, 15, 9, 0, tzinfo=NEW_YORK)),
    ]


def test_demo_seed_kit_files_pass_the_upload_check():
    demo.seed()
    logo = PressKitAsset.objects.get(kind=PressKitAsset.Kind.LOGO)
    with logo.file.open("rb") as stored:
        validate_image(stored)  # raises ValidationError for anything an editor could not upload
    assert logo.file.name == "press/kit/cco-council-logo.png"


def test_demo_seed_refuses_a_kit_file_an_editor_could_not_upload(tmp_path):
    data = shutil.copytree(demo.DATA, tmp_path / "demo_data")
    # An SVG (scripts can hide in one) named .png: the admin's upload form refuses it.
    (data / "press-kit" / "assets" / "cco-council-logo.png").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    with pytest.raises(ValidationError) as error:
        demo.seed(data)
    assert error.value.message_dict == {
        "file": ["This file is not a readable JPEG, PNG or WebP image."]
    }
    assert PressKitAsset.objects.count() == 0


def test_demo_seed_replaces_a_kit_file_changed_in_the_data(tmp_path):
    demo.seed()
    data = shutil.copytree(demo.DATA, tmp_path / "demo_data")
    png = data / "press-kit" / "assets" / "cco-council-logo.png"
    Image.new("RGB", (4, 2), "white").save(png)
    assert demo.seed(data) == "Press room: changed logo."
    logo = PressKitAsset.objects.get()
    with logo.file.open("rb") as stored:
        assert stored.read() == png.read_bytes()
    # The old file is gone, not left behind in the database.
    assert list(StoredFile.objects.values_list("name", flat=True)) == [
        "press/kit/cco-council-logo.png"
    ]


def test_demo_seed_after_the_library_and_events_links_both():
    articles_demo.seed()
    events_demo.seed()
    demo.seed()
    first = _snapshot()
    assert demo.seed() == "Press room: demo content already in place."
    assert _snapshot() == first
    coverage = Coverage.objects.select_related("event", "article").get()
    assert (coverage.event.slug, coverage.article.slug) == (
        "totango-customer-success-summit-2014",
        "summit-recap-what-makes-a-great-cco",
    )
