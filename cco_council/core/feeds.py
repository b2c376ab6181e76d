"""RSS and Atom generators that write only characters XML 1.0 can carry.

Django's generators raise on a C0 control character (the feed answers 500) and pass U+FFFE and
U+FFFF through (a feed no reader can parse, served with 200). Text typed today cannot hold
either (``validators.PlainTextValidator``), but rows stored before may; these generators drop
such characters from every value a feed is given, so one bad row never takes a feed down.

Which values are HTML is the feed's business, not the generator's: an RSS ``<description>`` and
an Atom ``<summary type="html">`` are HTML, so a feed escapes plain text it puts there.
"""

from django.utils import feedgenerator

from cco_council.core.text import plain_text


def xml_safe(value):
    """``value`` (a string, or a list or tuple of them) without characters XML cannot carry."""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


class XmlSafeFeedMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})


class Rss201rev2Feed(XmlSafeFeedMixin, feedgenerator.Rss201rev2Feed):
    pass


class Atom1Feed(XmlSafeFeedMixin, feedgenerator.Atom1Feed):
    pass


class WholeResponseMixin:
    """For a ``Feed``: its response as one piece.

    Django's feed view has the generator write the document straight into the response, a
    tag and a text at a time; served as it is, every one of those thousand pieces is a write
    of its own to the client's socket. Joined, the server sends it at once.
    """

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        if not response.streaming:
            response.content = response.content
        return response
