from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from taggit.models import Tag

from articles import services
from articles.models import Article, ArticleAuthor, Author, Exchange, Series
from cco_council.core.admin import (
    URL_FIELDS,
    ProseEditorCSPMixin,
    PublicPageLinkMixin,
    RecordsEditorMixin,
)
from cco_council.core.richtext import sanitize_html
from cco_council.core.validators import validate_single_line


class TagChoiceField(forms.ModelMultipleChoiceField):
    """Tags picked with the admin's autocomplete; a name typed that is not a tag yet becomes one.

    The select sends the id of a chosen tag and the text of a new one, so a value is read as
    an id only when it is one of the tags offered.
    """

    def clean(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        names = []
        existing = {str(tag.pk): tag for tag in Tag.objects.filter(pk__in=_digits(value))}
        for item in value or []:
            item = str(item).strip()
            if item in existing:
                names.append(existing[item].name)
            elif item:
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


def _digits(values):
    return [v for v in (str(item).strip() for item in values or []) if v.isdigit()]


class TagAutocompleteWidget(AutocompleteSelectMultiple):
    """Django's admin autocomplete, letting editors type a new tag too (select2 ``tags``)."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-tags"] = "true"
        attrs["data-token-separators"] = '[","]'
        return attrs

    def optgroups(self, name, value, attr=None):
        # Options for the chosen values: existing tags by id, new names as themselves.
        ids = {str(v) for v in value if str(v).isdigit()}
        tags = {str(tag.pk): tag for tag in Tag.objects.filter(pk__in=ids)} if ids else {}
        options = []
        for index, item in enumerate(value):
            item = str(item)
            label = tags[item].name if item in tags else item
            options.append(self.create_option(name, item, label, True, index))
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
                help_text="Pick tags, or type a new one and press Enter. Case does not matter.",
            )
            if self.instance.pk:
                self.initial["tags"] = list(self.instance.tags.all())


class ExchangeFormSet(forms.BaseInlineFormSet):
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


class ExchangeInline(admin.StackedInline):
    model = Exchange
    formset = ExchangeFormSet
    fields = [("speaker", "position"), "text"]
    extra = 0
    verbose_name = "exchange"
    verbose_name_plural = "exchanges (ordered by position)"


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    extra = 0
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order)"


@admin.register(Author)
class AuthorAdmin(PublicPageLinkMixin, admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "job_title", "organisation", "item_count", "updated_at"]
    list_filter = ["organisation"]
    search_fields = ["name", "job_title", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "job_title", "organisation", "bio", "headshot", "link"]

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


@admin.register(Series)
class SeriesAdmin(PublicPageLinkMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "members_only", "part_count", "updated_at"]
    list_filter = ["members_only"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["part_list"]

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

    @admin.display(description="parts in order")
    def part_list(self, obj):
        if not obj.pk:
            return "-"
        parts = obj.parts.order_by("part_number")
        return (
            format_html_join(
                "",
                "<div>Part {}: {} ({})</div>",
                ((p.part_number, p.title, p.get_status_display()) for p in parts),
            )
            or "-"
        )


@admin.register(Article)
class ArticleAdmin(PublicPageLinkMixin, ProseEditorCSPMixin, RecordsEditorMixin, admin.ModelAdmin):
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
        if obj.status == Article.Status.DRAFT:
            return "Draft"
        if obj.published_at and obj.published_at > timezone.now():
            return "Scheduled"
        return "Published"

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
        # The item's tags, credits and exchanges are saved by now: its search text is whole.
        super().save_related(request, form, formsets, change)
        services.item_changed(article_ids=[form.instance.pk])

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
        count = services.publish(articles=queryset, user=request.user)
        self.message_user(request, f"{count} item(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish selected items (back to draft)")
    def unpublish_selected(self, request, queryset):
        count = services.unpublish(articles=queryset, user=request.user)
        self.message_user(request, f"{count} item(s) returned to draft.", messages.SUCCESS)


@admin.register(Exchange)
class ExchangeAdmin(ProseEditorCSPMixin, admin.ModelAdmin):
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
