"""The Editors group's permissions, kept in step with the models.

The group itself is created by a data migration (articles 0002). Its permissions are synced
here after every ``migrate`` (and every test-database flush), because Django creates the
permission rows in its own post_migrate handler, after data migrations have run, and one app
at a time: ``apps.py`` connects the sync to every app's signal, and it acts on the signals of
the apps it grants permissions of, each of which runs after Django has created that app's
permissions, so the last of them leaves the group complete.
"""

from django.db import DEFAULT_DB_ALIAS

EDITORS_GROUP = "Editors"

# Every model in these apps is site content that editors manage.
CONTENT_APPS = ("articles", "events", "media_relations", "taggit", "members")
# Editors see the background jobs (failed e-mails among them) but cannot change them.
VIEW_ONLY_APPS = ("procrastinate",)

# Permissions editors must not have even inside the content apps.
WITHHELD = {
    # Press inquiries are a record of what journalists asked: editors work them, never delete.
    ("media_relations", "delete_inquiry"),
    # Members are removed by closing their account (logged, all their data deleted).
    ("members", "delete_member"),
    ("members", "delete_closedaccount"),
    ("members", "change_closedaccount"),
}


def sync_editors_group(app_config=None, using=DEFAULT_DB_ALIAS, **kwargs):
    """Give the Editors group every content permission but the withheld ones, and the view
    permissions of the view-only apps; return it.

    Called directly (``seed_demo``, tests) or as a post_migrate receiver, where it skips the
    signals of apps it gives no permission of.
    """
    from django.contrib.auth.models import Group, Permission

    if app_config is not None and app_config.label not in CONTENT_APPS + VIEW_ONLY_APPS:
        return None
    group, _ = Group.objects.using(using).get_or_create(name=EDITORS_GROUP)
    perms = [
        perm
        for perm in Permission.objects.using(using)
        .filter(content_type__app_label__in=CONTENT_APPS)
        .select_related("content_type")
        if (perm.content_type.app_label, perm.codename) not in WITHHELD
    ]
    perms += Permission.objects.using(using).filter(
        content_type__app_label__in=VIEW_ONLY_APPS, codename__startswith="view_"
    )
    group.permissions.set(perms)
    return group
