"""The resource library: authors, articles and conversations, series of parts.

Visibility lives on ``ArticleQuerySet.published()``: every public path (pages, lists, feeds,
sitemap, search, counts, related items, PDFs) starts from it. Whether an item is live is
decided when the page is asked for (status *and* publish time), so a scheduled item goes live
at its moment without any job running.

Who may read an item in full is one more rule beside it: an item is members-only when it, or
its series, is marked so (``MEMBERS_ONLY``). Its title, summary, authors, tags and teaser
(``preview_html``) are public like any published item's; its body, introduction, exchanges and
PDF are for current members (``cco_council.core.membership.is_member``) only:
``Article.objects.readable_by(user)`` and ``Article.readable_by(user)`` decide, and whatever
leaves the site (feeds, sitemaps, search text and snippets, e-mails to the public) is built from
the public parts alone.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.html import strip_tags
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from cco_council.core.membership import is_member
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
from cco_council.core.richtext import RichTextField, leading_blocks, sanitize_html
from cco_council.core.slugs import unique_slug
from cco_council.core.uploads import validate_image
from cco_council.core.validators import validate_multiline_text, validate_single_line

WORDS_PER_MINUTE = 230
COVER_HELP = (
    "A JPEG, PNG or WebP picture, at least 1600 pixels wide. It is shown cropped to 3:2 on "
    "cards and the read page and to 1200×630 when the page is shared; set the focal point so "
    "the crops keep the subject."
)
# Addresses under /library/ that are not items.
RESERVED_SLUGS = {"feed"}
# Without a teaser of its own, a members-only item shows the public this many leading
# paragraphs (or lists, headings...) of its body, or of a conversation's introduction.
TEASER_BLOCKS = 2
# An item is members-only when it or its series is (a lookup from the item).
MEMBERS_ONLY = Q(members_only=True) | Q(series__members_only=True)


class AuthorQuerySet(models.QuerySet):
    def published(self):
        """Authors credited on, or interviewing in, a published item: the only ones the
        public may see.

        An author whose pieces are all drafts or scheduled stays unknown to readers (no page,
        no filter option, no sitemap entry) until the first of them goes live.
        """
        published = Article.objects.published()
        credited = ArticleAuthor.objects.filter(author=OuterRef("pk"), article__in=published)
        interviewed = published.filter(interviewer=OuterRef("pk"))
        return self.filter(Exists(credited) | Exists(interviewed))


class Author(Illustrated, models.Model):
    name = models.CharField(max_length=120, validators=[validate_single_line])
    slug = models.SlugField(
        max_length=140,
        unique=True,
        help_text="The address of the author's page. Filled from the name.",
        error_messages={"unique": "Another author already uses this slug; choose another."},
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
        upload_to="authors/",
        blank=True,
        validators=[validate_image],
        help_text="A JPEG, PNG or WebP photo, at least 400 pixels on its shorter side.",
    )
    headshot_alt = alt_field("headshot")
    headshot_decorative = decorative_field("headshot")
    headshot_focus_x = focus_field("x")
    headshot_focus_y = focus_field("y")
    headshot_renditions = renditions_field()
    link = models.URLField(
        blank=True,
        help_text="A page about the author elsewhere.",
        validators=[validate_single_line],
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuthorQuerySet.as_manager()
    portrait = PictureSlot("headshot", crops=HEADSHOT_CROPS)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Author, self.name, instance_pk=self.pk, max_length=140, reserved=RESERVED_SLUGS
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author_detail", kwargs={"slug": self.slug})

    def renditions_changed(self):
        """Read pages show the author's portrait in their byline."""
        from articles import services

        services.library_changed()

    @property
    def role(self) -> str:
        """ "Job title, Organisation", whichever parts are known."""
        return ", ".join(part for part in (self.job_title, self.organisation) if part)


class SeriesQuerySet(models.QuerySet):
    def published(self):
        """Series with at least one published part, each with ``part_count`` of those."""
        return (
            self.annotate(
                part_count=Count(
                    "parts", filter=Q(parts__in=Article.objects.published().values("pk"))
                )
            )
            .filter(part_count__gt=0)
            .order_by("title")
        )


class Series(Illustrated, models.Model):
    title = models.CharField(max_length=200, validators=[validate_single_line])
    slug = models.SlugField(
        max_length=200,
        unique=True,
        error_messages={"unique": "Another series already uses this slug; choose another."},
        validators=[validate_single_line],
    )
    description = models.TextField(blank=True, validators=[validate_multiline_text])
    members_only = models.BooleanField(
        "members only",
        default=False,
        help_text="Every part is for members: the public sees titles, summaries and teasers.",
    )
    cover_image = models.ImageField(
        upload_to="covers/series/",
        blank=True,
        validators=[validate_image],
        help_text=COVER_HELP,
    )
    cover_image_alt = alt_field("cover image")
    cover_image_decorative = decorative_field("cover image")
    cover_image_focus_x = focus_field("x")
    cover_image_focus_y = focus_field("y")
    cover_image_renditions = renditions_field()
    updated_at = models.DateTimeField(auto_now=True)

    objects = SeriesQuerySet.as_manager()
    cover = PictureSlot("cover_image", crops=COVER_CROPS)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Series, self.title, instance_pk=self.pk, reserved=RESERVED_SLUGS
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:series_detail", kwargs={"slug": self.slug})

    def get_pdf_url(self):
        return reverse("articles:series_pdf", kwargs={"slug": self.slug})

    @property
    def is_live(self) -> bool:
        """Readers see a series once one of its parts is published."""
        return Series.objects.published().filter(pk=self.pk).exists()

    def renditions_changed(self):
        from articles import services

        services.library_changed()


