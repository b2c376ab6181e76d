"""Tags for every page's layout.

``{% fixed_url 'articles:library' %}``: ``{% url %}`` for an address without arguments, as
every page's header and footer have a dozen of; reversed once per process (``core.addresses``).
``{{ field|widget_html }}``: ``{{ field }}`` written without the template engine
(``core.forms``).
"""

import datetime
from functools import lru_cache
from html import escape

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
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


# Every page's header and footer depend on a handful of values (which section the page is in,
# whether the reader is signed in, the media contact): each is rendered once per process for
# each set of values, a pure function of them, rather than through the template engine on
# every request. Nothing is shared between processes; a changed contact is a new set of values.


def _scope() -> tuple:
    return (settings.SITE_NAME, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=64)
def _header(scope, nav_section: str, signed_in: bool) -> str:
    return _render("includes/header.html", scope, nav_section=nav_section, signed_in=signed_in)


@lru_cache(maxsize=64)
def _footer(scope, year: int, contact: tuple | None) -> str:
    media_contact = None
    if contact is not None:
        name, job_title, email, phone, phone_uri, url = contact
        media_contact = {
            "name": name,
            "job_title": job_title,
            "email": email,
            "phone": phone,
            "phone_uri": phone_uri,
            "get_absolute_url": url,
        }
    return _render("includes/footer.html", scope, year=year, media_contact=media_contact)


def _render(name: str, scope: tuple, **values) -> str:
    from django.template.loader import get_template

    return get_template(name).render({"site_name": scope[0], **values})


@register.simple_tag(takes_context=True)
def site_header(context):
    """``includes/header.html`` for this page."""
    nav_section = context.get("nav_section", "")
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    search_query = context.get("search_query") or ""
    if search_query:  # typed by the reader: rendered afresh, never remembered
        from django.template.loader import get_template

        return get_template("includes/header.html").render(
            {
                "site_name": settings.SITE_NAME,
                "nav_section": nav_section,
                "signed_in": signed_in,
                "search_query": search_query,
            }
        )
    return mark_safe(_header(_scope(), nav_section, signed_in))  # noqa: S308 - rendered above


@register.simple_tag(takes_context=True)
def site_footer(context):
    """``includes/footer.html`` for this page, naming the primary media contact."""
    contact = context.get("media_contact")
    values = None
    if contact is not None:
        values = (
            contact.name,
            contact.job_title,
            contact.email,
            contact.phone,
            contact.phone_uri if contact.phone else "",
            contact.get_absolute_url(),
        )
    year = timezone.localtime().year
    return mark_safe(_footer(_scope(), year, values))  # noqa: S308 - rendered above


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
