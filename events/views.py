from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from cco_council.core.html import json_for_script
from cco_council.core.social import card_response
from events import calendar, jsonld, selectors, social
from events.models import Event, Speaker

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


class EventListView(ListView):
    """Upcoming events, soonest first, then the archive of past events grouped by year.

    ``?year=2015`` narrows the archive to one year; anything but a four-digit year is a 404.
    """

    template_name = "events/event_list.html"
    context_object_name = "upcoming_events"

    def get(self, request, *args, **kwargs):
        year = request.GET.get("year")
        self.year = None
        if year is not None:
            if not (len(year) == 4 and year.isascii() and year.isdigit()):
                raise Http404("No such year in the archive.")
            self.year = int(year)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # One statement for both parts of the page.
        upcoming, past = selectors.upcoming_and_past()
        if self.year is not None:
            # By the year where the event was held, as the archive groups it.
            past = [event for event in past if event.local_start.year == self.year]
        self.past = past
        return upcoming

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            past_years=selectors.past_events_by_year(self.past), year=self.year, **kwargs
        )


class EventDetailView(DetailView):
    """The event page: description, agenda by day in the event's zone, speakers, figures."""

    template_name = "events/event_detail.html"
    # A reviewer's shared preview of an unpublished event (cco_council.core.previews).
    shared_preview = None

    def get_object(self, queryset=None):
        event = selectors.event_page(self.kwargs["slug"], preview=self.shared_preview is not None)
        if event is None:
            raise Http404("No published event at this address.")
        return event

    def get_context_data(self, **kwargs):
        event = self.object
        speakers = selectors.speakers_of(event)
        recap = event.public_recap
        return super().get_context_data(
            agenda=selectors.agenda_by_day(event),
            speakers=speakers,
            recap_article=recap,
            event_jsonld=json_for_script(jsonld.event_data(event, speakers)),
            preview=self.shared_preview,
            social_image=social.event_image(event),
            **kwargs,
        )


def shared_event_preview(request, event, preview):
    return EventDetailView.as_view(shared_preview=preview)(request, slug=event.slug)


class SpeakerDetailView(DetailView):
    """A speaker's page: their talks at published events and, if they write, their articles."""

    template_name = "events/speaker_detail.html"

    def get_object(self, queryset=None):
        speaker = selectors.speaker_page(self.kwargs["slug"])
        if speaker is None:
            raise Http404("No speaker with a talk at a published event at this address.")
        return speaker

    def get_context_data(self, **kwargs):
        speaker = self.object
        talks = speaker.public_talks
        for talk in talks:
            talk.co_speakers = [other for other in talk.speaker_list if other.pk != speaker.pk]
        return super().get_context_data(
            talks=talks,
            articles=speaker.public_articles,
            social_image=social.speaker_image(speaker),
            **kwargs,
        )


def _ics_response(body: bytes, filename: str, *, as_attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


# GET and HEAD: calendar apps polling a subscription often ask with HEAD first.
@require_safe
def event_ics(request, slug):
    """The event and its talks as an .ics file, to add to a calendar."""
    event = get_object_or_404(Event.objects.published().with_agenda(), slug=slug)
    return _ics_response(
        calendar.build_event_calendar(event), f"{event.slug}.ics", as_attachment=True
    )


@require_safe
def calendar_feed(request):
    """Every published event, as a calendar readers can subscribe to."""
    events = Event.objects.published().order_by("start", "id")
    # Inline: calendar apps subscribe to this address rather than download it once.
    return _ics_response(calendar.build_feed(events), "cco-council-events.ics", as_attachment=False)


@require_safe
def event_card(request, slug, version):
    """The card of a published event, at the address its page links to."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    card = social.event_card(event)
    current = reverse("events:event_card", kwargs={"slug": slug, "version": card.version})
    return card_response(request, card, version=version, current_url=current)


@require_safe
def speaker_card(request, slug, version):
    speaker = get_object_or_404(Speaker.objects.with_published_talks(), slug=slug)
    card = social.speaker_card(speaker)
    current = reverse("events:speaker_card", kwargs={"slug": slug, "version": card.version})
    return card_response(request, card, version=version, current_url=current)