class ArticleQuerySet(PublishedQuerySet):
    def members_only(self):
        """Items marked members-only, or parts of a members-only series."""
        return self.filter(MEMBERS_ONLY)

    def open_access(self):
        """Items anyone may read in full: neither they nor their series is members-only."""
        return self.filter(
            Q(members_only=False) & (Q(series__isnull=True) | Q(series__members_only=False))
        )

    def readable_by(self, user):
        """Published items ``user`` may read in full (and download): all of them for a current
        member, the open-access ones for anyone else."""
        published = self.published()
        return published if is_member(user) else published.open_access()

    def conversations(self):
        return self.filter(kind=Article.Kind.CONVERSATION)

    def with_authors(self):
        """Authors in byline order, fetched with one query (see ``Article.author_list``)."""
        return self.prefetch_related(
            Prefetch(
                "author_links",
                queryset=ArticleAuthor.objects.select_related("author").order_by("position", "id"),
            )
        )

    def for_listing(self):
        """Everything a list entry shows, in a fixed number of queries."""
        return (
            self.defer("search_vector")
            .select_related("series")
            .with_authors()
            .prefetch_related("tags")
        )


class Article(Illustrated, Publishable, Timestamped, EditorTracked):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        CONVERSATION = "conversation", "Conversation"
        CASE_STUDY = "case_study", "Case study"
        WHITE_PAPER = "white_paper", "White paper"

    title = models.CharField(max_length=200, validators=[validate_single_line])
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The item's address: /library/this-slug/. Filled from the title.",
        error_messages={
            "unique": "Another library item already uses this slug; choose a different one."
        },
        validators=[validate_single_line],
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    summary = models.TextField(
        help_text="The teaser shown in the library, feeds and search.",
        validators=[validate_multiline_text],
    )
    body = RichTextField(blank=True)
    members_only = models.BooleanField(
        "members only",
        default=False,
        help_text="Only members read the whole item and download its PDF; the public sees the "
        "title, summary, authors and the teaser. A members-only series makes every part so.",
    )
    teaser = RichTextField(
        blank=True,
        help_text="What the public reads of a members-only item. Leave empty to show the first "
        "two paragraphs of the body (of the introduction, for a conversation).",
    )
    # The public part of the text, derived in save() from the teaser or the leading paragraphs:
    # the read page, search and its snippets use it for members-only items.
    preview_html = models.TextField(
        blank=True, editable=False, validators=[validate_multiline_text]
    )
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", blank=True
    )
    # "CX" and "cx" are one tag (the first spelling wins): settings.TAGGIT_CASE_INSENSITIVE.
    tags = TaggableManager(blank=True)
    # The tag links themselves: an item's history keeps them with the item, and deleting an
    # item deletes them.
    tagged_items = GenericRelation(TaggedItem)
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="parts"
    )
    part_number = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Its place in the series: 1, 2, 3...",
    )
    source_name = models.CharField(
        "original outlet",
        max_length=200,
        blank=True,
        help_text="Where it first appeared.",
        validators=[validate_single_line],
    )
    source_url = models.URLField(
        "original URL",
        max_length=500,
        blank=True,
        help_text="Used as the canonical link.",
        validators=[validate_single_line],
    )
    featured = models.BooleanField(default=False)
    cover_image = models.ImageField(
        upload_to="covers/library/",
        blank=True,
        validators=[validate_image],
        help_text=COVER_HELP,
    )
    cover_image_alt = alt_field("cover image")
    cover_image_decorative = decorative_field("cover image")
    cover_image_focus_x = focus_field("x")
    cover_image_focus_y = focus_field("y")
    cover_image_renditions = renditions_field()

    # Conversations only.
    interviewee_name = models.CharField(
        max_length=120, blank=True, validators=[validate_single_line]
    )
    interviewee_title = models.CharField(
        "interviewee's job title",
        max_length=160,
        blank=True,
        help_text="At the time.",
        validators=[validate_single_line],
    )
    interviewee_organisation = models.CharField(
        "interviewee's organisation",
        max_length=160,
        blank=True,
        help_text="At the time.",
        validators=[validate_single_line],
    )
    interviewer = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="interviews"
    )
    introduction = RichTextField(blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept current by services.refresh_search_vector (title A, summary B, body C, exchanges D).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    cover = PictureSlot("cover_image", crops=COVER_CROPS)

    class Meta(Publishable.Meta):
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        permissions = [("read_members_only", "Can read members-only items in full")]
        indexes = [
            GinIndex(fields=["search_vector"], name="article_search_gin"),
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="article_published_idx",
            ),
            models.Index(fields=["kind", "-published_at"], name="article_kind_idx"),
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["series", "part_number"],
                name="unique_part_in_series",
                violation_error_message="That part number is already taken in this series.",
                # Checked when the transaction ends, so parts can swap numbers.
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(series__isnull=True) | Q(part_number__isnull=False),
                name="series_part_needs_number",
                violation_error_message="A part of a series needs a part number.",
            ),
            models.CheckConstraint(
                condition=Q(part_number__isnull=True) | Q(part_number__gte=1),
                name="part_number_positive",
                violation_error_message="Part numbers start at 1.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Article, self.title, instance_pk=self.pk, reserved=RESERVED_SLUGS
            )
        self.body = sanitize_html(self.body)
        self.introduction = sanitize_html(self.introduction)
        self.teaser = sanitize_html(self.teaser)
        self.preview_html = self.public_preview()
        fields = kwargs.get("update_fields")
        if fields is not None and {"body", "introduction", "teaser", "kind"} & set(fields):
            kwargs["update_fields"] = {*fields, "preview_html"}
        super().save(*args, **kwargs)

    def public_preview(self) -> str:
        """The teaser, or the leading paragraphs of the body (a conversation's introduction)."""
        if self.teaser:
            return self.teaser
        source = self.introduction if self.is_conversation and self.introduction else self.body
        return leading_blocks(source, TEASER_BLOCKS)

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def get_preview_url(self):
        return reverse("articles:article_preview", kwargs={"slug": self.slug})

    def get_pdf_url(self):
        return reverse("articles:article_pdf", kwargs={"slug": self.slug})

    def renditions_changed(self):
        """Library pages and the PDF show the cover: cached ones are made again."""
        from articles import services

        services.library_changed()

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = f"“{self.slug}” is an address the library uses; choose another slug."
        if self.part_number is not None and self.series_id is None:
            errors["series"] = "Choose the series this part belongs to, or clear the part number."
        if self.series_id is not None and self.part_number is None:
            errors["part_number"] = "Give this item its part number in the series."
        if self.is_conversation and not self.interviewee_name.strip():
            errors["interviewee_name"] = "A conversation needs the interviewee's name."
        if (
            self.status == self.Status.PUBLISHED
            and not self.is_conversation
            and not sanitize_html(self.body)
        ):
            errors["body"] = "The body is empty: write it before publishing."
        if errors:
            raise ValidationError(errors)

    @property
    def is_conversation(self) -> bool:
        return self.kind == self.Kind.CONVERSATION

    @property
    def is_members_only(self) -> bool:
        return self.members_only or (self.series_id is not None and self.series.members_only)

    def readable_by(self, user) -> bool:
        """Whether ``user`` may read this (published) item in full: the instance's side of
        ``ArticleQuerySet.readable_by``."""
        return not self.is_members_only or is_member(user)

    @property
    def author_list(self) -> list["Author"]:
        """The authors in their credited order (from the prefetch cache when there is one)."""
        return [link.author for link in self.author_links.all()]

    @property
    def interviewee_role(self) -> str:
        return ", ".join(
            part for part in (self.interviewee_title, self.interviewee_organisation) if part
        )

    def reading_minutes(self, exchanges=None) -> int:
        """Minutes to read the body, introduction and the given exchanges, at least one."""
        texts = [self.body, self.introduction]
        texts += [exchange.text for exchange in exchanges or ()]
        words = sum(len(strip_tags(text).split()) for text in texts)
        return max(1, round(words / WORDS_PER_MINUTE))


