import reversion
from adminsortable2.admin import SortableAdminBase
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from reversion_compare.helpers import html_diff
from taggit.models import Tag, TaggedItem

from articles import services
from articles.models import Article, ArticleAuthor, Author, Exchange, Series
from cco_council.core.admin import (
    URL_FIELDS,
    EditorAdmin,
    OrderedInlineFormSet,
    OrderedStackedInline,
    OrderedTabularInline,
    PicturesAdminMixin,
    PreviewLinksMixin,
    ProseEditorCSPMixin,
    PublicPageLinkMixin,
    RecordsEditorMixin,
)
from cco_council.core.richtext import sanitize_html
from cco_council.core.validators import validate_single_line

# What one version of an item holds: the item with its credits, exchanges and tags, saved
# together by one admin save and restored together (see cco_council.core.admin.EditorAdmin).
reversion.register(ArticleAuthor)
reversion.register(Exchange)
reversion.register(TaggedItem)
# A version keeps the pictures and their focal points, not their renditions: those are made
# afresh (by a job) for whichever picture a restore brings back.
reversion.register(
    Article,
    follow=["author_links", "exchanges", "tagged_items"],
    exclude=["search_vector", "cover_image_renditions"],
)
reversion.register(Author, exclude=["headshot_renditions"])
reversion.register(Series, exclude=["cover_image_renditions"])

NEW_TAG_PREFIX = "new:"


