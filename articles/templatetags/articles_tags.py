from html import escape

from django import template
from django.utils.safestring import mark_safe

from articles import cards, selectors
from cco_council.core.addresses import reverse_slug

register = template.Library()


@register.filter
def highlight(headline):
    """A search headline as safe HTML: the text escaped, the matches in <mark>."""
    return selectors.highlight(headline)


@register.filter
def snippet(article):
    """An item's search headline as safe HTML, with an ellipsis where it cuts a sentence."""
    return selectors.snippet(article)


@register.filter
def tag_url(tag):
    return reverse_slug("articles:tag_detail", tag.slug)


@register.simple_tag
def select_options(filterset, bound_field):
    """The <option>s of a library filter's select, written in one pass.

    Django renders each option through a widget template, which for hundreds of authors or
    series costs more than all of the page's queries; this writes the same markup from the
    filter's (value, label) pairs.
    """
    selected = str(bound_field.value() or "")
    return mark_safe(  # noqa: S308 - every value and label is escaped here
        "".join(
            f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
            f"{escape(label)}</option>"
            for value, label in filterset.options(bound_field.name)
        )
    )


@register.simple_tag(takes_context=True)
def entries(context, articles):
    """The list entries of these items (see ``articles.cards``). A members-only item's PDF
    link is for members (the page's ``is_member``, asked only when such an item is listed)."""
    return cards.entries_html(articles, is_member=_LazyMember(context))


@register.simple_tag
def teasers(articles, lazy=False):
    """Home-page teasers of these items, each in its <li> (see ``articles.cards``); with
    ``lazy``, every picture loads as it comes into view."""
    return cards.teasers_html(articles, lazy=lazy)


class _LazyMember:
    """The template's ``is_member``, read the first time it is asked for."""

    def __init__(self, context):
        self.context = context

    def __bool__(self):
        return bool(self.context.get("is_member", False))
