"""vCard 3.0 (RFC 2426) for a media contact, written by vobject: it escapes values, folds long
lines without splitting a UTF-8 character and ends lines with CRLF."""

import vobject
from django.conf import settings

from media_relations.models import MediaContact


def build_vcard(contact: MediaContact) -> str:
    card = vobject.vCard()
    parts = contact.name.strip().rsplit(" ", 1)
    given, family = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    card.add("fn").value = contact.name
    card.add("org").value = [settings.SITE_NAME]
    if contact.job_title:
        card.add("title").value = contact.job_title
    email = card.add("email")
    email.value = contact.email
    email.type_param = ["INTERNET", "WORK"]
    if contact.phone:
        tel = card.add("tel")
        tel.value = contact.phone
        tel.type_param = ["WORK", "VOICE"]
    card.add("url").value = settings.SITE_URL + contact.get_absolute_url()
    card.add("note").value = f"Media inquiries for the {settings.SITE_NAME}."
    return card.serialize()
