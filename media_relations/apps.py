from django.apps import AppConfig


class MediaRelationsConfig(AppConfig):
    name = "media_relations"
    verbose_name = "Press room"
