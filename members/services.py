"""Writes with side effects: applications and their decisions, memberships, a member's own
account (sign out everywhere, close), the weekly digest.

Every e-mail is enqueued (``cco_council.core.mail``) in the transaction that changes the data it
concerns, so a rolled-back decision never mails and a committed one is never lost.
"""

import hashlib
import logging
import math
import re
import time
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cco_council.core.mail import queue_email, render_email
from members.models import Application, ClosedAccount, Digest, DigestDelivery, Member
from members.permissions import MEMBERS_GROUP

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "members.digest.unsubscribe"


class ApplicationAlreadyDecided(Exception):
    """An editor acted on an application another editor had already approved or declined."""


class EmailBelongsToEditor(Exception):
    """The applicant's address is an editor's account: editors are not made members by mail."""


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _members_group() -> Group:
    from members.permissions import sync_members_group

    group = Group.objects.filter(name=MEMBERS_GROUP).first()
    return group if group is not None else sync_members_group()


# --- Applications ---------------------------------------------------------------------------


@transaction.atomic
def submit_application(*, data: dict, ip: str | None) -> Application:
    """Store an application, and acknowledge it by e-mail (queued in the same transaction)."""
    application = Application.objects.create(
        name=data["name"],
        email=data["email"],
        job_title=data["job_title"],
        company=data["company"],
        link=data.get("link", ""),
        reason=data["reason"],
        ip_address=ip,
    )
    queue_email(
        render_email(
            "members/email/application_received",
            to=[application.email],
            context={"application": application},
        )
    )
    return application


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _username_for(email: str) -> str:
    """A username nobody sees (members sign in with their address): stable and unique."""
    local = re.sub(r"[^a-z0-9]+", "-", email.split("@")[0].lower()).strip("-")[:40] or "member"
    digest = hashlib.sha256(email.lower().encode()).hexdigest()[:8]
    return f"member-{local}-{digest}"


@transaction.atomic
def approve_application(*, application: Application, by=None, notify: bool = True) -> Member:
    """Make the applicant a member: an account with a verified address, the Members group,
    a profile from the application; tell them how to sign in (unless ``notify`` is False:
    the demo member, whose address nobody reads)."""
    application = _lock(application)
    if application.status == Application.Status.APPROVED and application.user_id:
        raise ApplicationAlreadyDecided("This application is already approved.")
    email = application.email.strip()
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and (user.is_staff or user.is_superuser):
        raise EmailBelongsToEditor(
            f"{email} is an editor's account; editors read members-only items already."
        )
    if user is None:
        user = User(username=_username_for(email), email=email)
        user.set_unusable_password()
    user.is_active = True
    user.first_name, _, user.last_name = application.name.partition(" ")
    user.first_name, user.last_name = user.first_name[:150], user.last_name[:150]
    user.save()
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=email, defaults={"email": email}
    )
    address.verified = True
    address.primary = True
    address.save()
    member, _ = Member.objects.get_or_create(user=user, defaults={"name": application.name})
    member.name = application.name
    member.job_title = application.job_title
    member.company = application.company
    member.status = Member.Status.ACTIVE
    member.lapsed_at = None
    member.save()
    user.groups.add(_members_group())
    application.status = Application.Status.APPROVED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.user = user
    application.save()
    if notify:
        queue_email(
            render_email(
                "members/email/application_approved",
                to=[email],
                context={
                    "application": application,
                    "sign_in_url": absolute(reverse("account_login")),
                },
            )
        )
    return member


@transaction.atomic
def decline_application(*, application: Application, by=None, reason: str = "") -> Application:
    """Decline, with the reason (if any) sent to the applicant."""
    application = _lock(application)
    if not application.is_open:
        raise ApplicationAlreadyDecided(
            f"This application is already {application.get_status_display().lower()}."
        )
    application.status = Application.Status.DECLINED
    application.decision_note = reason or application.decision_note
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save()
    queue_email(
        render_email(
            "members/email/application_declined",
            to=[application.email],
            context={"application": application},
        )
    )
    return application


