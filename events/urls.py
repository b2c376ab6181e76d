from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event_list"),
    # Before the per-event file, which would otherwise take "calendar" for a slug.
    path("events/calendar.ics", views.calendar_feed, name="calendar_feed"),
    path("events/<slug:slug>.ics", views.event_ics, name="event_ics"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<slug:slug>/card-<str:version>.png", views.event_card, name="event_card"),
    path("speakers/<slug:slug>/", views.SpeakerDetailView.as_view(), name="speaker_detail"),
    path("speakers/<slug:slug>/card-<str:version>.png", views.speaker_card, name="speaker_card"),
]
