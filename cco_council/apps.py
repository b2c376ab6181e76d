from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from procrastinate.contrib.django import apps as procrastinate_apps
from taggit import apps as taggit_apps


class CcoCouncilConfig(AppConfig):
    default = True
    name = "cco_council"
    verbose_name = "CCO Council site"

    def ready(self):
        from cco_council.permissions import sync_editors_group

        # No sender: Django sends post_migrate once per app, and creates each app's permission
        # rows in that app's own signal. The group is synced after each content app's, so the
        # last one leaves it complete whatever the order of INSTALLED_APPS.
        post_migrate.connect(sync_editors_group, dispatch_uid="cco_council.sync_editors_group")


class CouncilAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the council's site (its name in every admin page's title)."""

    default = False  # installed by its dotted path in INSTALLED_APPS
    default_site = "cco_council.admin.CouncilAdminSite"


class TagsConfig(taggit_apps.TaggitAppConfig):
    """django-taggit, named "Tags" in the admin rather than after the library."""

    default = False  # installed by its dotted path in INSTALLED_APPS
    verbose_name = "Tags"


class JobsConfig(procrastinate_apps.ProcrastinateConfig):
    """Procrastinate's queue, named for what editors see in it: the site's background jobs."""

    default = False  # installed by its dotted path in INSTALLED_APPS
    verbose_name = "Background jobs"
