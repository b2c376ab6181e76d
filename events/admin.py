import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from cco_council.core.admin import (
    URL_FIELDS,
    ProseEditorCSPMixin,
    PublicPageLinkMixin,
    RecordsEditorMixin,
)
from events import services
from events.models import Event, Speaker, Talk, TalkSpeaker
from events.templatetags.events_tags import event_dates, talk_time


def _zone(name) -> zoneinfo.ZoneInfo | None:
    """The zone named, or None for a name zoneinfo does not know (the form then reports the
    bad name; the times are left as typed)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return None


class LocalTimesForm(forms.ModelForm):
    """Start and end are typed and shown in the event's own zone, not the site's.

    Django's admin reads a typed time in the site's zone (America/New_York); an editor
    entering a San Francisco summit types San Francisco times, so the wall-clock value is
    re-read in the event's zone once the form knows which event (and zone) was chosen.
    """

    LOCAL_FIELDS = ("start", "end")

    def stored_zone(self) -> str | None:
        """The zone of the saved object's times, in which the form shows them."""
        raise NotImplementedError

    def typed_zone(self, cleaned_data) -> str | None:
        """The zone the submitted times were typed in, from the form's other cleaned values."""
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = _zone(self.stored_zone()) if self.instance.pk else None
        if zone:
            for name in self.LOCAL_FIELDS:
                value = getattr(self.instance, name, None)
                if value is not None and name in self.fields:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned_data = super().clean()
        zone = _zone(self.typed_zone(cleaned_data))
        if zone:
            for name in self.LOCAL_FIELDS:
                value = cleaned_data.get(name)
                if value is not None:
                    # The wall-clock time typed, placed in the event's zone.
                    naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                    cleaned_data[name] = naive.replace(tzinfo=zone)
        return cleaned_data


class EventAdminForm(LocalTimesForm):
    class Meta:
        model = Event
        fields = ["start", "end"]  # the admin adds the fieldsets' fields

    def stored_zone(self):
        return self.instance.timezone

    def typed_zone(self, cleaned_data):
        # The zone typed in this same form (an unknown name is reported by the model's
        # validator); without the field, the event's own.
        if "timezone" in self.fields:
            return cleaned_data.get("timezone")
        return self.instance.timezone


class TalkAdminForm(LocalTimesForm):
    class Meta:
        model = Talk
        fields = ["start", "end"]  # the admin adds its own fields

    def stored_zone(self):
        return self.instance.event.timezone if self.instance.event_id else None

    def typed_zone(self, cleaned_data):
        # On the talk's own page, the event chosen in the form. Inline on the event, the
        # formset's event field cleans to the event being saved, with the zone just typed.
        if "event" in self.fields:
            event = cleaned_data.get("event")
            return event.timezone if event is not None else None
        return self.stored_zone()


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("past", "Past")]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        return queryset


class TalkInline(admin.TabularInline):
    model = Talk
    form = TalkAdminForm
    extra = 0
    fields = ["title", "kind", "start", "end", "room"]
    show_change_link = True
    ordering = ["start", "id"]

    def get_queryset(self, request):
        # Each talk's form shows its times in its event's zone.
        return super().get_queryset(request).select_related("event")


class TalkSpeakerInline(admin.TabularInline):
    model = TalkSpeaker
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["speaker", "position"]
    verbose_name = "speaker"
    verbose_name_plural = "speakers (in billing order)"


