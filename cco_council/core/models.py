"""Abstract models every app builds on: publishing, timestamps, who changed a row.

This is the ground floor: it imports Django and nothing of ours, so articles, events and the
press room can all stand on it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


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
