from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor as an app: it holds the editors' tools every app uses (preview links)."""

    name = "cco_council.core"
    label = "core"
    verbose_name = "Editorial tools"
