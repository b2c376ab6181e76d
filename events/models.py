"""Events: summits and webinars, their talks, and the people who speak at them.

Visibility lives on ``EventQuerySet.published()``: every public path (pages, lists, calendar
files, sitemap, search, speaker pages) starts from it, and talks and speakers are public only
through a published event. Times are stored in UTC; each event carries its own IANA time zone,
in which its pages and calendar files show it.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.timezone import now

from cco_council.core.addresses import reverse_slug
from cco_council.core.models import EditorTracked, Publishable, PublishedQuerySet, Timestamped
from cco_council.core.pictures import (
    COVER_CROPS,
    HEADSHOT_CROPS,
    Illustrated,
    PictureSlot,
    alt_field,
    decorative_field,
    focus_field,
    renditions_field,
)
from cco_council.core.richtext import RichTextField, sanitize_html
from cco_council.core.slugs import unique_slug
from cco_council.core.uploads import validate_image
from cco_council.core.validators import validate_multiline_text, validate_single_line

# The calendar feed lives at /events/calendar.ics, so no event may have that slug.
RESERVED_EVENT_SLUGS = {"calendar"}


def validate_timezone(value: str) -> None:
    """Accept only IANA zone names that zoneinfo knows ("America/Los_Angeles")."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValidationError(
            "“%(value)s” is not a time zone name; use one like “America/Los_Angeles”.",
            params={"value": value},
        ) from exc


class ScheduleTracking(models.Model):
    """Bumps ``sequence`` when a field calendar apps care about changes.

    Calendar apps replace a copy they already hold only when SEQUENCE grows, so a moved
    start time must raise it; a typo fixed in a description need not.
    """

    SCHEDULE_FIELDS: tuple[str, ...] = ()

    sequence = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised on every schedule change, so calendar apps take the update.",
    )

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_schedule = instance._schedule_values()
        return instance

    def _schedule_values(self) -> dict:
        # Deferred fields are left out: they were not loaded, so they cannot have changed.
        return {name: self.__dict__[name] for name in self.SCHEDULE_FIELDS if name in self.__dict__}

    def bump_sequence_if_rescheduled(self):
        loaded = getattr(self, "_loaded_schedule", None)
        if self.pk and loaded is not None:
            current = self._schedule_values()
            if any(current.get(name, value) != value for name, value in loaded.items()):
                self.sequence += 1
        self._loaded_schedule = self._schedule_values()


class EventQuerySet(PublishedQuerySet):
    def upcoming(self):
        """Not over yet (running now counts as upcoming), soonest first."""
        return self.filter(end__gte=timezone.now()).order_by("start", "id")

    def past(self):
        """Over, most recent first."""
        return self.filter(end__lt=timezone.now()).order_by("-start", "-id")

    def with_agenda(self):
        """The talks in order, each with its speakers in order, in a fixed number of queries."""
        return self.prefetch_related(
            Prefetch(
                "talks",
                queryset=Talk.objects.order_by("start", "id").prefetch_related(
                    Prefetch(
                        "speaker_links",
                        queryset=TalkSpeaker.objects.select_related("speaker").order_by(
                            "position", "id"
                        ),
                    )
                ),
            )
        )


class Event(Illustrated, ScheduleTracking, Publishable, Timestamped, EditorTracked):
    class Kind(models.TextChoices):
        SUMMIT = "summit", "Summit"
        CONFERENCE = "conference", "Conference"
        WEBINAR = "webinar", "Webinar"
        ROUNDTABLE = "roundtable", "Roundtable"
        WORKSHOP = "workshop", "Workshop"

    SCHEDULE_FIELDS = ("start", "end", "timezone", "venue", "address", "city")

    name = models.CharField(max_length=200, validators=[validate_single_line])
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The event's address: /events/<slug>/. Filled from the name.",
        error_messages={"unique": "Another event already uses this slug; choose another."},
        validators=[validate_single_line],
    )
    organiser = models.CharField(
        max_length=160,
        default="CCO Council",
        help_text="Who runs it: the council, or the partner company hosting it.",
        validators=[validate_single_line],
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SUMMIT)
    description = RichTextField(blank=True)
    venue = models.CharField(
        max_length=200,
        blank=True,
        help_text="Empty for online events.",
        validators=[validate_single_line],
    )
    address = models.CharField(
        "street address", max_length=250, blank=True, validators=[validate_single_line]
    )
    city = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
    country = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
    online = models.BooleanField(
        default=False, help_text="Held online (a webinar): no venue needed."
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    timezone = models.CharField(
        "time zone",
        max_length=64,
        default="America/New_York",
        validators=[validate_single_line, validate_timezone],
        help_text="IANA name, e.g. America/Los_Angeles. Start and end are entered in this zone.",
    )
    registration_url = models.URLField(
        "registration link", max_length=500, blank=True, validators=[validate_single_line]
    )
    published_at = models.DateTimeField(
        "publish time",
        default=now,  # not timezone.now: the field below shadows the module in this body
        help_text="A time in the future schedules the page: it goes live then by itself.",
    )
    attendees = models.PositiveIntegerField(null=True, blank=True, help_text="When known.")
    countries = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many countries attendees came from, when known."
    )
    cover_image = models.ImageField(
        upload_to="events/",
        blank=True,
        validators=[validate_image],
        help_text=(
            "A JPEG, PNG or WebP picture, at least 1600 pixels wide: the stage, the room, the "
            "city. Shown cropped to 3:2 and, when the page is shared, to 1200×630; set the "
            "focal point so the crops keep the subject."
        ),
    )
    cover_image_alt = alt_field("cover image")
    cover_image_decorative = decorative_field("cover image")
    cover_image_focus_x = focus_field("x")
    cover_image_focus_y = focus_field("y")
    cover_image_renditions = renditions_field()
    recap_article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recapped_events",
        help_text="The library's write-up of the event; shown once that article is published.",
    )

    objects = EventQuerySet.as_manager()
    cover = PictureSlot("cover_image", crops=COVER_CROPS)

    class Meta(Publishable.Meta):
        ordering = ["-start", "-id"]
        get_latest_by = "start"
        indexes = [models.Index(fields=["status", "published_at"], name="event_visibility_idx")]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="event_ends_after_start",
                violation_error_message="An event cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Event,
                self.name,
                instance_pk=self.pk,
                reserved=RESERVED_EVENT_SLUGS,
                reserved_suffix="-event",
            )
        self.description = sanitize_html(self.description)
        self.bump_sequence_if_rescheduled()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_slug("events:event_detail", self.slug)

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_EVENT_SLUGS:
            errors["slug"] = "That address is taken by the calendar feed."
        if self.start and self.end and self.end < self.start:
            errors["end"] = "An event cannot end before it starts."
        if errors:
            raise ValidationError(errors)

    def get_ics_url(self):
        return reverse_slug("events:event_ics", self.slug)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def local_start(self):
        return self.start.astimezone(self.tzinfo)

    @property
    def local_end(self):
        return self.end.astimezone(self.tzinfo)

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def location_line(self) -> str:
        """Venue, street, city and country, whichever are known, comma-separated."""
        parts = (self.venue, self.address, self.city, self.country)
        return ", ".join(part for part in parts if part)


