"""The press room's repeated markup (the contact card; releases, coverage and press-kit
assets on the press room), written in Python rather than by the template engine.

Through templates these short lists cost more than the rest of the press room's own markup
(a few dozen variable lookups and filters per item); the structure of each page stays in its
template. Every value is escaped here except the ``<picture>`` (``core.pictures.picture_html``
escapes its own). The markup is what the templates wrote.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from cco_council.templatetags.pictures import picture


def contact_card_html(contact, *, heading: str = "Media contact") -> SafeString:
    """The card naming who answers the press, with their direct lines; "" without one."""
    if contact is None:
        return mark_safe("")
    phone = (
        f'      <li><a href="tel:{escape(contact.phone_uri)}">{escape(contact.phone)}</a></li>\n'
        if contact.phone
        else ""
    )
    email = escape(contact.email)
    return mark_safe(  # noqa: S308 - see the module's docstring
        '<section class="press-contact card" id="media-contact"'
        ' aria-labelledby="media-contact-title">\n'
        f"  {picture(contact.portrait, 'contact', alt='')}\n"
        "  <div>\n"
        f'    <h2 id="media-contact-title" class="press-contact-heading">{escape(heading)}</h2>\n'
        f'    <p class="press-contact-name"><strong>{escape(contact.name)}</strong>, '
        f"{escape(contact.job_title)}</p>\n"
        '    <ul class="press-contact-lines">\n'
        f'      <li><a href="mailto:{email}">{email}</a></li>\n'
        f"{phone}"
        f'      <li><a href="{escape(contact.get_vcard_url())}" download>'
        "Add to address book (vCard)</a></li>\n"
        "    </ul>\n"
        "  </div>\n"
        "</section>\n"
    )
