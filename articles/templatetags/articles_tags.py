from django import template

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