@transaction.atomic
def ask_for_more(*, application: Application, by=None, question: str) -> Application:
    """Ask the applicant for more information; their reply comes back by e-mail."""
    application = _lock(application)
    if not application.is_open:
        raise ApplicationAlreadyDecided(
            f"This application is already {application.get_status_display().lower()}."
        )
    application.status = Application.Status.MORE_INFO
    application.decision_note = question
    application.decided_by = by
    application.save()
    queue_email(
        render_email(
            "members/email/application_more_info",
            to=[application.email],
            context={"application": application},
            reply_to=[settings.MEMBERSHIP_CONTACT_EMAIL],
        )
    )
    return application


# --- Memberships ----------------------------------------------------------------------------


@transaction.atomic
def lapse_membership(*, member: Member) -> Member:
    """The membership ends: the member keeps their account and preferences but reads what the
    public reads, from their very next request (see ``core.membership``)."""
    member.status = Member.Status.LAPSED
    member.lapsed_at = timezone.now()
    member.save(update_fields=["status", "lapsed_at", "updated_at"])
    member.user.groups.remove(_members_group())
    return member


@transaction.atomic
def reinstate_membership(*, member: Member) -> Member:
    member.status = Member.Status.ACTIVE
    member.lapsed_at = None
    member.save(update_fields=["status", "lapsed_at", "updated_at"])
    member.user.groups.add(_members_group())
    return member


def may_sign_in_by_code(user) -> bool:
    """Only current members sign in on the site; editors sign in to the admin with a password
    (throttled by axes), never with a code sent to their mailbox."""
    return (
        user is not None
        and user.is_active
        and not user.is_staff
        and not user.is_superuser
        and Member.objects.current().filter(user=user).exists()
    )


def email_may_sign_in(email: str) -> bool:
    """Whether a sign-in code for ``email`` may be sent: it is a current member's address."""
    users = get_user_model().objects.filter(
        Q(email__iexact=email) | Q(emailaddress__email__iexact=email)
    )
    return any(may_sign_in_by_code(user) for user in users.distinct())


# --- A member's own account -----------------------------------------------------------------


@transaction.atomic
def set_digest_preference(*, member: Member, opt_in: bool) -> Member:
    member.digest_opt_in = opt_in
    member.save(update_fields=["digest_opt_in", "updated_at"])
    return member


@transaction.atomic
def sign_out_everywhere(*, user) -> None:
    """End every session of ``user`` on every device and app server.

    A session stays valid only while it carries the hash of the user's password; members
    have none to change, so a fresh unusable one is drawn, which changes the hash: every
    session in the database (this one included) is refused at its next request.
    """
    user.set_unusable_password()
    user.save(update_fields=["password"])


@transaction.atomic
def close_account(*, user, closed_by: str) -> ClosedAccount:
    """Delete the member's account and everything about them; keep only the fact, dated."""
    member = Member.objects.filter(user=user).first()
    record = ClosedAccount.objects.create(
        member_number=user.pk,
        joined_at=member.joined_at if member else None,
        closed_by=closed_by,
    )
    emails = {user.email.lower(), *(e.lower() for e in user.emailaddress_set.values_list(
        "email", flat=True))} - {""}  # fmt: skip
    for email in emails:
        Application.objects.filter(email__iexact=email).delete()
    user.delete()  # the profile, addresses, applications and digest deliveries go with it
    logger.info("member account %s closed by %s", record.member_number, closed_by)
    return record


# --- One-click unsubscribe ------------------------------------------------------------------