class ArticleAuthor(models.Model):
    """An author's credit on an item, in the order the byline shows them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="author_links")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="credits")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "author credit"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"],
                name="unique_author_credit",
                violation_error_message="This author is already credited on this item.",
            )
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


class Exchange(models.Model):
    """One turn of a conversation: who speaks and what they say."""

    class Speaker(models.TextChoices):
        INTERVIEWER = "interviewer", "Interviewer"
        INTERVIEWEE = "interviewee", "Interviewee"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="exchanges")
    speaker = models.CharField(max_length=12, choices=Speaker.choices)
    text = RichTextField()
    position = models.PositiveIntegerField(default=0, help_text="Order in the conversation.")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.get_speaker_display()}: {strip_tags(self.text)[:60]}"

    def save(self, *args, **kwargs):
        self.text = sanitize_html(self.text)
        super().save(*args, **kwargs)

    @property
    def is_interviewer(self) -> bool:
        return self.speaker == self.Speaker.INTERVIEWER


class TitleWord(models.Model):
    """The lexicon of words found in titles, for "did you mean" corrections of typos."""

    word = models.CharField(max_length=64, unique=True, validators=[validate_single_line])
    # Distinct trigrams of the word, padded as pg_trgm pads them ("  w", " wo", "wor", ...):
    # similarity is computed in plain SQL, so no extension is needed.
    trigrams = ArrayField(models.CharField(max_length=3), default=list)

    class Meta:
        ordering = ["word"]
        indexes = [GinIndex(fields=["trigrams"], name="titleword_trigrams_gin")]

    def __str__(self):
        return self.word
