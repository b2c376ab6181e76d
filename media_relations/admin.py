import csv

import reversion
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.utils import timezone

from cco_council.core import httpcache
from cco_council.core.admin import (
    URL_FIELDS,
    EditorAdmin,
    PicturesAdminMixin,
    PreviewLinksMixin,
    ProseEditorCSPMixin,
    PublicPageLinkMixin,
    PurgesSharedCacheMixin,
    RecordsEditorMixin,
)
from cco_council.core.export import csv_cell
from cco_council.core.pictures import queue_renditions
from media_relations import services
from media_relations.models import (
    Coverage,
    Inquiry,
    MediaContact,
    PressKit,
    PressKitAsset,
    PressRelease,
)

# Every editable model keeps its history; the press kit's versions hold its assets.
# A version keeps pictures, not their renditions: a restore has them made again.
reversion.register(MediaContact, exclude=["photo_renditions"])
reversion.register(PressKitAsset, exclude=["file_renditions"])
for model in (PressRelease, Coverage, Inquiry):
    reversion.register(model)
reversion.register(PressKit, follow=["assets"])


class MediaContactForm(forms.ModelForm):
    make_primary = forms.BooleanField(
        label="Primary media contact",
        required=False,
        help_text=(
            "Named in every footer, on the press page, releases and events. Ticking it here "
            "moves the role: the current primary contact stops being primary."
        ),
    )

    class Meta:
        model = MediaContact
        fields = [
            "name",
            "slug",
            "job_title",
            "email",
            "phone",
            "photo",
            "photo_alt",
            "photo_decorative",
            "photo_focus_x",
            "photo_focus_y",
            "is_active",
            "events",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["make_primary"].initial = self.instance.is_primary

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("make_primary") and not cleaned.get("is_active"):
            # Otherwise the role would quietly make the contact active again.
            raise forms.ValidationError(
                "An inactive contact cannot be the primary media contact: choose another "
                "primary contact first, or untick “Primary media contact”."
            )
        return cleaned


@admin.register(MediaContact)
class MediaContactAdmin(PicturesAdminMixin, EditorAdmin):
    form = MediaContactForm
    list_display = ["name", "job_title", "email", "phone", "is_active", "is_primary"]
    list_filter = ["is_active", "is_primary"]
    search_fields = ["name", "job_title", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["events"]
    readonly_fields = ["updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "job_title", "email", "phone"]}),
        (
            "Photo",
            {
                "fields": [
                    "photo",
                    "photo_alt",
                    "photo_decorative",
                    ("photo_focus_x", "photo_focus_y"),
                ]
            },
        ),
        ("Role", {"fields": ["is_active", "make_primary", "events"]}),
        ("History", {"fields": ["updated_at", "updated_by"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        # The service moves the primary role, so the one-primary constraint always holds.
        services.save_contact(
            contact=obj,
            make_primary=form.cleaned_data.get("make_primary", False),
            user=request.user,
        )

    def delete_model(self, request, obj):
        services.delete_contacts(contacts=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_contacts(contacts=list(queryset))


@admin.register(PressRelease)
class PressReleaseAdmin(
    PurgesSharedCacheMixin,
    PublicPageLinkMixin,
    PreviewLinksMixin,
    ProseEditorCSPMixin,
    RecordsEditorMixin,
    EditorAdmin,
):
    purge_tags = (httpcache.PRESS,)
    list_display = ["title", "status", "published_at", "contact", "updated_at"]
    list_filter = ["status", "published_at"]
    search_fields = ["title", "summary", "body"]
    list_select_related = ["contact"]
    autocomplete_fields = ["contact"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "contact"]}),
        (
            "History",
            {"fields": ["created_at", "updated_at", "updated_by"], "classes": ["collapse"]},
        ),
    ]

    def public_queryset(self):
        return PressRelease.objects.published()


@admin.register(Coverage)
class CoverageAdmin(PurgesSharedCacheMixin, RecordsEditorMixin, EditorAdmin):
    purge_tags = (httpcache.PRESS,)
    list_display = ["headline", "outlet", "published_on", "event", "article"]
    list_filter = ["outlet", "published_on"]
    search_fields = ["headline", "outlet", "excerpt"]
    list_select_related = ["event", "article"]
    autocomplete_fields = ["event", "article"]
    formfield_overrides = URL_FIELDS
    date_hierarchy = "published_on"
    readonly_fields = ["updated_at", "updated_by"]


class PressKitAssetInline(admin.TabularInline):
    model = PressKitAsset
    extra = 0
    fields = ["title", "kind", "file", "description", "position"]


@admin.register(PressKit)
class PressKitAdmin(PurgesSharedCacheMixin, ProseEditorCSPMixin, RecordsEditorMixin, EditorAdmin):
    purge_tags = (httpcache.PRESS,)
    list_display = ["__str__", "updated_at"]
    list_filter = ["updated_at"]
    search_fields = ["boilerplate"]
    inlines = [PressKitAssetInline]
    readonly_fields = ["updated_at", "updated_by"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Previews of the logos and photos shown in the press room.
        for asset in form.instance.assets.all():
            queue_renditions(asset)

    def has_add_permission(self, request):
        # One press kit: add its assets to the existing one.
        return super().has_add_permission(request) and not PressKit.objects.exists()


@admin.register(Inquiry)
class InquiryAdmin(RecordsEditorMixin, EditorAdmin):
    list_display = [
        "received_at", "name", "outlet", "topic", "deadline", "status", "assigned_to", "mailed",
    ]  # fmt: skip
    list_display_links = ["received_at", "name"]
    list_filter = ["status", "topic", "received_at"]
    list_select_related = ["assigned_to"]
    search_fields = ["name", "outlet", "email", "message", "internal_notes"]
    date_hierarchy = "received_at"
    view_on_site = False  # a journalist's message has no public page
    actions = ["export_csv"]
    submitted = ["name", "outlet", "email", "phone", "deadline", "topic", "message"]
    readonly_fields = [
        *submitted,
        "received_at",
        "mailed_at",
        "ip_address",
        "updated_at",
        "updated_by",
    ]
    fieldsets = [
        ("Work on it", {"fields": ["status", "assigned_to", "internal_notes"]}),
        ("What the journalist sent", {"fields": submitted}),
        (
            "Delivery",
            {
                "fields": ["received_at", "mailed_at", "ip_address", "updated_at", "updated_by"],
                "classes": ["collapse"],
            },
        ),
    ]

    @admin.display(boolean=True, description="e-mailed", ordering="mailed_at")
    def mailed(self, obj):
        return obj.mailed_at is not None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        # Inquiries come from journalists through the form, never from the admin.
        return False

    def has_delete_permission(self, request, obj=None):
        # A record of what the press asked: only a superuser may remove one (e.g. spam).
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Export selected inquiries as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="press-inquiries-{stamp}.csv"'
        writer = csv.writer(response)
        columns = [
            "received_at", "name", "outlet", "email", "phone", "deadline", "topic", "message",
            "status", "assigned_to", "internal_notes", "mailed_at",
        ]  # fmt: skip
        writer.writerow(columns)
        for inquiry in queryset.select_related("assigned_to").order_by("received_at", "id"):
            row = {
                **{name: getattr(inquiry, name) for name in columns},
                "received_at": timezone.localtime(inquiry.received_at).isoformat(),
                "topic": inquiry.get_topic_display(),
                "status": inquiry.get_status_display(),
                "assigned_to": inquiry.assigned_to.get_username() if inquiry.assigned_to else "",
            }
            writer.writerow([csv_cell(row[name]) for name in columns])
        return response
