"""Writes with side effects: moving the primary contact, taking in and mailing inquiries."""

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from cco_council.core import cachereads, http, httpcache
from cco_council.core.mail import render_email
from cco_council.core.pictures import queue_renditions
from cco_council.core.text import plain_text, single_line
from media_relations.models import Inquiry, MediaContact
from media_relations.selectors import PRIMARY_CONTACT_CACHE_KEY

logger = logging.getLogger(__name__)

INQUIRY_RATE_LIMIT = 5
INQUIRY_RATE_WINDOW_SECONDS = 600
SUBJECT_MAX = 150


# --- Contacts -------------------------------------------------------------------------------


def forget_cached_contact() -> None:
    """Drop the cached primary contact, after the current transaction commits, and purge the
    shared HTTP cache's pages: every footer names the contact."""
    httpcache.purge(httpcache.SITE)

    def _delete():
        cachereads.forget(PRIMARY_CONTACT_CACHE_KEY)
        try:
            cache.delete(PRIMARY_CONTACT_CACHE_KEY)
        except Exception:
            logger.warning("could not clear the cached primary contact", exc_info=True)

    transaction.on_commit(_delete)


@transaction.atomic
def set_primary_contact(*, contact: MediaContact) -> MediaContact:
    """Make ``contact`` the (active) primary media contact; the previous one stops being it.

    The old primary is unset first, in the same transaction, so the database's
    one-primary constraint holds at every statement. Rows are locked so two editors moving
    the primary at once queue instead of colliding.
    """
    list(MediaContact.objects.select_for_update().filter(is_primary=True))
    MediaContact.objects.filter(is_primary=True).exclude(pk=contact.pk).update(is_primary=False)
    contact.is_primary = True
    contact.is_active = True
    contact.save()
    forget_cached_contact()
    return contact


@transaction.atomic
def save_contact(*, contact: MediaContact, make_primary: bool, user=None) -> MediaContact:
    """Save an edited contact (queueing its photo's renditions) and move or drop the primary
    role as asked (the admin's path)."""
    if user is not None and user.pk:
        contact.updated_by = user
    if not make_primary:
        contact.is_primary = False
    contact.save()
    queue_renditions(contact)
    if make_primary:
        set_primary_contact(contact=contact)
    forget_cached_contact()
    return contact


@transaction.atomic
def delete_contacts(*, contacts) -> None:
    for contact in contacts:
        contact.delete()
    forget_cached_contact()


# --- Inquiries ------------------------------------------------------------------------------


# The one notion of "the client's address" (rate limits here, axes, allauth): in core.
client_ip = http.client_ip


def _rate_keys(ip: str | None) -> tuple[str, str]:
    key = f"media_relations:inquiry-rate:{ip or 'unknown'}"
    return key, f"{key}:closes"


def inquiry_allowed(*, ip: str | None) -> bool:
    """Count one inquiry attempt from ``ip``; False from the sixth within the window.

    A fixed 600-second window per address, counted in the shared cache (Redis in
    production), so the limit holds across every app server. ``add`` starts the window
    only if none is running; ``incr`` is atomic in Redis. Whoever opens a window notes
    beside the counter when it closes, for ``inquiry_retry_after``.
    """
    key, closes_key = _rate_keys(ip)
    try:
        closes = cache.get(closes_key)
        if closes is not None and closes <= time.time():
            # The window is over by the app servers' clock, which rules: the cache's own
            # expiry runs on its clock and may lag behind.
            cache.delete_many([key, closes_key])
        if cache.add(key, 0, timeout=INQUIRY_RATE_WINDOW_SECONDS):
            _note_window_close(closes_key)
        try:
            count = cache.incr(key)
        except ValueError:
            # The window expired between add and incr: this attempt opens a new one.
            if cache.add(key, 1, timeout=INQUIRY_RATE_WINDOW_SECONDS):
                _note_window_close(closes_key)
            count = 1
    except Exception:
        # Journalists must still reach us while the cache is down.
        logger.warning("rate-limit cache unavailable; letting the inquiry through", exc_info=True)
        return True
    return count <= INQUIRY_RATE_LIMIT


def _note_window_close(closes_key: str) -> None:
    closes = time.time() + INQUIRY_RATE_WINDOW_SECONDS
    cache.set(closes_key, closes, timeout=INQUIRY_RATE_WINDOW_SECONDS)


def inquiry_retry_after(*, ip: str | None) -> int:
    """Whole seconds until ``ip``'s window closes (1 to 600), for a 429's Retry-After.

    The whole window when its closing time is unknown (the cache lost it, or is down).
    """
    try:
        closes = cache.get(_rate_keys(ip)[1])
    except Exception:
        closes = None
    if closes is None:
        return INQUIRY_RATE_WINDOW_SECONDS
    return max(1, min(INQUIRY_RATE_WINDOW_SECONDS, math.ceil(closes - time.time())))


