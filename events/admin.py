import zoneinfo
from datetime import datetime

import reversion
from adminsortable2.admin import SortableAdminBase
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelectMultiple
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from cco_council.core import httpcache
from cco_council.core.admin import (
    URL_FIELDS,
    EditorAdmin,
    OrderedTabularInline,
    PicturesAdminMixin,
    PreviewLinksMixin,
    ProseEditorCSPMixin,
    PublicPageLinkMixin,
    PurgesSharedCacheMixin,
    RecordsEditorMixin,
)
from cco_council.core.widgets import SearchableSelect
from events import services
from events.dates import event_dates, talk_time
from events.models import Event, Speaker, Talk, TalkSpeaker

# One version of an event holds its talks and each talk's speakers (EditorAdmin).
reversion.register(TalkSpeaker)
reversion.register(Talk, follow=["speaker_links"])
# A version keeps pictures and focal points, not renditions: a restore has them made again.
reversion.register(Event, follow=["talks"], exclude=["cover_image_renditions"])
reversion.register(Speaker, exclude=["headshot_renditions"])

# Names zoneinfo knows that are no place an event is held in.
NOT_PLACES = {"Factory", "localtime", "posixrules", "posix/Factory", "right/Factory"}


def zone_choices(current: str = "") -> list[tuple[str, str]]:
    """Every IANA zone, with its offset now, searchable by city ("Los Angeles")."""
    now = datetime.now(zoneinfo.ZoneInfo("UTC"))
    names = {
        name
        for name in zoneinfo.available_timezones()
        if name not in NOT_PLACES and not name.startswith(("posix/", "right/"))
    }
    if current:
        names.add(current)
    choices = []
    for name in sorted(names):
        zone = _zone(name)
        offset = now.astimezone(zone).strftime("%z") if zone else ""
        label = name.replace("_", " ")
        if offset:
            label += f" (UTC{offset[:3]}:{offset[3:]})".replace("-", "−")
        choices.append((name, label))
    return choices


class ZoneChoiceField(forms.ChoiceField):
    def to_python(self, value):
        return super().to_python(value).strip()


class EventZoneDateTime(AdminSplitDateTime):
    """Date and time typed in the event's zone, saying so where Django's admin would say how
    far the browser is from the server's zone (which does not apply to these fields)."""

    template_name = "events/widgets/split_datetime_in_zone.html"

    def __init__(self, zone_name: str | None = None, attrs=None):
        self.zone_name = zone_name
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["zone_note"] = (
            f"In the event's time zone, {self.zone_name}."
            if self.zone_name
            else "In the event's time zone."
        )
        return context


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

    def zone_for_note(self) -> str | None:
        """The zone named next to the times, when the form knows it already."""
        try:
            return self.stored_zone()
        except Event.DoesNotExist:
            return None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.LOCAL_FIELDS:
            if name in self.fields and isinstance(self.fields[name].widget, AdminSplitDateTime):
                self.fields[name].widget = EventZoneDateTime(self.zone_for_note())
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "timezone" in self.fields:
            current = self.instance.timezone if self.instance.pk else ""
            field = self.fields["timezone"]
            self.fields["timezone"] = ZoneChoiceField(
                label=field.label,
                choices=zone_choices(current),
                initial=field.initial,
                help_text="Type a city or region to find its zone. Start and end are in it.",
                widget=SearchableSelect,
            )

    def stored_zone(self):
        return self.instance.timezone

    def zone_for_note(self):
        # The zone chosen in this same form; the note follows a change only once saved.
        return self.instance.timezone if self.instance.pk else None

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


class OrderedSpeakersWidget(AutocompleteSelectMultiple):
    """The admin's speaker search, listing the chosen speakers in their billed order (Django's
    lists them by name); a speaker picked is added at the end."""

    # Speakers the form already holds (the talk's own, fetched with the talks), by id.
    known: dict[str, Speaker] = {}

    def optgroups(self, name, value, attr=None):
        ids = [str(v) for v in value if str(v).isdigit()]
        speakers = {pk: self.known[pk] for pk in ids if pk in self.known}
        if missing := [pk for pk in ids if pk not in speakers]:
            speakers.update({str(s.pk): s for s in Speaker.objects.filter(pk__in=missing)})
        options = [
            self.create_option(name, pk, str(speakers[pk]), True, index)
            for index, pk in enumerate(ids)
            if pk in speakers
        ]
        return [(None, options, 0)] if options else []


