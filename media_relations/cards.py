"""The press room's repeated markup (the contact card; releases, coverage and press-kit
assets on the press room), written in Python rather than by the template engine.

Through templates these short lists cost more than the rest of the press room's own markup
(a few dozen variable lookups and filters per item); the structure of each page stays in its
template. Every value is escaped here except the ``<picture>`` (``core.pictures.picture_html``
escapes its own). The markup is what the templates wrote.
"""

from html import escape

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from cco_council.core.dates import MONTH_NAMES, iso, long_date
from cco_council.core.forms import widget_html
from cco_council.templatetags.pictures import picture
from media_relations.forms import HONEYPOT_FIELD


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


def release_cards_html(releases) -> SafeString:
    """The press room's list of releases: date, title, summary."""
    items = []
    for release in releases:
        summary = f"        <p>{escape(release.summary)}</p>\n" if release.summary else ""
        items.append(
            '      <li class="card press-release-card">\n'
            f'        <p class="meta"><time datetime="{iso(release.published_at)}">'
            f"{long_date(release.published_at)}</time></p>\n"
            f'        <h3><a href="{escape(release.get_absolute_url())}">'
            f"{escape(release.title)}</a></h3>\n"
            f"{summary}"
            "      </li>\n"
        )
    return mark_safe("".join(items))  # noqa: S308 - see the module's docstring


def release_links_html(releases) -> SafeString:
    """The home page's short list of releases: title and day."""
    return mark_safe(  # noqa: S308 - see the module's docstring
        "".join(
            f'\n        <li><a href="{escape(release.get_absolute_url())}">'
            f"{escape(release.title)}</a>\n"
            f'          <span class="meta">{long_date(release.published_at)}</span></li>\n        '
            for release in releases
        )
    )


def coverage_cards_html(items) -> SafeString:
    """Coverage in the news, each linking to the outlet's page and, while published, to the
    event or item it is about (``selectors.press_room``)."""
    cards = []
    for item in items:
        link, outlet = escape(item.url), escape(item.outlet)
        day = item.published_on
        lines = []
        if item.excerpt:
            lines.append(f"<p>{escape(item.excerpt)}</p>")
        lines.append(
            f'<p class="muted">Originally published at <a href="{link}" rel="noopener">'
            f"{outlet}</a>.</p>"
        )
        if item.public_event:
            event = item.public_event
            url = escape(event.get_absolute_url())
            lines.append(f'<p>About: <a href="{url}">{escape(str(event))}</a></p>')
        if item.public_article:
            article = item.public_article
            lines.append(
                f'<p>Related reading: <a href="{escape(article.get_absolute_url())}">'
                f"{escape(article.title)}</a></p>"
            )
        cards.append(
            f'      <li class="card press-release-card" id="coverage-{item.pk}">\n'
            f'        <p class="meta"><time datetime="{day.isoformat()}">'
            f"{MONTH_NAMES[day.month]} {day.day}, {day.year}</time> · {outlet}</p>\n"
            f'        <h3><a href="{link}" rel="noopener">{escape(item.headline)}</a></h3>\n'
            + "".join(f"        {line}\n" for line in lines)
            + "      </li>\n"
        )
    return mark_safe("".join(cards))  # noqa: S308 - see the module's docstring


def kit_assets_html(assets) -> SafeString:
    """One group of the press kit: each asset's preview (logos and photos), download link and
    label (``selectors.press_kit_groups``)."""
    items = []
    for asset in assets:
        url = escape(asset.file.url)
        preview = ""
        if asset.preview:
            logo = " kit-logo" if asset.kind == asset.Kind.LOGO else ""
            preview = (
                f'<a class="kit-preview{logo}" href="{url}" download tabindex="-1"'
                f' aria-hidden="true">{picture(asset.preview, "preview", alt="")}</a>'
            )
        description = f". {escape(asset.description)}" if asset.description else ""
        items.append(
            '      <li class="kit-asset">\n'
            f"        {preview}\n"
            f'        <p><a href="{url}" download>{escape(asset.title)}</a></p>\n'
            f'        <p class="meta">{escape(asset.file_label)}{description}</p>\n'
            "      </li>\n"
        )
    return mark_safe("".join(items))  # noqa: S308 - see the module's docstring


def _field_html(field) -> str:
    label = conditional_escape(field.label)
    if field.name == HONEYPOT_FIELD:
        return (
            '      <div class="hp-field" aria-hidden="true">\n'
            f'        <label for="{escape(field.id_for_label)}">{label}</label>\n'
            f"        {widget_html(field)}\n"
            "      </div>\n"
        )
    if not field.field.required:
        label += ' <span class="muted">(optional)</span>'
    errors = field.errors
    auto_id = escape(field.auto_id)
    lines = [f'<label for="{escape(field.id_for_label)}">{label}</label>']
    if errors:
        items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
        lines.append(f'<ul class="errorlist" id="{auto_id}_errors">{items}</ul>')
    lines.append(widget_html(field))
    if field.help_text:
        lines.append(
            f'<p class="helptext" id="{auto_id}_helptext">{conditional_escape(field.help_text)}</p>'
        )
    return (
        f'      <div class="form-field{" has-error" if errors else ""}">\n'
        + "".join(f"        {line}\n" for line in lines)
        + "      </div>\n"
    )


def inquiry_fields_html(form) -> SafeString:
    """The inquiry form's fields, each with its label, errors, widget (``core.forms``) and
    help text; the honeypot field hidden from people and assistive technology."""
    return mark_safe("".join(_field_html(field) for field in form))  # noqa: S308 - escaped
