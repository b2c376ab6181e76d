from django import template

from media_relations import cards, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def primary_media_contact(context):
    """``{% primary_media_contact as contact %}``: the primary contact, the footer's
    (``context_processors.media_inquiries``) when the page has it, else read (cached)."""
    contact = context.get("media_contact", selectors.UNKNOWN)
    return selectors.primary_contact() if contact is selectors.UNKNOWN else contact


@register.simple_tag
def release_cards(releases):
    return cards.release_cards_html(releases)


@register.simple_tag
def release_links(releases):
    """The home page's list of the latest releases (``cards.release_links_html``)."""
    return cards.release_links_html(releases)


@register.simple_tag
def coverage_cards(items):
    return cards.coverage_cards_html(items)


@register.simple_tag
def kit_assets(assets):
    return cards.kit_assets_html(assets)


@register.simple_tag
def inquiry_fields(form):
    return cards.inquiry_fields_html(form)


@register.simple_tag
def contact_card(contact):
    """The media contact card (see ``media_relations.cards``); nothing without a contact."""
    return cards.contact_card_html(contact)


@register.simple_tag(takes_context=True)
def event_media_contact(context, event):
    """The media contact card for an event page: the event's own contact, else the primary.

    Usage in an event template: ``{% load press_tags %}{% event_media_contact event %}``.
    The primary contact is the footer's (``context_processors.media_inquiries``) when the
    page has it, rather than read from the cache a second time.
    """
    primary = context.get("media_contact", selectors.UNKNOWN)
    return cards.contact_card_html(
        selectors.event_contact(event, primary=primary),
        heading="Media inquiries about this event",
    )
