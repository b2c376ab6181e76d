"""The press room: media contacts, press releases, coverage, the press kit and inquiries.

Visibility of releases lives on ``PressRelease.objects.published()``; every public path
(press page, release pages, feeds, sitemap) starts from it. The rule "exactly one active
primary contact" is held by the database (``one_primary_media_contact``); moving the primary
is ``services.set_primary_contact``.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cco_council.core.addresses import reverse_once, reverse_slug
from cco_council.core.models import EditorTracked, Publishable, Timestamped
from cco_council.core.pictures import (
    HEADSHOT_CROPS,
    PREVIEW_CROPS,
    Illustrated,
    PictureSlot,
    alt_field,
    decorative_field,
    focus_field,
    renditions_field,
)
from cco_council.core.richtext import RichTextField, sanitize_html
from cco_council.core.slugs import unique_slug
from cco_council.core.uploads import validate_document, validate_image
from cco_council.core.validators import validate_multiline_text, validate_single_line

PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9 ().\-/]{3,40}(?: ?(?:x|ext\.?) ?[0-9]{1,6})?$",
    "Enter a phone number using digits, spaces, +, -, ( ), . or /.",
)
INQUIRY_MESSAGE_MAX = 5000


def active_contact_sql(alias: str) -> tuple[str, list]:
    """``MediaContactQuerySet.active()`` as an SQL condition on the alias ``alias``, with its
    parameters, for the statements written by hand on busy pages (a test holds the two to the
    same rows)."""
    return f"{alias}.is_active = %s", [True]


class MediaContactQuerySet(models.QuerySet):
    def active(self):
        """Contacts the site may name; inactive ones are never shown (as SQL:
        ``active_contact_sql``)."""
        return self.filter(is_active=True)

    def primary(self):
        """The active primary media contact (at most one, held by a constraint)."""
        return self.active().filter(is_primary=True)


class MediaContact(Illustrated, EditorTracked):
    name = models.CharField(max_length=120, validators=[validate_single_line])
    slug = models.SlugField(
        max_length=140,
        unique=True,
        help_text="Used in the vCard address: /press/contacts/<slug>.vcf. Filled from the name.",
        error_messages={"unique": "Another contact already uses this slug; choose another."},
        validators=[validate_single_line],
    )
    job_title = models.CharField(max_length=160, validators=[validate_single_line])
    email = models.EmailField("e-mail", validators=[validate_single_line])
    phone = models.CharField(
        max_length=40, blank=True, validators=[validate_single_line, PHONE_VALIDATOR]
    )
    photo = models.ImageField(
        upload_to="press/contacts/",
        blank=True,
        validators=[validate_image],
        help_text="A JPEG, PNG or WebP photo, at least 400 pixels on its shorter side.",
    )
    photo_alt = alt_field("photo")
    photo_decorative = decorative_field("photo")
    photo_focus_x = focus_field("x")
    photo_focus_y = focus_field("y")
    photo_renditions = renditions_field()
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive contacts are never shown on the site."
    )
    is_primary = models.BooleanField(
        "primary media contact",
        default=False,
        editable=False,
        help_text="Named in every footer, on the press page, releases and events.",
    )
    events = models.ManyToManyField(
        "events.Event",
        blank=True,
        related_name="media_contacts",
        help_text="Events this contact answers the press for; other events show the primary.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MediaContactQuerySet.as_manager()
    portrait = PictureSlot("photo", crops=HEADSHOT_CROPS)

    class Meta:
        ordering = ["-is_primary", "name"]
        verbose_name = "media contact"
        constraints = [
            models.UniqueConstraint(
                fields=["is_primary"],
                condition=Q(is_primary=True, is_active=True),
                name="one_primary_media_contact",
                violation_error_message="There is already an active primary media contact.",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.job_title}" if self.job_title else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(MediaContact, self.name, instance_pk=self.pk, max_length=140)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_once("media_relations:press") + "#media-contact"

    def get_vcard_url(self):
        return reverse_slug("media_relations:contact_vcard", self.slug)

    def renditions_changed(self):
        """The primary contact (with its photo) is kept in the cache: read it afresh."""
        from media_relations import services

        services.forget_cached_contact()

    @property
    def phone_uri(self) -> str:
        """The phone number for a tel: link: a leading + and the digits, nothing else."""
        main = re.split(r"(?i)\s*(?:x|ext)", self.phone, maxsplit=1)[0]
        digits = re.sub(r"\D", "", main)
        if not digits:
            return ""
        return f"+{digits}" if main.strip().startswith("+") else digits


class PressRelease(Publishable, Timestamped, EditorTracked):
    title = models.CharField(max_length=200, validators=[validate_single_line])
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The release's address: /press/releases/<slug>/. Filled from the title.",
        error_messages={"unique": "Another release already uses this slug; choose another."},
        validators=[validate_single_line],
    )
    summary = models.TextField(
        max_length=600,
        blank=True,
        help_text="One or two sentences for the press page and feeds.",
        validators=[validate_multiline_text],
    )
    body = RichTextField()
    published_at = models.DateTimeField(
        "release date",
        null=True,
        blank=True,
        help_text="A time in the future embargoes the release: it goes live then by itself.",
    )
    contact = models.ForeignKey(
        MediaContact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="releases",
        help_text="Leave empty to name the primary media contact (whoever it is at the time).",
    )

    class Meta(Publishable.Meta):
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = "press release"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(PressRelease, self.title, instance_pk=self.pk)
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_slug("media_relations:release_detail", self.slug)


class Coverage(EditorTracked):
    """A story about the council in another outlet, credited and linked, never copied."""

    headline = models.CharField(max_length=250, validators=[validate_single_line])
    outlet = models.CharField(
        max_length=120,
        help_text="The publication, e.g. CMSWire.",
        validators=[validate_single_line],
    )
    url = models.URLField("URL", max_length=500, validators=[validate_single_line])
    published_on = models.DateField("publication date")
    excerpt = models.TextField(
        max_length=600,
        blank=True,
        help_text="A short summary in our own words; never paste the outlet's text.",
        validators=[validate_multiline_text],
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coverage",
        help_text="The event the story is about, if any (linked only once published).",
    )
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coverage",
        help_text="The library item the story relates to, if any (linked only once published).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        get_latest_by = "published_on"
        verbose_name = "coverage item"
        verbose_name_plural = "coverage"

    def __str__(self):
        return f"{self.headline} ({self.outlet})"

    def get_absolute_url(self):
        return reverse_once("media_relations:press") + f"#coverage-{self.pk}"


class PressKit(EditorTracked):
    """The press kit: one row (the boilerplate) with its downloadable assets."""

    key = models.CharField(
        max_length=20,
        default="press-kit",
        unique=True,
        editable=False,
        validators=[validate_single_line],
    )
    boilerplate = RichTextField(
        blank=True, help_text='The "About the CCO Council" paragraph journalists may quote.'
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "press kit"
        verbose_name_plural = "press kit"

    def __str__(self):
        return "Press kit"

    def save(self, *args, **kwargs):
        self.boilerplate = sanitize_html(self.boilerplate)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_once("media_relations:press") + "#press-kit"


class PressKitAsset(models.Model):
    class Kind(models.TextChoices):
        LOGO = "logo", "Logo"
        HEADSHOT = "headshot", "Headshot"
        PHOTO = "photo", "Photo"
        DOCUMENT = "document", "Fact sheet or document"

    kit = models.ForeignKey(PressKit, on_delete=models.CASCADE, related_name="assets")
    title = models.CharField(max_length=160, validators=[validate_single_line])
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LOGO)
    file = models.FileField(upload_to="press/kit/")
    description = models.CharField(max_length=250, blank=True, validators=[validate_single_line])
    position = models.PositiveSmallIntegerField(default=0)
    # A small view of a logo or photo for the press room; the download is the file itself.
    file_renditions = renditions_field()

    preview = PictureSlot("file", crops=PREVIEW_CROPS, alt=False, focus=False, when="is_image")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "press kit asset"

    def __str__(self):
        return self.title

    @property
    def is_image(self) -> bool:
        return self.kind != self.Kind.DOCUMENT

    def clean(self):
        # Logos, headshots and photos are images checked by content; anything else is a PDF.
        if self.file and not getattr(self.file, "_committed", True):
            validate = validate_document if self.kind == self.Kind.DOCUMENT else validate_image
            try:
                validate(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error


class Inquiry(EditorTracked):
    """What a journalist asked through the inquiry form: stored before it is e-mailed."""

    class Topic(models.TextChoices):
        INTERVIEW = "interview", "Interview request"
        COMMENT = "comment", "Comment or quote for a story"
        EVENT = "event", "Event coverage or press pass"
        RESEARCH = "research", "Research, figures or the library"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        ANSWERED = "answered", "Answered"

    name = models.CharField(max_length=120, validators=[validate_single_line])
    outlet = models.CharField(max_length=160, validators=[validate_single_line])
    email = models.EmailField("e-mail", validators=[validate_single_line])
    phone = models.CharField(max_length=40, blank=True, validators=[validate_single_line])
    deadline = models.DateField(null=True, blank=True)
    topic = models.CharField(max_length=12, choices=Topic.choices, default=Topic.OTHER)
    message = models.TextField(
        validators=[validate_multiline_text, MaxLengthValidator(INQUIRY_MESSAGE_MAX)]
    )
    ip_address = models.GenericIPAddressField("sender's IP address", null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    mailed_at = models.DateTimeField(
        "e-mailed at",
        null=True,
        blank=True,
        help_text="Empty when the e-mail to the media contact could not be sent.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_inquiries",
    )
    internal_notes = models.TextField(
        blank=True, help_text="Never shown to the journalist.", validators=[validate_multiline_text]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        get_latest_by = "received_at"
        verbose_name = "inquiry"
        verbose_name_plural = "inquiries"
        indexes = [models.Index(fields=["status", "-received_at"], name="inquiry_status_idx")]

    def __str__(self):
        return f"{self.name} ({self.outlet}), {self.get_topic_display().lower()}"

    def get_admin_url(self):
        # Not get_absolute_url(): an inquiry has no public page, only its place in the admin.
        return reverse("admin:media_relations_inquiry_change", args=[self.pk])