def one_line(value: str) -> str:
    """Whitespace of every kind (CR, LF, tabs, Unicode line separators) collapsed to spaces,
    and control characters dropped: what goes into a header, where an ESC would start a
    terminal escape sequence in the reader's mail client and a line break a new header."""
    return single_line(str(value))


def inquiry_subject(inquiry: Inquiry) -> str:
    subject = one_line(
        f"Press inquiry: {inquiry.get_topic_display()} from {inquiry.name} ({inquiry.outlet})"
    )
    if len(subject) > SUBJECT_MAX:
        subject = subject[: SUBJECT_MAX - 1].rstrip() + "…"
    return subject


def inquiry_body(inquiry: Inquiry, contact: MediaContact) -> str:
    deadline = inquiry.deadline.strftime("%A %d %B %Y") if inquiry.deadline else "none given"
    received = timezone.localtime(inquiry.received_at).strftime("%Y-%m-%d %H:%M %Z")
    admin_url = settings.SITE_URL + inquiry.get_admin_url()
    return (
        f"Hello {contact.name},\n\n"
        "A journalist has written through the press room's inquiry form. Reply to this e-mail "
        "to answer them directly.\n\n"
        f"Name:     {one_line(inquiry.name)}\n"
        f"Outlet:   {one_line(inquiry.outlet)}\n"
        f"E-mail:   {inquiry.email}\n"
        f"Phone:    {one_line(inquiry.phone) or 'not given'}\n"
        f"Deadline: {deadline}\n"
        f"Topic:    {inquiry.get_topic_display()}\n"
        f"Received: {received}\n\n"
        f"{plain_text(inquiry.message)}\n\n"
        f"-- \nIn the inquiries inbox: {admin_url}\n"
    )


def safe_reply_to(address: str) -> list[str]:
    address = (address or "").strip()
    if any(char in address for char in '\r\n\t"<>,;') or not address:
        return []
    try:
        validate_email(address)
    except ValidationError:
        return []
    return [address]


class NoPrimaryContact(Exception):
    """No one is named to answer the press: the notification waits (retried) for one."""


def send_inquiry_email(*, inquiry_id: int) -> None:
    """E-mail a stored inquiry to the primary media contact, Reply-To the journalist, and
    note when. Run by the queue (``media_relations.tasks``): a failure raises, so the job is
    retried with a growing wait; until it goes, an empty "e-mailed at" shows it in the inbox.
    """
    inquiry = Inquiry.objects.get(pk=inquiry_id)
    contact = MediaContact.objects.primary().first()
    if contact is None:
        raise NoPrimaryContact(f"press inquiry {inquiry_id}: no primary media contact to mail")
    message = EmailMessage(
        subject=inquiry_subject(inquiry),
        body=inquiry_body(inquiry, contact),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[contact.email],
        reply_to=safe_reply_to(inquiry.email),
    )
    message.send(fail_silently=False)
    Inquiry.objects.filter(pk=inquiry_id).update(mailed_at=timezone.now())


def send_inquiry_confirmation(*, inquiry_id: int) -> None:
    """E-mail the journalist a copy of their question and who will answer it."""
    inquiry = Inquiry.objects.get(pk=inquiry_id)
    if not safe_reply_to(inquiry.email):
        logger.warning("press inquiry %s: no usable address to confirm to", inquiry_id)
        return
    contact = MediaContact.objects.primary().first()
    message = render_email(
        "media_relations/email/inquiry_confirmation",
        to=[inquiry.email],
        context={
            "inquiry": inquiry,
            "name": one_line(inquiry.name),
            "question": plain_text(inquiry.message),
            "contact": contact,
        },
        reply_to=[contact.email] if contact and contact.email else [],
    )
    message.send(fail_silently=False)


@transaction.atomic
def submit_inquiry(*, data: dict, ip: str | None) -> Inquiry:
    """Store a journalist's inquiry and enqueue, in the same transaction, the e-mail to the
    primary contact and the confirmation to the journalist.

    ``data`` is the inquiry form's cleaned data. A rolled-back transaction never mails; a
    failing mail server never loses the inquiry or its e-mails (the queue retries them).
    """
    from media_relations import tasks

    inquiry = Inquiry.objects.create(
        name=data["name"],
        outlet=data["outlet"],
        email=data["email"],
        phone=data.get("phone", ""),
        deadline=data.get("deadline"),
        topic=data["topic"],
        message=data["message"],
        ip_address=ip,
    )
    tasks.notify_media_contact.defer(inquiry_id=inquiry.pk)
    tasks.confirm_inquiry.defer(inquiry_id=inquiry.pk)
    return inquiry
