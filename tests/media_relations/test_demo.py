import pytest

from media_relations import demo
from media_relations.models import Coverage, MediaContact, PressKitAsset, PressRelease
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(MediaContact.objects.values_list("slug", "is_primary", "updated_at")),
        list(Coverage.objects.values_list("url", "event_id", "updated_at")),
        list(PressRelease.objects.values_list("slug", "title", "updated_at")),
        list(PressKitAsset.objects.values_list("title", "file")),
    )


def test_demo_seed_is_idempotent_and_links_the_summit(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    summit = EventFactory(name="Customer Success Summit", slug="customer-success-summit-2014")
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
