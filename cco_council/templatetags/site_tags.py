"""Tags for every page's layout.

``{% fixed_url 'articles:library' %}``: ``{% url %}`` for an address without arguments, as
every page's header and footer have a dozen of; reversed once per process (``core.addresses``).
``{{ field|widget_html }}``: ``{{ field }}`` written without the template engine
(``core.forms``).
"""

import datetime
from html import escape

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from cco_council.core import forms
from cco_council.core.addresses import reverse_once

register = template.Library()


class FixedUrlNode(template.Node):
    def __init__(self, viewname: str):
        self.viewname = viewname

    def render(self, context):
        return conditional_escape(reverse_once(self.viewname))


@register.tag
def fixed_url(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% fixed_url 'namespace:name' %} takes one quoted name")
    return FixedUrlNode(bits[1][1:-1])


@register.filter
def widget_html(bound_field):
    return forms.widget_html(bound_field)


@register.simple_tag
def sitemap_urls(urlset):
    """The <url> entries of Django's sitemap view, as its own template writes them (between
    ``{% spaceless %}``), written here: with a thousand addresses, the template loop cost
    more than finding them."""
    zone = timezone.get_current_timezone()
    # A section's change frequency and priority are the same for each of its addresses.
    tails: dict[tuple, str] = {}
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(_sitemap_url(url, zone, tails) for url in urlset)
    )


def _sitemap_url(url, zone, tails) -> str:
    lastmod = url["lastmod"]
    if isinstance(lastmod, datetime.datetime) and lastmod.utcoffset() is not None:
        lastmod = lastmod.astimezone(zone)  # timezone.localtime(), its zone read once
    key = (url["changefreq"], url["priority"])
    tail = tails.get(key)
    if tail is None:
        changefreq, priority = key
        tail = tails[key] = (
            f"<changefreq>{escape(str(changefreq))}</changefreq>" if changefreq else ""
        ) + (f"<priority>{escape(str(priority))}</priority>" if priority else "")
    parts = [f"<url><loc>{escape(url['location'])}</loc>"]
    if lastmod:
        parts.append(f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>")
    parts.append(tail)
    parts.extend(
        f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
        f'href="{escape(alternate["location"])}"/>'
        for alternate in url["alternates"]
    )
    parts.append("</url>")
    return "".join(parts)
