"""Admin pieces every app's ModelAdmins share."""

import datetime

from adminsortable2.admin import (
    CustomInlineFormSet,
    SortableStackedInline,
    SortableTabularInline,
)
from csp.constants import NONCE
from csp.decorators import csp_update
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from js_asset import Media
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from cco_council.core import httpcache, previews
from cco_council.core.models import PREVIEW_LINK_DAYS, PreviewLink
from cco_council.core.pictures import picture_slots, queue_renditions
from cco_council.core.validators import validate_single_line

# Links typed without a scheme are read as https (Django 6's default, chosen now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class PurgesSharedCacheMixin:
    """After every save (inlines included) and delete made through this admin, purge the
    shared HTTP cache's pages tagged ``purge_tags`` (``core.httpcache``)."""

    purge_tags: tuple[str, ...] = ()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        httpcache.purge(*self.purge_tags)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        httpcache.purge(*self.purge_tags)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        httpcache.purge(*self.purge_tags)


class RecordsEditorMixin:
    """save_model records who created the object (where the model keeps that) and who last
    changed it. events and media_relations admins use this one too."""

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "created_by"):
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class ProseEditorCSPMixin:
    """Let the rich-text editor run under the site's Content-Security-Policy.

    django-prose-editor loads its modules through an inline ``<script type="importmap">``,
    which ``script-src 'self'`` blocks. The change form's scripts get this request's nonce,
    and the policy of this one response allows that nonce.
    """

    def render_change_form(self, request, context, *args, **kwargs):
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None:
            context["media"] = Media.from_media(context["media"], nonce=str(nonce))
            # django-csp's public decorator adds the nonce to this one response's policy.
            render = csp_update({"script-src": [NONCE]})(super().render_change_form)
            return render(request, context, *args, **kwargs)
        return super().render_change_form(request, context, *args, **kwargs)


class PublicPageLinkMixin:
    """ "View on site" only for an object whose public page exists.

    Django's admin links every object that has ``get_absolute_url()``; a draft, an author
    with nothing published or a speaker with no talk at a published event has no public page
    yet (the link would be a 404). Each admin names the queryset the public sees, the same one
    its views start from.
    """

    def public_queryset(self):
        raise NotImplementedError

    def view_on_site(self, obj):
        if self.public_queryset().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return None


# --- Editing: history, concurrent edits, preview links -------------------------------------

VERSION_FIELD = "loaded_version"


def edit_token(obj) -> str:
    """What identifies the saved state an editor opened: the row's last-changed time (every
    save moves it, whichever path saved it). Empty for a model that keeps none."""
    changed = getattr(obj, "updated_at", None)
    return changed.isoformat() if changed is not None else ""


