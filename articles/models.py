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

import hashlib
import json
import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, JSONField, OuterRef, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from cco_council.core.addresses import SlugUrls, reverse_slug
from cco_council.core.dates import iso, long_date
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
_TAG = re.compile(r"<[^>]*>")
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
        return reverse_slug("articles:author_detail", self.slug)

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
        return reverse_slug("articles:series_detail", self.slug)

    def get_pdf_url(self):
        return reverse_slug("articles:series_pdf", self.slug)

    @property
    def is_live(self) -> bool:
        """Readers see a series once one of its parts is published."""
        return Series.objects.published().filter(pk=self.pk).exists()

    def renditions_changed(self):
        from articles import services

        services.library_changed()


# What a list entry shows of an item (``for_listing``): never the body.
LISTING_FIELDS = (
    "title",
    "slug",
    "kind",
    "summary",
    "series",
    "part_number",
    "featured",
    "status",
    "published_at",
    "members_only",
    "cover_image",
    "cover_image_alt",
    "cover_image_decorative",
    "cover_image_focus_x",
    "cover_image_focus_y",
    "cover_image_renditions",
)


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

    def with_tag(self, slug: str):
        """Items carrying the tag with this slug.

        Written as ``id IN (the tag's links)`` rather than a join, which PostgreSQL answered
        by hashing every published item to find a few thousand; as SQL, since compiling it
        through taggit's models cost a tag page more than its query."""
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(Article).pk
        return self.filter(pk__in=RawSQL(_WITH_TAG_SQL, [content_type, slug]))  # noqa: S611

    def by_author(self, slug: str):
        """Items the author with this slug is credited on or conducted (as interviewer): the
        items of their page, their facet and the library's author filter."""
        return self.filter(pk__in=RawSQL(_BY_AUTHOR_SQL, [slug, slug]))  # noqa: S611

    def with_authors(self):
        """Authors in byline order, fetched with one query (see ``Article.author_list``)."""
        return self.prefetch_related(
            Prefetch(
                "author_links",
                queryset=ArticleAuthor.objects.select_related("author").order_by("position", "id"),
            )
        )

    def for_listing(self, *, text: bool = False):
        """Everything a list entry shows, in one query, whatever the number of items.

        The item's own columns (with its body too with ``text``, which a search snippet
        reads), its series' title, slug and members-only mark (``series_title``,
        ``series_slug``, ``series_members_only``), and its authors and tags as JSON arrays
        (``byline_data``, ``tag_data``); ``Article.card`` reads them. A list of twenty items
        builds twenty models, not a hundred; ``selectors.listing()`` fetches the same by ids.
        The arrays are written in SQL rather than with ``Subquery(JSONBAgg(...))``, whose
        compilation alone cost three times the query.
        """
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(Article).pk
        fields = (*LISTING_FIELDS, "body") if text else LISTING_FIELDS
        return self.only(*fields).annotate(
            series_title=F("series__title"),
            series_slug=F("series__slug"),
            series_members_only=F("series__members_only"),
            byline_data=RawSQL(_BYLINE_SQL, [], output_field=JSONField()),  # noqa: S611
            tag_data=RawSQL(_TAGS_SQL, [content_type], output_field=JSONField()),  # noqa: S611
        )


_WITH_TAG_SQL = """
SELECT ti.object_id FROM taggit_taggeditem ti
JOIN taggit_tag t ON t.id = ti.tag_id WHERE ti.content_type_id = %s AND t.slug = %s
"""

_BY_AUTHOR_SQL = """
SELECT aa.article_id FROM articles_articleauthor aa
JOIN articles_author au ON au.id = aa.author_id WHERE au.slug = %s
UNION
SELECT i.id FROM articles_article i
JOIN articles_author au ON au.id = i.interviewer_id WHERE au.slug = %s
"""