@admin.register(Event)
class EventAdmin(PublicPageLinkMixin, ProseEditorCSPMixin, RecordsEditorMixin, admin.ModelAdmin):
    form = EventAdminForm
    formfield_overrides = URL_FIELDS
    list_display = ["name", "kind", "dates", "city", "organiser", "status", "published_at"]
    list_filter = [WhenFilter, "status", "kind", "organiser"]
    search_fields = ["name", "slug", "organiser", "city", "venue"]
    list_select_related = ["updated_by"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["recap_article"]
    date_hierarchy = "start"
    inlines = [TalkInline]
    actions = ["duplicate_for_next_year"]
    readonly_fields = ["sequence", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "organiser", "description"]}),
        (
            "When and where",
            {
                "description": "Type start and end in the event's own time zone.",
                "fields": [
                    "timezone",
                    "start",
                    "end",
                    "online",
                    "venue",
                    "address",
                    "city",
                    "country",
                    "registration_url",
                ],
            },
        ),
        ("Publishing", {"fields": ["status", "published_at"]}),
        (
            "After the event",
            {
                "fields": [
                    "attendees",
                    "countries",
                    "recap_article",
                    "cover_image",
                    "cover_image_alt",
                ]
            },
        ),
        (
            "Advanced",
            {"classes": ["collapse"], "fields": ["sequence", "updated_at", "updated_by"]},
        ),
    ]

    @admin.display(description="dates", ordering="start")
    def dates(self, event):
        return event_dates(event)

    def public_queryset(self):
        return Event.objects.published()

    def save_related(self, request, form, formsets, change):
        if change and "timezone" in form.changed_data:
            # Talks were typed as wall-clock times in the event's zone: keep those times in the
            # new zone, as the event's own start and end were. Saving bumps their SEQUENCE, so
            # calendar copies move too. Talks edited in this same form are saved after this.
            services.move_talks_to_zone(event=form.instance, old_zone=form.initial["timezone"])
        super().save_related(request, form, formsets, change)

    @admin.action(description="Duplicate for next year (as drafts)")
    def duplicate_for_next_year(self, request, queryset):
        copies = [
            services.duplicate_event_for_next_year(event=event, user=request.user)
            for event in queryset.order_by("start", "id")
        ]
        for copy in copies:
            self.message_user(
                request,
                format_html(
                    'Created the draft <a href="{}">{}</a>.',
                    reverse("admin:events_event_change", args=[copy.pk]),
                    f"{copy.name} ({event_dates(copy)})",
                ),
                messages.SUCCESS,
            )


@admin.register(Talk)
class TalkAdmin(PublicPageLinkMixin, ProseEditorCSPMixin, admin.ModelAdmin):
    form = TalkAdminForm
    list_display = ["title", "event", "kind", "time", "room"]
    list_filter = ["kind", "event__status"]
    search_fields = ["title", "event__name", "speakers__name"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
    inlines = [TalkSpeakerInline]
    readonly_fields = ["zone", "sequence", "updated_at"]
    fieldsets = [
        (None, {"fields": ["event", "title", "kind", "abstract"]}),
        (
            "When and where",
            {
                "description": "Type start and end in the event's own time zone.",
                "fields": ["zone", "start", "end", "room"],
            },
        ),
        ("Advanced", {"classes": ["collapse"], "fields": ["sequence", "updated_at"]}),
    ]

    @admin.display(description="time", ordering="start")
    def time(self, talk):
        return f"{event_dates(talk.event)}, {talk_time(talk)}"

    @admin.display(description="time zone")
    def zone(self, talk):
        return talk.event.timezone if talk.event_id else "The event's, once it is chosen"

    def public_queryset(self):
        return Talk.objects.published()


@admin.register(Speaker)
class SpeakerAdmin(PublicPageLinkMixin, admin.ModelAdmin):
    list_display = ["name", "job_title", "organisation", "author"]
    list_filter = ["organisation"]
    search_fields = ["name", "job_title", "organisation"]
    list_select_related = ["author"]
    autocomplete_fields = ["author"]
    prepopulated_fields = {"slug": ["name"]}

    def public_queryset(self):
        return Speaker.objects.with_published_talks()


@admin.register(TalkSpeaker)
class TalkSpeakerAdmin(admin.ModelAdmin):
    list_display = ["speaker", "talk", "position"]
    list_filter = ["talk__event"]
    search_fields = ["speaker__name", "talk__title"]
    list_select_related = ["speaker", "talk"]
    autocomplete_fields = ["speaker", "talk"]