class TagChoiceField(forms.ModelMultipleChoiceField):
    """Tags picked with the admin's autocomplete; a new tag only when the editor chose
    "Create tag “…”" (editors/tags.js), sent as ``new:<name>``.

    An existing tag is sent as its id. A new name that matches a tag whatever its case is
    that tag (settings.TAGGIT_CASE_INSENSITIVE), so no duplicate is ever made.
    """

    def clean(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        names = []
        existing = {str(tag.pk): tag for tag in Tag.objects.filter(pk__in=_digits(value))}
        for item in value or []:
            item = str(item).strip()
            if item.startswith(NEW_TAG_PREFIX):
                item = item.removeprefix(NEW_TAG_PREFIX).strip()
            elif item in existing:
                names.append(existing[item].name)
                continue
            if item:
                if len(item) > 100:
                    raise ValidationError("A tag is at most 100 characters long.")
                # Tag names go into pages and feeds like any other line of text.
                validate_single_line(item)
                names.append(item)
        return names

    def prepare_value(self, value):
        # The initial value is a list of Tag objects (from the model) or of names (re-shown
        # after an error): the select must list both as chosen options.
        if value and not isinstance(value, str):
            return [tag.pk if isinstance(tag, Tag) else tag for tag in value]
        return super().prepare_value(value)

    def has_changed(self, initial, data):
        initial = {str(tag.pk) if isinstance(tag, Tag) else str(tag) for tag in initial or []}
        return initial != {str(item) for item in data or []}


def _digits(values):
    return [v for v in (str(item).strip() for item in values or []) if v.isdigit()]


class TagAutocompleteWidget(AutocompleteSelectMultiple):
    """Django's admin autocomplete (the same search of existing tags), started by
    editors/tags.js instead of the admin's script: existing tags come first and Enter picks
    the highlighted one; a new tag is offered last, as "Create tag “…”"."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        # Not "admin-autocomplete": the admin's script would start select2 without our options.
        attrs["class"] = "tag-autocomplete"
        attrs["data-new-tag-prefix"] = NEW_TAG_PREFIX
        return attrs

    @property
    def media(self):
        # Named with the admin's own scripts, so the merged list puts ours after them.
        extra = "" if settings.DEBUG else ".min"
        return super().media + forms.Media(
            js=[
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                "admin/js/jquery.init.js",
                "editors/tags.js",
            ]
        )

    def optgroups(self, name, value, attr=None):
        # Options for the chosen values: existing tags by id, new names as "new:<name>".
        ids = {str(v) for v in value if str(v).isdigit()}
        tags = {str(tag.pk): tag for tag in Tag.objects.filter(pk__in=ids)} if ids else {}
        options = []
        for index, item in enumerate(value):
            item = str(item)
            if item in tags:
                options.append(self.create_option(name, item, tags[item].name, True, index))
            else:
                label = item.removeprefix(NEW_TAG_PREFIX)
                value = NEW_TAG_PREFIX + label
                options.append(self.create_option(name, value, label, True, index))
        return [(None, options, 0)] if options else []


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["tags"]  # the admin adds the fieldsets' fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "tags" in self.fields:
            self.fields["tags"] = TagChoiceField(
                queryset=Tag.objects.all(),
                required=False,
                widget=TagAutocompleteWidget(Article._meta.get_field("tags"), admin.site),
                help_text=(
                    "Type to find a tag; Enter picks the highlighted one. To add a tag that "
                    "does not exist yet, choose “Create tag …” at the end of the list."
                ),
            )
            if self.instance.pk:
                self.initial["tags"] = list(self.instance.tags.all())


class ExchangeFormSet(OrderedInlineFormSet):
    def clean(self):
        super().clean()
        article = self.instance
        if article.status != Article.Status.PUBLISHED or not article.is_conversation:
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and sanitize_html(form.cleaned_data.get("text"))
        ]
        if not kept and not sanitize_html(article.body):
            raise ValidationError(
                "A published conversation needs its exchanges (or a body instead): "
                "add at least one exchange below, or save it as a draft."
            )


class ExchangeInline(OrderedStackedInline):
    model = Exchange
    formset = ExchangeFormSet
    fields = ["speaker", "text"]
    extra = 0
    verbose_name = "exchange"
    verbose_name_plural = "exchanges (in order)"


class ArticleAuthorInline(OrderedTabularInline):
    model = ArticleAuthor
    fields = ["author"]
    autocomplete_fields = ["author"]
    extra = 0
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order)"


class SeriesPartForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["part_number"]

    def validate_unique(self):
        # Renumbering swaps numbers between parts, so a number is briefly another part's: the
        # formset checks the new numbers against each other, and the database's deferred
        # constraint checks the result when the transaction ends.
        pass


class SeriesPartsFormSet(OrderedInlineFormSet):
    def save(self, commit=True):
        forms_in_order = sorted(
            (form for form in self.forms if form.instance.pk is not None),
            key=lambda form: (form.cleaned_data.get("part_number") or 0, form.instance.pk),
        )
        services.number_series_parts(
            series=self.instance, article_ids=[form.instance.pk for form in forms_in_order]
        )
        # What the admin's change message reads.
        self.new_objects, self.deleted_objects = [], []
        self.changed_objects = [
            (form.instance, form.changed_data) for form in forms_in_order if form.has_changed()
        ]
        return []


class SeriesPartInline(OrderedTabularInline):
    """The parts of a series, reordered by dragging (their numbers follow: 1, 2, 3…)."""

    model = Article
    form = SeriesPartForm
    formset = SeriesPartsFormSet
    fk_name = "series"
    ordering = ["part_number"]
    fields = ["title", "state"]
    readonly_fields = ["title", "state"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "part"
    verbose_name_plural = "parts (in order)"

    def has_add_permission(self, request, obj=None):
        # An item joins a series from its own page (Series and part number).
        return False

    @admin.display(description="state")
    def state(self, obj):
        return article_state(obj)


def article_state(obj) -> str:
    if obj.status == Article.Status.DRAFT:
        return "Draft"
    if obj.published_at and obj.published_at > timezone.now():
        return "Scheduled"
    return "Published"


@admin.register(Author)
class AuthorAdmin(PicturesAdminMixin, PublicPageLinkMixin, EditorAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "job_title", "organisation", "item_count", "updated_at"]
    list_filter = ["organisation"]
    search_fields = ["name", "job_title", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "job_title", "organisation", "bio", "link"]}),
        (
            "Headshot",
            {
                "fields": [
                    "headshot",
                    "headshot_alt",
                    "headshot_decorative",
                    ("headshot_focus_x", "headshot_focus_y"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_items=Count("credits", distinct=True))

    def public_queryset(self):
        return Author.objects.published()

    @admin.display(description="items", ordering="_items")
    def item_count(self, obj):
        return obj._items

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.author_changed(author_id=obj.pk)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Author.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        ids = [i for a in queryset for i in services.author_article_ids(author_id=a.pk)]
        super().delete_queryset(request, queryset)
        services.item_changed(article_ids=ids)


COVER_FIELDS = [
    "cover_image",
    "cover_image_alt",
    "cover_image_decorative",
    ("cover_image_focus_x", "cover_image_focus_y"),
]


@admin.register(Series)
class SeriesAdmin(
    PicturesAdminMixin, PublicPageLinkMixin, PreviewLinksMixin, SortableAdminBase, EditorAdmin
):
    list_display = ["title", "slug", "members_only", "part_count", "updated_at"]
    list_filter = ["members_only"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "members_only"]}),
        ("Cover image", {"fields": COVER_FIELDS}),
    ]
    inlines = [SeriesPartInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Whether the series is members-only decides what its parts' search text holds.
        services.series_changed(series_id=obj.pk)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.library_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.library_changed()

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_parts=Count("parts"))

    def public_queryset(self):
        return Series.objects.published()

    @admin.display(description="parts", ordering="_parts")
    def part_count(self, obj):
        return obj._parts


@admin.register(Article)
class ArticleAdmin(
    PicturesAdminMixin,
    PublicPageLinkMixin,
    PreviewLinksMixin,
    ProseEditorCSPMixin,
    RecordsEditorMixin,
    SortableAdminBase,
    EditorAdmin,
):
    form = ArticleAdminForm
    formfield_overrides = URL_FIELDS
    list_display = [
        "title",
        "kind",
        "state",
        "published_at",
        "series_part",
        "featured",
        "members_only",
        "updated_at",
        "updated_by",
        "links",
    ]
    list_filter = ["status", "kind", "featured", "members_only", "series", "published_at"]
    list_select_related = ["series", "updated_by"]
    search_fields = ["title", "slug", "summary", "authors__name", "interviewee_name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["series", "interviewer"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by", "preview_links"]
    inlines = [ArticleAuthorInline, ExchangeInline]
    actions = ["publish_selected", "unpublish_selected"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body", "tags"]}),
        (
            "Cover image",
            {
                "fields": COVER_FIELDS,
                "description": "Shown on the item's card, at the top of its page and its PDF, "
                "and when it is shared.",
            },
        ),
        (
            "Members only",
            {
                "fields": ["members_only", "teaser"],
                "description": "A members-only item (or any part of a members-only series) "
                "shows the public its title, summary, authors and the teaser; members read it "
                "all and download the PDF.",
            },
        ),
        (
            "Publishing",
            {
                "fields": ["status", "published_at", "featured", "preview_links"],
                "description": "A publish time in the future schedules the item.",
            },
        ),
        (
            "Conversation",
            {
                "fields": [
                    "interviewee_name",
                    ("interviewee_title", "interviewee_organisation"),
                    "interviewer",
                    "introduction",
                ],
                "description": "For conversations only: who was interviewed, as they were "
                "then, and by whom. The exchanges come below.",
            },
        ),
        ("Series", {"fields": [("series", "part_number")]}),
        (
            "Original source",
            {"fields": ["source_name", "source_url"], "classes": ["collapse"]},
        ),
        (
            "Record",
            {
                "fields": [("created_at", "created_by"), ("updated_at", "updated_by")],
                "classes": ["collapse"],
            },
        ),
    ]

    @admin.display(description="state", ordering="status")
    def state(self, obj):
        return article_state(obj)

    @admin.display(description="series", ordering="series__title")
    def series_part(self, obj):
        if obj.series_id is None:
            return "-"
        return f"{obj.series.title}, part {obj.part_number}"

    @admin.display(description="links")
    def links(self, obj):
        return self._links(obj)

    @admin.display(description="preview / view on site")
    def preview_links(self, obj):
        if not obj.pk:
            return "Save the item first to preview it."
        return self._links(obj)

    def _links(self, obj):
        preview = format_html('<a href="{}">Preview</a>', obj.get_preview_url())
        if obj.is_live:
            return format_html(
                '{} · <a href="{}">View on site</a>', preview, obj.get_absolute_url()
            )
        return preview

    def public_queryset(self):
        return Article.objects.published()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A restored version may name a tag deleted since: that tag is not brought back.
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), object_id=form.instance.pk
        ).exclude(tag__in=Tag.objects.all()).delete()
        # The item's tags, credits and exchanges are saved by now: its search text is whole.
        services.item_changed(article_ids=[form.instance.pk])

    # Tags are compared by name below: the versions hold the item's tag links, not the tags.
    compare_exclude = [*EditorAdmin.compare_exclude, "tags", "tagged_items"]

    def compare(self, obj, version1, version2):
        diff, has_unfollowed_fields = super().compare(obj, version1, version2)
        before, after = tag_names(version1), tag_names(version2)
        if before != after:
            diff.append(
                {
                    "field": Article._meta.get_field("tags"),
                    "is_related": True,
                    "follow": True,
                    "diff": html_diff(", ".join(before), ", ".join(after)),
                }
            )
        return diff, has_unfollowed_fields

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.library_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.library_changed()

    @admin.action(description="Publish selected items (a scheduled time is kept)")
    def publish_selected(self, request, queryset):
        missing = [a for a in queryset if not a.is_conversation and not a.body]
        if missing:
            self.message_user(
                request,
                "Not published: these have an empty body: " + "; ".join(a.title for a in missing),
                messages.ERROR,
            )
            queryset = queryset.exclude(pk__in=[a.pk for a in missing])
        reversion.set_comment("Published from the list of items.")
        count = services.publish(articles=queryset, user=request.user)
        self.message_user(request, f"{count} item(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish selected items (back to draft)")
    def unpublish_selected(self, request, queryset):
        reversion.set_comment("Returned to draft from the list of items.")
        count = services.unpublish(articles=queryset, user=request.user)
        self.message_user(request, f"{count} item(s) returned to draft.", messages.SUCCESS)


def tag_names(version) -> list[str]:
    """The names of the tags an item had in ``version`` (tags deleted since are left out)."""
    content_type = ContentType.objects.get_for_model(TaggedItem)
    tag_ids = [
        tagged.field_dict["tag_id"]
        for tagged in version.revision.version_set.filter(content_type=content_type)
        if str(tagged.field_dict["object_id"]) == str(version.object_id)
    ]
    return sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True), key=str.lower)


@admin.register(Exchange)
class ExchangeAdmin(ProseEditorCSPMixin, EditorAdmin):
    """Exchanges are edited inline on their conversation; this list helps find one."""

    list_display = ["__str__", "article", "speaker", "position"]
    list_filter = ["speaker"]
    list_select_related = ["article"]
    search_fields = ["text", "article__title"]
    autocomplete_fields = ["article"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.item_changed(article_ids=[obj.article_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.item_changed(article_ids=[obj.article_id])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("article_id", flat=True))
        super().delete_queryset(request, queryset)
        services.item_changed(article_ids=ids)