def unsubscribe_token(user) -> str:
    """A token that names the member, for the digest's unsubscribe links: signed, so it cannot
    be guessed for someone else, and without expiry, so last year's e-mail still works."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user.pk))


def member_for_token(token: str) -> Member | None:
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Member.objects.filter(user_id=pk).select_related("user").first()


@transaction.atomic
def unsubscribe(*, token: str) -> Member | None:
    """Stop the digest for the member the token names; None when it names nobody."""
    member = member_for_token(token)
    if member is not None and member.digest_opt_in:
        set_digest_preference(member=member, opt_in=False)
    return member


# --- Spam limits ----------------------------------------------------------------------------

APPLICATION_RATE_LIMIT = 5
APPLICATION_RATE_WINDOW_SECONDS = 3600


def _application_keys(ip: str | None) -> tuple[str, str]:
    key = f"members:application-rate:{ip or 'unknown'}"
    return key, f"{key}:closes"


def application_allowed(*, ip: str | None) -> bool:
    """Count one application from ``ip``; False from the sixth within the hour.

    Counted in the shared cache, so the limit holds across app servers; a cache that is down
    lets applications through rather than turning people away.
    """
    key, closes_key = _application_keys(ip)
    try:
        if cache.add(key, 0, timeout=APPLICATION_RATE_WINDOW_SECONDS):
            closes = time.time() + APPLICATION_RATE_WINDOW_SECONDS
            cache.set(closes_key, closes, timeout=APPLICATION_RATE_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.add(key, 1, timeout=APPLICATION_RATE_WINDOW_SECONDS)
            count = 1
    except Exception:
        logger.warning("rate-limit cache unavailable; letting the application through")
        return True
    return count <= APPLICATION_RATE_LIMIT


def application_retry_after(*, ip: str | None) -> int:
    try:
        closes = cache.get(_application_keys(ip)[1])
    except Exception:
        closes = None
    if closes is None:
        return APPLICATION_RATE_WINDOW_SECONDS
    return max(1, min(APPLICATION_RATE_WINDOW_SECONDS, math.ceil(closes - time.time())))


# --- The weekly digest ----------------------------------------------------------------------

DIGEST_PERIOD = timedelta(days=7)


def next_digest_period(*, now: datetime) -> tuple[datetime, datetime]:
    """From where the last issue stopped (or a week back, for the first) until ``now``."""
    last = Digest.objects.order_by("-period_end").values_list("period_end", flat=True).first()
    return (last or now - DIGEST_PERIOD), now


def week_of(moment: datetime):
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def build_digest_message(*, user, start: datetime, end: datetime, week):
    """The digest e-mail for ``user``, or None when nothing they may read came out."""
    from members.selectors import digest_items

    items = list(digest_items(user=user, start=start, end=end))
    if not items:
        return None
    unsubscribe_url = absolute(
        reverse("members:unsubscribe", kwargs={"token": unsubscribe_token(user)})
    )
    return render_email(
        "members/email/digest",
        to=[user.email],
        context={
            "items": items,
            "week_of": week,
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": absolute(reverse("members:preferences")),
        },
        headers={
            # RFC 2369 and RFC 8058: mail clients offer an unsubscribe button that POSTs here.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{settings.SITE_NAME} members' digest <digest.ccocouncil.org>",
        },
    )


@transaction.atomic
def open_digest(*, now: datetime) -> Digest:
    """This week's issue, created by the first caller; later callers get the same row."""
    week = week_of(now)
    existing = Digest.objects.select_for_update().filter(week_of=week).first()
    if existing is not None:
        return existing
    start, end = next_digest_period(now=now)
    return Digest.objects.create(week_of=week, period_start=start, period_end=end)


def send_digest(*, digest: Digest) -> int:
    """Send ``digest`` to every opted-in current member who has not had it; how many sent.

    Each member's delivery row is written in the transaction that sends their message: a
    refused message rolls its row back (the job is retried, and resumes with whoever is left),
    and a member who has the row is never sent the issue again.
    """
    sent = 0
    recipients = Member.objects.digest_recipients().exclude(user__digest_deliveries__digest=digest)
    for member in recipients.select_related("user").order_by("pk"):
        with transaction.atomic():
            _, created = DigestDelivery.objects.get_or_create(digest=digest, user=member.user)
            if not created:
                continue
            message = build_digest_message(
                user=member.user,
                start=digest.period_start,
                end=digest.period_end,
                week=digest.week_of,
            )
            if message is None:
                continue
            message.send(fail_silently=False)
            sent += 1
    return sent
