from django.apps import AppConfig


class MediaRelationsConfig(AppConfig):
    name = "media_relations"
    verbose_name = "Press room"

    def ready(self):
        from cco_council.core import previews
        from media_relations import views
        from media_relations.models import PressRelease

        previews.register(PressRelease, views.shared_release_preview)