# An item's authors and tags for ``for_listing``, correlated with the outer query's row.
_BYLINE_SQL = """
SELECT jsonb_agg(jsonb_build_object('name', au.name, 'slug', au.slug) ORDER BY aa.position, aa.id)
FROM articles_articleauthor aa JOIN articles_author au ON au.id = aa.author_id
WHERE aa.article_id = articles_article.id
"""
_TAGS_SQL = """
SELECT jsonb_agg(jsonb_build_object('name', t.name, 'slug', t.slug) ORDER BY ti.id)
FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
WHERE ti.object_id = articles_article.id AND ti.content_type_id = %s
"""


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
            # A list of one kind, newest first, and its count, from the index alone.
            models.Index(
                fields=["kind", "-published_at", "-id"],
                condition=Q(status="published"),
                name="article_kind_idx",
            ),
            # Whether an item found through its tags or authors is live, without reading it:
            # makes PostgreSQL look a tag's items up one by one rather than hash the library.
            models.Index(
                fields=["id", "published_at"],
                condition=Q(status="published"),
                name="article_published_by_id",
            ),
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
        return reverse_slug("articles:article_detail", self.slug)

    def get_preview_url(self):
        return reverse_slug("articles:article_preview", self.slug)

    def get_pdf_url(self):
        return reverse_slug("articles:article_pdf", self.slug)

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

    @cached_property
    def listed_authors(self) -> list[dict]:
        """An item fetched ``for_listing``: its authors' ``name`` and ``slug``, in order."""
        return _json(self.byline_data)

    @cached_property
    def listed_tags(self) -> list[dict]:
        """An item fetched ``for_listing``: its tags' ``name`` and ``slug``."""
        return _json(self.tag_data)

    @cached_property
    def card(self) -> dict:
        """What a list entry shows of an item fetched ``for_listing``, as the strings it prints.

        Computed once here rather than looked up attribute by attribute in the template,
        which on a list of twenty cost more than the rest of the page.
        """
        # One per page of entries (``selectors.listing``): making one reads context-locals.
        urls = getattr(self, "slug_urls", None) or SlugUrls()
        published_at = self.published_at
        series_slug = self.series_slug if self.series_id else None
        headline = getattr(self, "headline", None)
        members_only = self.members_only or bool(self.series_id and self.series_members_only)
        return {
            "pk": str(self.pk),
            "url": urls("articles:article_detail", self.slug),
            "pdf_url": urls("articles:article_pdf", self.slug),
            "title": self.title,
            "kind": self.kind_label,
            "series_title": self.series_title if series_slug else "",
            "series_url": urls("articles:series_detail", series_slug) if series_slug else "",
            "part_number": str(self.part_number),
            "featured": self.featured,
            "authors": [
                {"name": author["name"], "url": urls("articles:author_detail", author["slug"])}
                for author in self.listed_authors
            ],
            "tags": [
                {"name": tag["name"], "url": urls("articles:tag_detail", tag["slug"])}
                for tag in self.listed_tags
            ],
            "date_iso": iso(published_at) if published_at else "",
            "date": long_date(published_at) if published_at else "",
            "summary": self.summary,
            "snippet": _snippet(self) if headline else "",
            "members_only": members_only,
        }

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def interviewee_role(self) -> str:
        return ", ".join(
            part for part in (self.interviewee_title, self.interviewee_organisation) if part
        )

    def reading_minutes(self, exchanges=None) -> int:
        """Minutes to read the body, introduction and the given exchanges, at least one.

        Words are counted with the tags taken out as ``strip_tags`` takes them out; a plain
        expression does it, as stored HTML is sanitized (every ``<`` in text is ``&lt;``),
        in a fraction of the parser's time on a long piece.
        """
        texts = [self.body, self.introduction]
        texts += [exchange.text for exchange in exchanges or ()]
        # Splitting a long piece into words costs a read page a tenth of a millisecond; this
        # process remembers the answer by a digest of the texts (no text holds a NUL).
        digest = hashlib.sha1("\0".join(texts).encode(), usedforsecurity=False).digest()
        minutes = _reading_minutes.get(digest)
        if minutes is None:
            words = sum(len(_TAG.sub("", text).split()) for text in texts)
            minutes = max(1, round(words / WORDS_PER_MINUTE))
            if len(_reading_minutes) >= 4096:
                _reading_minutes.clear()
            _reading_minutes[digest] = minutes
        return minutes


KIND_LABELS = dict(Article.Kind.choices)
# Reading minutes by a digest of the texts they were counted from (Article.reading_minutes).
_reading_minutes: dict[bytes, int] = {}


def _json(value) -> list:
    # Decoded by the JSONField of an annotation; a raw query leaves the text as it came.
    return json.loads(value) if isinstance(value, str) else value or []


def _snippet(article) -> str:
    from articles.selectors import snippet  # selectors import this module

    return snippet(article)


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

    @property
    def speaker_label(self) -> str:
        """``get_speaker_display()`` without rebuilding the choices for each of forty turns."""
        return SPEAKER_LABELS.get(self.speaker, self.speaker)


SPEAKER_LABELS = dict(Exchange.Speaker.choices)


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


class Facet(models.Model):
    """What the library's filters offer, and how many published items each value has: one row
    per tag, author, series and year that a published item carries, per kind of item, and one
    for the whole library.

    Kept by ``services.refresh_facets()`` (called by ``item_changed()`` and
    ``library_changed()``), so the filter form reads one small table instead of asking, for
    every tag, author and series, whether a published item has it, and a list's count is a
    number plus the few items published since, not a count of the library.

    ``listed_from`` is the earliest publish time among the published items that carry the
    value, so a value whose only item is scheduled appears at that item's time with nothing
    run then; ``listed_by`` is that item, so a change to it refreshes the row even when the
    item no longer carries the value. ``items`` counts the items carrying it that were live at
    ``counted_at``; ``selectors.facet_count()`` adds those gone live since. Labels and slugs
    are copied here, and refreshed by the same calls.
    """

    class Kind(models.TextChoices):
        TAG = "tag", "Tag"
        AUTHOR = "author", "Author"
        SERIES = "series", "Series"
        YEAR = "year", "Year"
        KIND = "kind", "Kind of item"
        ALL = "all", "The whole library"

    # The filters' choices; the other kinds only count.
    CHOICES = (Kind.TAG, Kind.AUTHOR, Kind.SERIES, Kind.YEAR)

    kind = models.CharField(max_length=6, choices=Kind.choices)
    # The tag's, author's or series' id, the year (in the site's time zone), the place of the
    # item kind among Article.Kind, or 0 for the whole library.
    key = models.BigIntegerField()
    slug = models.CharField(max_length=200, validators=[validate_single_line])
    label = models.CharField(max_length=200, validators=[validate_single_line])
    listed_from = models.DateTimeField()
    listed_by = models.BigIntegerField(help_text="The item whose publish time is listed_from.")
    items = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "label"]
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="unique_facet")]
        indexes = [models.Index(fields=["kind", "slug"], name="facet_slug_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"
