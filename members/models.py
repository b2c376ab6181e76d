"""Members of the council: their applications, their membership and what they receive.

Who may read members-only items is not decided here but by ``core.membership.is_member``: a
current member holds ``articles.read_members_only`` through the Members group, which
``services.approve_application`` grants and ``services.lapse_membership`` /
``services.close_account`` take away.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from cco_council.core.uploads import validate_image
from cco_council.core.validators import validate_multiline_text, validate_single_line

REASON_MAX = 3000


class Application(models.Model):
    """What someone who wants to join told us: stored first, then reviewed by an editor."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        MORE_INFO = "more_info", "More information asked"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    name = models.CharField(max_length=120, validators=[validate_single_line])
    email = models.EmailField("work e-mail", validators=[validate_single_line])
    job_title = models.CharField(max_length=160, validators=[validate_single_line])
    company = models.CharField(max_length=160, validators=[validate_single_line])
    link = models.URLField(
        "LinkedIn or website",
        max_length=500,
        blank=True,
        validators=[validate_single_line],
    )
    reason = models.TextField(
        "why they want to join",
        validators=[validate_multiline_text, MaxLengthValidator(REASON_MAX)],
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    decision_note = models.TextField(
        "note to the applicant",
        blank=True,
        help_text="Sent to the applicant with a decline (the reason) or a request for more "
        "information (the question).",
        validators=[validate_multiline_text],
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="member account",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="membership_applications",
    )
    ip_address = models.GenericIPAddressField("applicant's IP address", null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        get_latest_by = "received_at"
        indexes = [models.Index(fields=["status", "-received_at"], name="application_status_idx")]

    def __str__(self):
        return f"{self.name} ({self.company})"

    def get_absolute_url(self):
        return reverse("admin:members_application_change", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.MORE_INFO)


class MemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status=Member.Status.ACTIVE, user__is_active=True)

    def digest_recipients(self):
        return self.current().filter(digest_opt_in=True)


class Member(models.Model):
    """A member's profile and membership, beside their account (``user``)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        LAPSED = "lapsed", "Lapsed"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    name = models.CharField(max_length=120, validators=[validate_single_line])
    job_title = models.CharField(max_length=160, blank=True, validators=[validate_single_line])
    company = models.CharField(max_length=160, blank=True, validators=[validate_single_line])
    photo = models.ImageField(
        upload_to="members/",
        blank=True,
        validators=[validate_image],
        help_text="Optional: a square JPEG, PNG or WebP photo.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(default=timezone.now)
    lapsed_at = models.DateTimeField(null=True, blank=True)
    digest_opt_in = models.BooleanField(
        "weekly digest",
        default=False,
        help_text="A weekly e-mail of the library's new resources.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "digest_opt_in"], name="member_digest_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:account")

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.ACTIVE and self.user.is_active


class ClosedAccount(models.Model):
    """The record that a member closed their account: their data itself is deleted."""

    member_number = models.PositiveBigIntegerField(help_text="The account's id, for reference.")
    joined_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(default=timezone.now)
    closed_by = models.CharField(
        max_length=160,
        help_text="Who closed it: the member, or the editor's username.",
        validators=[validate_single_line],
    )

    class Meta:
        ordering = ["-closed_at"]
        verbose_name = "closed account"

    def __str__(self):
        return f"Account {self.member_number}, closed {self.closed_at:%Y-%m-%d}"


class Digest(models.Model):
    """One weekly issue of the members' digest: created once per week, whoever asks twice."""

    week_of = models.DateField(unique=True, help_text="The Monday of the week it is sent.")
    period_start = models.DateTimeField(help_text="Items published from here...")
    period_end = models.DateTimeField(help_text="...until here.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-week_of"]
        get_latest_by = "week_of"

    def __str__(self):
        return f"Digest of the week of {self.week_of:%B %-d, %Y}"


class DigestDelivery(models.Model):
    """That one member got one issue: the database holds "never twice"."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(fields=["digest", "user"], name="one_delivery_per_member")
        ]

    def __str__(self):
        return f"{self.digest} to {self.user}"
