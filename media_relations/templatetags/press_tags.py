from django import template

from media_relations import selectors

register = template.Library()


@register.inclusion_tag("media_relations/includes/contact_card.html")
def event_media_contact(event):
    """The media contact card for an event page: the event's own contact, else the primary.

    Usage in an event template: ``{% load press_tags %}{% event_media_contact event %}``.
    """
    return {
        "contact": selectors.event_contact(event),
        "heading": "Media inquiries about this event",
    }
