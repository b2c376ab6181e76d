"""Who may read members-only items: the one answer every app asks.

A current member is an active user holding the permission ``articles.read_members_only``. The
members app grants it through its "Members" group when an editor approves an application and
takes it away when a membership lapses or closes; editors hold it through their group, so they
read what members read. Being signed in is not enough: a lapsed member keeps their session and
gets what the public gets, because the permission is read on every request.

The articles queryset (``Article.objects.readable_by(user)``) and the read and PDF views ask
this function; nothing that leaves the site (feeds, sitemaps, search, e-mails to the public)
asks it at all: those use the public rule.
"""

READ_MEMBERS_ONLY = "articles.read_members_only"


def is_member(user) -> bool:
    """True when ``user`` may read members-only items in full."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(READ_MEMBERS_ONLY)
    )
