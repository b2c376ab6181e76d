from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from cco_council.core import previews
        from events import views
        from events.models import Event

        previews.register(Event, views.shared_event_preview)
