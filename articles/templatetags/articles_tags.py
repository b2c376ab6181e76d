from html import escape

from django import template
from django.forms import ModelChoiceField
from django.urls import reverse
from django.utils.safestring import mark_safe
from taggit.models import Tag

from articles import selectors
from articles.models import Author, Series

register = template.Library()
OPTION_LABELS = {Author: "name", Series: "title", Tag: "name"}


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
    return reverse("articles:tag_detail", kwargs={"slug": tag.slug})


@register.simple_tag
def select_options(bound_field):
    """The <option>s of a filter's select, built in one pass.

    Django renders each option through a template and builds a model instance per row, which
    for hundreds of authors or series costs more than all of the page's queries; this reads
    (value, label) pairs straight from the database and writes the same markup.
    """
    field = bound_field.field
    if isinstance(field, ModelChoiceField):
        label = OPTION_LABELS[field.queryset.model]
        pairs = [("", field.empty_label or "")]
        pairs += field.queryset.values_list(field.to_field_name or "pk", label)
    else:
        pairs = field.choices
    selected = str(bound_field.value() or "")
    return mark_safe(  # noqa: S308 - every value and label is escaped here
        "".join(
            f'<option value="{escape(value)}"{" selected" if str(value) == selected else ""}>'
            f"{escape(text)}</option>"
            for value, text in pairs
        )
    )
