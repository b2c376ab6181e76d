from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CcoCouncilConfig(AppConfig):
    name = "cco_council"
    verbose_name = "CCO Council site"

    def ready(self):
        from cco_council.permissions import sync_editors_group

        post_migrate.connect(
            sync_editors_group, sender=self, dispatch_uid="cco_council.sync_editors_group"
        )
