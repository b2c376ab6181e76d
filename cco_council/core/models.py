"""Abstract models every app builds on: publishing, timestamps, who changed a row.

This is the ground floor: it imports Django and nothing of ours, so articles, events and the
press room can all stand on it.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cco_council.core.validators import validate_single_line


class PublishedQuerySet(models.QuerySet):
    """The one visibility rule for dated content in every app.

    Whether an item is live is decided when it is asked for (status *and* publish time), so a
    scheduled item goes live at its moment without any job running.
    """

    def published(self):
        """What the public may see: published, and its publish time has come."""
        return self.filter(status=Publishable.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self, *, after=None):
        """Published by an editor but waiting for its publish time (after now, or ``after``)."""
        return self.filter(
            status=Publishable.Status.PUBLISHED, published_at__gt=after or timezone.now()
        )

    def next_publish_time(self, *, after=None):
        """When the next scheduled item goes live, or None: caches must not outlive it."""
        return (
            self.scheduled(after=after)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )


def published_sql(alias: str) -> tuple[str, list]:
    """``PublishedQuerySet.published()`` as an SQL condition on the table or alias ``alias``,
    with its parameters, for the few statements written by hand on hot read paths.

    The rule stays here, beside the queryset's, and a test holds the two to the same rows.
    """
    return (
        f"{alias}.status = %s AND {alias}.published_at <= %s",
        [Publishable.Status.PUBLISHED, timezone.now()],
    )


def scheduled_sql(alias: str, *, now=None) -> tuple[str, list]:
    """``PublishedQuerySet.scheduled()`` as an SQL condition, like ``published_sql``."""
    return (
        f"{alias}.status = %s AND {alias}.published_at > %s",
        [Publishable.Status.PUBLISHED, now or timezone.now()],
    )


class Publishable(models.Model):
    """A draft/published status and a publish time, held together by the database.

    A model may override ``published_at`` to give it its own label and help text.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        help_text="A time in the future schedules the item: it goes live then by itself.",
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_time",
                violation_error_message="A published item needs a publish time.",
            )
        ]

    def save(self, *args, **kwargs):
        self.fill_publish_time()
        super().save(*args, **kwargs)

    def clean(self):
        self.fill_publish_time()
        super().clean()

    def fill_publish_time(self):
        """Publishing without a time means now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class Timestamped(models.Model):
    """When the row was created and last changed (dated content: articles, events, releases)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        abstract = True


class EditorTracked(models.Model):
    """Who last changed the row; core.admin.RecordsEditorMixin fills it in on every save."""

    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="last changed by",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


PREVIEW_LINK_DAYS = 7
PREVIEW_SALT = "cco_council.core.preview-link"


class PreviewLinkQuerySet(models.QuerySet):
    def for_item(self, item):
        return self.filter(
            content_type=ContentType.objects.get_for_model(item), object_id=item.pk
        ).select_related("created_by", "revoked_by")

    def active(self):
        """Links that still open their item: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A link showing one unpublished item to a reviewer who has no account.

    The address carries the link's id signed with the site's secret (``token``), so it cannot
    be guessed or altered; the row decides whether it still works: until ``expires_at``, and
    never again once revoked. Which models can be previewed, and how, is up to each app
    (``cco_council.core.previews.register``).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    shared_with = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who the link is for, e.g. “Jay Topper, for approval”. Only editors see it.",
        validators=[validate_single_line],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField("works until")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_count = models.PositiveIntegerField("times opened", default=0)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "preview link"
        indexes = [models.Index(fields=["content_type", "object_id"], name="previewlink_item_idx")]

    def __str__(self):
        return f"Preview of {self.content_type.name} {self.object_id}"

    @staticmethod
    def default_expiry(now=None) -> datetime.datetime:
        return (now or timezone.now()) + datetime.timedelta(days=PREVIEW_LINK_DAYS)

    @property
    def token(self) -> str:
        return signing.Signer(salt=PREVIEW_SALT).sign(str(self.pk))

    @classmethod
    def id_from_token(cls, token: str) -> int | None:
        """The link id a token names, or None for a token this site did not sign."""
        try:
            value = signing.Signer(salt=PREVIEW_SALT).unsign(token)
        except signing.BadSignature:
            return None
        return int(value) if value.isdigit() else None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired
