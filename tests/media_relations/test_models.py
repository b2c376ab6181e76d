import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from media_relations import services
from media_relations.models import MediaContact, PressRelease, active_contact_sql
from tests.media_relations.factories import MediaContactFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def test_two_active_primary_contacts_refused_by_database():
    MediaContactFactory(is_primary=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        MediaContactFactory(is_primary=True)


def test_two_primary_contacts_refused_by_update_bypassing_service():
    first = MediaContactFactory(is_primary=True)
    second = MediaContactFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MediaContact.objects.filter(pk=second.pk).update(is_primary=True)
    assert MediaContact.objects.get(is_primary=True) == first


def test_active_contact_sql_selects_what_active_selects():
    MediaContactFactory(is_primary=True)
    MediaContactFactory()
    MediaContactFactory(is_active=False)
    condition, params = active_contact_sql("c")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT c.id FROM media_relations_mediacontact c WHERE {condition}", params)  # noqa: S608
        found = {row[0] for row in cursor.fetchall()}
    assert found == set(MediaContact.objects.active().values_list("pk", flat=True))
    assert len(found) == 2


def test_inactive_primary_does_not_block_a_new_primary():
    MediaContactFactory(is_primary=True, is_active=False)
    MediaContactFactory(is_primary=True)
    assert MediaContact.objects.filter(is_primary=True, is_active=True).count() == 1


def test_set_primary_contact_moves_the_role():
    old = MediaContactFactory(is_primary=True)
    new = MediaContactFactory()
    services.set_primary_contact(contact=new)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.is_primary, new.is_primary) == (False, True)


def test_set_primary_contact_reactivates_an_inactive_contact():
    contact = MediaContactFactory(is_active=False)
    services.set_primary_contact(contact=contact)
    contact.refresh_from_db()
    assert (contact.is_primary, contact.is_active) == (True, True)


@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("+1 (555) 010-0147", "+15550100147"),
        ("555.010.0147", "5550100147"),
        ("+1 555 010 0147 ext. 12", "+15550100147"),
        ("", ""),
    ],
)
def test_contact_phone_uri_keeps_digits(phone, uri):
    assert MediaContact(phone=phone).phone_uri == uri


def test_contact_slug_from_name_and_unique():
    first = MediaContactFactory(name="Karen Budell")
    second = MediaContactFactory(name="Karen Budell")
    assert (first.slug, second.slug) == ("karen-budell", "karen-budell-2")


def test_release_published_excludes_drafts_and_embargoed():
    live = PressReleaseFactory()
    PressReleaseFactory(status=PressRelease.Status.DRAFT)
    PressReleaseFactory(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert list(PressRelease.objects.published()) == [live]


def test_release_body_sanitized_on_save():
    release = PressReleaseFactory(body='<p onclick="x()">Hi<script>alert(1)</script></p>')
    release.refresh_from_db()
    assert release.body == "<p>Hi</p>"


def test_release_published_without_time_gets_now():
    release = PressReleaseFactory(published_at=None)
    assert release.published_at is not None
    assert release.get_absolute_url() == f"/press/releases/{release.slug}/"
