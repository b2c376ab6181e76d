"""Reads the members' views, the admin and the digest share."""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings

from articles.models import Article
from members.models import Application, DigestDelivery, Member


def member_for(user) -> Member | None:
    if not user.is_authenticated:
        return None
    return Member.objects.filter(user=user).select_related("user").first()


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_member_data(user) -> dict:
    """Everything the site keeps about ``user``, for "download my data"."""
    member = member_for(user)
    data = {
        "exported_at": _when(datetime.now().astimezone()),
        "site": settings.SITE_URL,
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "membership": None,
        "applications": [
            {
                "received_at": _when(application.received_at),
                "name": application.name,
                "email": application.email,
                "job_title": application.job_title,
                "company": application.company,
                "link": application.link,
                "reason": application.reason,
                "status": application.get_status_display(),
                "note_to_applicant": application.decision_note,
                "decided_at": _when(application.decided_at),
            }
            for application in Application.objects.filter(user=user).order_by("received_at")
        ],
        "digests_received": [
            {"week_of": delivery.digest.week_of.isoformat(), "sent_at": _when(delivery.sent_at)}
            for delivery in DigestDelivery.objects.filter(user=user)
            .select_related("digest")
            .order_by("sent_at")
        ],
    }
    if member is not None:
        data["membership"] = {
            "name": member.name,
            "job_title": member.job_title,
            "company": member.company,
            "photo": settings.SITE_URL + member.photo.url if member.photo else None,
            "status": member.get_status_display(),
            "joined_at": _when(member.joined_at),
            "lapsed_at": _when(member.lapsed_at),
            "weekly_digest": member.digest_opt_in,
        }
    return data


def digest_items(*, user, start: datetime, end: datetime):
    """What a digest for ``user`` lists: the items published in [start, end) that they may
    read, members-only ones included for a member (the same rule as the read page)."""
    return (
        Article.objects.readable_by(user)
        .filter(published_at__gte=start, published_at__lt=end)
        .for_listing()
        .order_by("-published_at", "-id")
    )