class TalkInlineForm(TalkAdminForm):
    """A talk on its event's page, with its speakers: chosen there, billed in that order."""

    speaker_list = forms.ModelMultipleChoiceField(
        label="Speakers",
        queryset=Speaker.objects.all(),
        required=False,
        help_text="Search by name; they are billed in the order chosen. To reorder them, "
        "open the talk (“Change”).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = OrderedSpeakersWidget(Talk._meta.get_field("speakers"), admin.site)
        self.fields["speaker_list"].widget = widget
        if self.instance.pk:
            links = list(self.instance.speaker_links.all())
            widget.known = {str(link.speaker_id): link.speaker for link in links}
            self.initial["speaker_list"] = [link.speaker_id for link in links]

    def clean_speaker_list(self):
        # In the order the editor chose them, which the queryset's own order would lose.
        chosen = {speaker.pk: speaker for speaker in self.cleaned_data["speaker_list"]}
        raw = self.data.getlist(self.add_prefix("speaker_list")) if self.is_bound else []
        return [chosen[int(pk)] for pk in dict.fromkeys(raw) if pk.isdigit() and int(pk) in chosen]

    def save(self, commit=True):
        talk = super().save(commit=commit)
        speakers = self.cleaned_data.get("speaker_list", [])
        if commit:
            services.set_talk_speakers(talk=talk, speakers=speakers)
        else:
            save_m2m = self.save_m2m

            def save_with_speakers():
                save_m2m()
                services.set_talk_speakers(talk=talk, speakers=speakers)

            self.save_m2m = save_with_speakers
        return talk


class TalkFormSet(forms.BaseInlineFormSet):
    @property
    def empty_form(self):
        # The row copied for "Add another talk" names its event's zone too.
        form = super().empty_form
        for name in form.LOCAL_FIELDS:
            widget = form.fields[name].widget
            if isinstance(widget, EventZoneDateTime) and self.instance.pk:
                widget.zone_name = self.instance.timezone
        return form


class TalkInline(admin.StackedInline):
    model = Talk
    form = TalkInlineForm
    formset = TalkFormSet
    extra = 0
    fields = [("title", "kind"), ("start", "end", "room"), "speaker_list", "abstract"]
    show_change_link = True
    ordering = ["start", "id"]
    classes = ["talks"]

    def get_queryset(self, request):
        # Each talk's form shows its times in its event's zone, and its speakers in order.
        links = TalkSpeaker.objects.select_related("speaker").order_by("position", "id")
        return (
            super()
            .get_queryset(request)
            .select_related("event")
            .prefetch_related(Prefetch("speaker_links", queryset=links))
        )


class TalkSpeakerInline(OrderedTabularInline):
    model = TalkSpeaker
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["speaker"]
    verbose_name = "speaker"
    verbose_name_plural = "speakers (in billing order)"


class ScheduleRestoreMixin:
    """A restored version carries the calendar SEQUENCE numbers it had; calendar apps take an
    update only when SEQUENCE grows, so after a restore they are raised past the ones sent."""

    def before_restore(self, obj):
        return services.schedule_sequences(obj)

    def restored(self, request, obj, before):
        services.raise_sequences_after_restore(obj, before=before)


@admin.register(Event)
class EventAdmin(
    PurgesSharedCacheMixin,
    PicturesAdminMixin,
    PublicPageLinkMixin,
    PreviewLinksMixin,
    ScheduleRestoreMixin,
    ProseEditorCSPMixin,
    RecordsEditorMixin,
    EditorAdmin,
):
    purge_tags = (httpcache.EVENTS,)
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
            "Cover image",
            {
                "fields": [
                    "cover_image",
                    "cover_image_alt",
                    "cover_image_decorative",
                    ("cover_image_focus_x", "cover_image_focus_y"),
                ]
            },
        ),
        ("After the event", {"fields": ["attendees", "countries", "recap_article"]}),
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
class TalkAdmin(
    PurgesSharedCacheMixin,
    PublicPageLinkMixin,
    ScheduleRestoreMixin,
    ProseEditorCSPMixin,
    SortableAdminBase,
    EditorAdmin,
):
    purge_tags = (httpcache.EVENTS,)
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
class SpeakerAdmin(PurgesSharedCacheMixin, PicturesAdminMixin, PublicPageLinkMixin, EditorAdmin):
    purge_tags = (httpcache.EVENTS,)
    list_display = ["name", "job_title", "organisation", "author"]
    list_filter = ["organisation"]
    search_fields = ["name", "job_title", "organisation"]
    list_select_related = ["author"]
    autocomplete_fields = ["author"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "job_title", "organisation", "bio", "author"]}),
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

    def public_queryset(self):
        return Speaker.objects.with_published_talks()


@admin.register(TalkSpeaker)
class TalkSpeakerAdmin(PurgesSharedCacheMixin, EditorAdmin):
    purge_tags = (httpcache.EVENTS,)
    list_display = ["speaker", "talk", "position"]
    list_filter = ["talk__event"]
    search_fields = ["speaker__name", "talk__title"]
    list_select_related = ["speaker", "talk"]
    autocomplete_fields = ["speaker", "talk"]
