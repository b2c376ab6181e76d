from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from members.permissions import sync_members_group

        # Django creates permission rows in its own post_migrate handler; the group follows.
        post_migrate.connect(sync_members_group, sender=self)
