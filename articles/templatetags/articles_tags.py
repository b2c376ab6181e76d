from django import template

from articles import selectors

register = template.Library()


@register.filter
def highlight(headline):
    """A search headline as safe HTML: the text escaped, the matches in <mark>."""
    return selectors.highlight(headline)