class ConcurrentEditForm(forms.ModelForm):
    """Carries the state the editor opened, to refuse a save over someone else's newer one."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    # Set by ConcurrentEditMixin.get_form for each request.
    model_admin = None
    request = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD].initial = self.model_admin.opened_token(
            self.request, self.instance
        )

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get(VERSION_FIELD)
        current = self.model_admin.opened_token(self.request, self.instance)
        # A form posted without the field (a script, a page from before this check) is
        # saved as before: only a stale version is refused.
        if loaded and current and loaded != current:
            self.data = self.data.copy()
            # Saving again, after reviewing, saves over their version: the editor chose to.
            self.data[self.add_prefix(VERSION_FIELD)] = current
            raise forms.ValidationError(
                self.model_admin.concurrent_edit_message(self.request, self.instance),
                code="concurrent_edit",
            )
        return cleaned_data


class ConcurrentEditMixin:
    """Refuse to save over a change someone else saved after this form was opened.

    The form carries the item's last-changed time as it was opened; if the item changed since,
    the save is refused with a form error naming who changed it and when, the editor's own
    changes stay in the form, and the history shows what the other person did. Saving again
    then overwrites knowingly.
    """

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Only a form that can be saved carries it (a view-only page shows fields read-only).
        if obj is None or not edit_token(obj) or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        fields = [*options.get("fields", ()), VERSION_FIELD]
        return [(name, {**options, "fields": fields}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and edit_token(obj):
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(
                base.__name__,
                (ConcurrentEditForm, base),
                {"model_admin": self, "request": request},
            )
        return super().get_form(request, obj, change=change, **kwargs)

    def opened_token(self, request, obj) -> str:
        # While a past version is restored, the form shows that version, but what the editor
        # opened (and may not save over unawares) is the item as it was before the restore.
        return getattr(request, "editing_token", None) or edit_token(obj)

    def last_change(self, obj) -> tuple[str, object]:
        """Who saved ``obj`` last and when, from the row or else its history."""
        when = getattr(obj, "updated_at", None)
        who = getattr(obj, "updated_by", None)
        if who is None:
            version = Version.objects.get_for_object(obj).select_related("revision__user").first()
            if version is not None and version.revision.user is not None:
                who = version.revision.user
        name = (who.get_full_name() or who.get_username()) if who is not None else "Someone"
        return name, when

    def concurrent_edit_message(self, request, obj):
        who, when = self.last_change(obj)
        opts = self.model._meta
        history = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history",
            args=[quote(obj.pk)],
        )
        return format_html(
            "{} saved this {} at {}, after you opened it. Nothing of yours is saved yet: your "
            'changes are still in the form below. <a href="{}" target="_blank" rel="noopener">'
            "See what they changed</a> (opens in a new tab), then save again to keep your "
            "version, or reload the page to start from theirs.",
            who,
            opts.verbose_name,
            date_format(timezone.localtime(when), "F j, Y, g:i:s a") if when else "a moment ago",
            history,
        )


class EditorAdmin(ConcurrentEditMixin, CompareVersionAdmin):
    """The base of every content ModelAdmin: each save is one version in the item's history
    (with whatever the admin follows: its exchanges, credits, tags, talks), versions can be
    compared and restored, and a save never silently overwrites someone else's.

    Restoring runs the admin's own save path (``save_model``/``save_related``), so search and
    the page cache follow as after any edit; ``restored()`` is the hook for what a plain save
    would not redo.
    """

    history_latest_first = True
    # The history view lists who and when; the compare view shows every field that changed.
    compare_exclude = ["search_vector", "updated_at", "sequence"]
    compare_exclude += [
        f"{field}_renditions" for field in ("cover_image", "headshot", "photo", "file")
    ]

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        request.editing_token = edit_token(obj) if obj is not None else ""
        before = self.before_restore(obj) if obj is not None else None
        response = super().revision_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302 and obj is not None:
            self.restored(request, obj, before)
        return response

    def before_restore(self, obj):
        """What ``restored()`` needs to know of the item as it was before the restore."""
        return None

    def restored(self, request, obj, before):
        """After a past version was saved again as the newest one."""


class PreviewLinkForm(forms.Form):
    shared_with = forms.CharField(
        label="Shared with",
        max_length=200,
        required=False,
        help_text="Who the link is for, e.g. “Jay Topper, for approval”. Only editors see it.",
        validators=[validate_single_line],
    )
    days = forms.TypedChoiceField(
        label="Works for",
        coerce=int,
        choices=[(1, "1 day"), (3, "3 days"), (7, "7 days"), (14, "14 days"), (30, "30 days")],
        initial=PREVIEW_LINK_DAYS,
    )


class PreviewLinksMixin:
    """“Share a preview” on the item's page: signed links for reviewers without an account,
    each working for a set number of days until an editor revokes it (see core.previews)."""

    preview_links_template = "admin/preview_links.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/preview-links/",
                self.admin_site.admin_view(self.preview_links_view),
                name=f"{opts.app_label}_{opts.model_name}_preview_links",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        opts = self.model._meta
        extra_context = {
            "preview_links_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_preview_links",
                args=[object_id],
            ),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def preview_links_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.model._meta.verbose_name} with that id.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form = PreviewLinkForm()
        if request.method == "POST":
            revoke = request.POST.get("revoke")
            if revoke:
                link = get_object_or_404(PreviewLink.objects.for_item(obj), pk=revoke)
                previews.revoke_link(link=link, user=request.user)
                self.message_user(request, "The link was revoked: it no longer opens the item.")
                return redirect(request.path)
            form = PreviewLinkForm(request.POST)
            if form.is_valid():
                link = previews.create_link(
                    item=obj,
                    user=request.user,
                    expires_at=timezone.now() + datetime.timedelta(days=form.cleaned_data["days"]),
                    shared_with=form.cleaned_data["shared_with"],
                )
                self.message_user(
                    request, "Link created: copy it below and send it to the reviewer."
                )
                return redirect(f"{request.path}?created={link.pk}")
        links = list(PreviewLink.objects.for_item(obj))
        for link in links:
            link.url = previews.link_url(request, link)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"Share a preview of “{obj}”",
            "subtitle": None,
            "opts": opts,
            "original": obj,
            "has_view_permission": True,
            "form": form,
            "links": links,
            "created": request.GET.get("created", ""),
            "days": PREVIEW_LINK_DAYS,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.preview_links_template, context)


# --- Ordering: drag and drop (django-admin-sortable2) and the keyboard ----------------------


def number_in_order(queryset, field: str) -> None:
    """Give the rows of ``queryset`` the positions 1, 2, 3… in their current order (by
    ``field``, then id). Each changed row is saved on its own, so the item's history records
    the numbers it now has."""
    for number, row in enumerate(queryset.order_by(field, "pk"), start=1):
        if getattr(row, field) != number:
            setattr(row, field, number)
            row.save(update_fields=[field])


class OrderedInlineFormSet(CustomInlineFormSet):
    """Rows kept in the order the editor left them (dragged, or moved with the keyboard's
    "Move up"/"Move down" buttons), saved as 1, 2, 3…; a new row goes to the end."""

    def save(self, commit=True):
        saved = super().save(commit)
        if commit and self.instance.pk is not None:
            rows = self.model._default_manager.filter(**{self.fk.name: self.instance})
            number_in_order(rows, self.default_order_field)
        return saved


class OrderedStackedInline(SortableStackedInline):
    """A stacked inline ordered by dragging a row's title bar or with its "Move up" and
    "Move down" buttons (editors/ordering.js: sortable2's own arrows take no keyboard)."""

    formset = OrderedInlineFormSet

    class Media:
        js = ["editors/ordering.js"]


class OrderedTabularInline(SortableTabularInline):
    """A tabular inline ordered by dragging a row's first cell or with its buttons."""

    formset = OrderedInlineFormSet

    class Media:
        js = ["editors/ordering.js"]


class FocalPointWidget(AdminFileWidget):
    """The file input, with the picture shown whole: a click on it sets the focal point.

    The two number fields stay the source of truth (and what a keyboard uses); the click
    only fills them in. The picture shown is the small "fit" rendition, so the saved picture
    is needed: after the first upload, save, then set the point.
    """

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        instance = getattr(value, "instance", None)
        field_id = (attrs or {}).get("id", "")
        slot = next((s for s in picture_slots(type(instance)) if field_id.endswith(s.field)), None)
        preview = slot.__get__(instance).rendition("fit", width=640) if slot else None
        if preview is None or not slot.focus_fields:
            return html
        prefix = field_id[: -len(slot.field)]
        return format_html(
            '{}<div class="focal-point" data-focus-x="{}{}" data-focus-y="{}{}">'
            '<p class="help">Click the picture where the subject is (a face, the speaker): '
            "crops keep that point in view.</p>"
            '<div class="focal-point-frame"><img src="{}" width="{}" height="{}" alt="">'
            '<span class="focal-point-marker" aria-hidden="true"></span></div></div>',
            html,
            prefix,
            slot.focus_fields[0],
            prefix,
            slot.focus_fields[1],
            preview.url,
            preview.width,
            preview.height,
        )

    @property
    def media(self):
        return super().media + forms.Media(
            js=["js/focal-point.js"], css={"all": ["css/focal-point.css"]}
        )


RENDITIONS_QUEUED = (
    "The picture is being prepared for the site (sizes for phones and large screens, the "
    "crop around its focal point); it appears on the site in a few seconds."
)


class PicturesAdminMixin:
    """Pictures in the admin: the focal-point editor on each picture, and the job that makes
    the renditions queued once the row is saved."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        slots = {slot.field: slot for slot in picture_slots(self.model)}
        if db_field.name in slots and slots[db_field.name].focus_fields:
            kwargs["widget"] = FocalPointWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if queue_renditions(obj):
            self.message_user(request, RENDITIONS_QUEUED, messages.INFO)
