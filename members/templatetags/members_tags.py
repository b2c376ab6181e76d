"""What lower apps' templates show of membership, provided from here (articles never
imports members)."""

from django import template

register = template.Library()


@register.inclusion_tag("members/includes/invitation.html", takes_context=True)
def membership_invitation(context, next_url=""):
    """The invitation under a members-only teaser: sign in, or apply to join.

    A signed-in reader without a current membership (lapsed, or an editor's colleague) is
    told so rather than invited to sign in again.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "next_url": next_url,
        "signed_in": bool(user is not None and user.is_authenticated),
    }
