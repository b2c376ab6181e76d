"""The Members group: what holding a current membership lets a user do on the site."""

MEMBERS_GROUP = "Members"
MEMBER_PERMISSIONS = [("articles", "read_members_only")]


def sync_members_group(**kwargs):
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
    perms = [
        Permission.objects.filter(content_type__app_label=app, codename=codename).first()
        for app, codename in MEMBER_PERMISSIONS
    ]
    group.permissions.set([perm for perm in perms if perm is not None])
    return group