class SpeakerQuerySet(models.QuerySet):
    def with_published_talks(self):
        """Speakers the public may see: those with a talk at a published event."""
        return self.filter(
            Exists(
                TalkSpeaker.objects.filter(
                    speaker=OuterRef("pk"), talk__event__in=Event.objects.published()
                )
            )
        )


class Speaker(Illustrated, models.Model):
    name = models.CharField(max_length=120, validators=[validate_single_line])
    slug = models.SlugField(
        max_length=140,
        unique=True,
        help_text="The address of the speaker's page: /speakers/<slug>/.",
        error_messages={"unique": "Another speaker already uses this slug; choose another."},
        validators=[validate_single_line],
    )
    job_title = models.CharField(max_length=160, blank=True, validators=[validate_single_line])
    organisation = models.CharField(max_length=160, blank=True, validators=[validate_single_line])
    bio = models.TextField(
        "short bio",
        blank=True,
        help_text="Two or three sentences.",
        validators=[validate_multiline_text],
    )
    headshot = models.ImageField(
        upload_to="speakers/",
        blank=True,
        validators=[validate_image],
        help_text="A JPEG, PNG or WebP photo, at least 400 pixels on its shorter side.",
    )
    headshot_alt = alt_field("headshot")
    headshot_decorative = decorative_field("headshot")
    headshot_focus_x = focus_field("x")
    headshot_focus_y = focus_field("y")
    headshot_renditions = renditions_field()
    author = models.OneToOneField(
        "articles.Author",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_profile",
        help_text="The same person as a library author: their page then lists their articles.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SpeakerQuerySet.as_manager()
    portrait = PictureSlot("headshot", crops=HEADSHOT_CROPS)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Speaker, self.name, instance_pk=self.pk, max_length=140)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_slug("events:speaker_detail", self.slug)

    @property
    def role(self) -> str:
        """The job title and organisation, whichever are known, comma-separated."""
        return ", ".join(part for part in (self.job_title, self.organisation) if part)


class TalkQuerySet(models.QuerySet):
    def published(self):
        """Talks the public may see: those at a published event."""
        return self.filter(event__in=Event.objects.published())


class Talk(ScheduleTracking):
    class Kind(models.TextChoices):
        KEYNOTE = "keynote", "Keynote"
        TALK = "talk", "Talk"
        PANEL = "panel", "Panel"
        FIRESIDE = "fireside", "Fireside chat"
        WORKSHOP = "workshop", "Workshop"
        BREAK = "break", "Break"

    SCHEDULE_FIELDS = ("start", "end", "room")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="talks")
    title = models.CharField(max_length=200, validators=[validate_single_line])
    abstract = RichTextField(blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.TALK)
    start = models.DateTimeField(help_text="In the event's time zone.")
    end = models.DateTimeField(help_text="In the event's time zone.")
    room = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
    speakers = models.ManyToManyField(
        Speaker, through="TalkSpeaker", related_name="talks", blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TalkQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = "talk"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="talk_ends_after_start",
                violation_error_message="A talk cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.abstract = sanitize_html(self.abstract)
        self.bump_sequence_if_rescheduled()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.event.get_absolute_url()}#talk-{self.pk}"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "A talk cannot end before it starts."})

    @property
    def local_start(self):
        return self.start.astimezone(self.event.tzinfo)

    @property
    def local_end(self):
        return self.end.astimezone(self.event.tzinfo)

    @cached_property
    def speaker_list(self) -> list[Speaker]:
        """The speakers in their billed order (from the prefetch cache when there is one;
        ``selectors.event_page()`` sets it)."""
        return [link.speaker for link in self.speaker_links.all()]


class TalkSpeaker(models.Model):
    """A speaker's billing on a talk, in the order the agenda lists them."""

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="speaker_links")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="talk_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "speaker on a talk"
        verbose_name_plural = "speakers on talks"
        constraints = [
            models.UniqueConstraint(
                fields=["talk", "speaker"],
                name="unique_talk_speaker",
                violation_error_message="This speaker is already on this talk.",
            )
        ]

    def __str__(self):
        return f"{self.speaker} on {self.talk}"
