"""RSS and Atom generators that write only characters XML 1.0 can carry, and a feed view
that asks for each of an item's values with one call.

Django's generators raise on a C0 control character (the feed answers 500) and pass U+FFFE and
U+FFFF through (a feed no reader can parse, served with 200). Text typed today cannot hold
either (``validators.PlainTextValidator``), but rows stored before may; these generators drop
such characters from every value a feed is given, so one bad row never takes a feed down.

Which values are HTML is the feed's business, not the generator's: an RSS ``<description>`` and
an Atom ``<summary type="html">`` are HTML, so a feed escapes plain text it puts there.
"""

import io
from inspect import unwrap
from xml.sax.saxutils import escape, quoteattr

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed as DjangoFeed
from django.contrib.syndication.views import add_domain
from django.utils import feedgenerator
from django.utils.timezone import get_default_timezone, is_naive, make_aware
from django.utils.translation import get_language

from cco_council.core.text import plain_text


def xml_safe(value):
    """``value`` (a string, or a list or tuple of them) without characters XML cannot carry."""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


class XmlWriter:
    """What Django's generators write through (``SimplerXMLGenerator`` with short empty
    elements), gathered into one string instead of written a tag and a text at a time.

    Those thousand writes, each through a text wrapper into the response, were a third of a
    feed's time. The generators' own ``add_root_elements`` / ``add_item_elements`` still say
    what is written, so the document is the one Django writes, byte for byte (a test holds
    the two together). Values reach it clean (``XmlSafeFeedMixin``); it only escapes.
    """

    def __init__(self, encoding):
        self.encoding = encoding
        self.parts = []
        self.pending = False  # a start tag waiting for ">" or "/>"

    def startDocument(self):  # noqa: N802 - the SAX handler's names
        self.parts.append(f'<?xml version="1.0" encoding="{self.encoding}"?>\n')

    def processingInstruction(self, target, data):  # noqa: N802
        self._close_pending()
        self.parts.append(f"<?{target} {data}?>")

    def startElement(self, name, attrs):  # noqa: N802
        self._close_pending()
        if attrs:
            name += "".join(f" {key}={quoteattr(attrs[key])}" for key in sorted(attrs))
        self.parts.append("<" + name)
        self.pending = True

    def endElement(self, name):  # noqa: N802
        if self.pending:
            self.parts.append("/>")
            self.pending = False
        else:
            self.parts.append(f"</{name}>")

    def characters(self, content):
        if content:
            self._close_pending()
            self.parts.append(escape(content))

    def addQuickElement(self, name, contents=None, attrs=None):  # noqa: N802
        if self.pending:
            self.parts.append(">")
        start = (
            name + "".join(f" {key}={quoteattr(attrs[key])}" for key in sorted(attrs))
            if attrs
            else name
        )
        if contents:
            self.parts.append(f"<{start}>{escape(contents)}</{name}>")
        else:
            self.parts.append(f"<{start}/>")
        self.pending = False

    def _close_pending(self):
        if self.pending:
            self.parts.append(">")
            self.pending = False

    def getvalue(self) -> str:
        return "".join(self.parts)


class XmlSafeFeedMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})


def _send(handler: XmlWriter, outfile, encoding: str) -> None:
    document = handler.getvalue()
    if isinstance(outfile, io.TextIOBase):
        outfile.write(document)
    else:
        # As the SAX generator encodes: what the encoding cannot hold, as a character reference.
        outfile.write(document.encode(encoding, "xmlcharrefreplace"))


class Rss201rev2Feed(XmlSafeFeedMixin, feedgenerator.Rss201rev2Feed):
    def write(self, outfile, encoding):
        # Django's RssFeed.write(), through an XmlWriter.
        handler = XmlWriter(encoding)
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")
        _send(handler, outfile, encoding)


class Atom1Feed(XmlSafeFeedMixin, feedgenerator.Atom1Feed):
    def write(self, outfile, encoding):
        # Django's Atom1Feed.write(), through an XmlWriter.
        handler = XmlWriter(encoding)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")
        _send(handler, outfile, encoding)


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


_MISSING = object()


class Feed(DjangoFeed):
    """Django's ``Feed``, with each of its attributes looked up once per feed.

    Django's ``get_feed()`` looks every ``item_*`` attribute up for every item, and unwraps
    the method and counts its arguments each time: fifteen of those an item were a third of a
    feed's time. This one decides once how each is called (with the item, or without
    arguments, or a plain value) and builds the same generator with the same values; title
    and description templates, which no feed here uses, go Django's way.
    """

    def value_of(self, attname, default=None):
        """A function of the item (or the feed's object) giving what Django's feed view
        takes for ``attname``: the attribute, or its method's answer, called with the item
        when it takes one argument besides ``self``, else without."""
        attr = getattr(self, attname, _MISSING)
        if attr is _MISSING:
            return lambda _: default
        if not callable(attr):
            return lambda _: attr
        func = unwrap(attr)
        code = getattr(func, "__code__", None) or unwrap(attr.__call__).__code__
        if code.co_argcount == 2:
            return attr
        return lambda _: attr()

    def get_feed(self, obj, request):
        if self.title_template is not None or self.description_template is not None:
            return super().get_feed(obj, request)
        domain = get_current_site(request).domain
        secure = request.is_secure()

        def of_feed(name):
            return self.value_of(name)(obj)

        feed = self.feed_type(
            title=of_feed("title"),
            subtitle=of_feed("subtitle"),
            link=add_domain(domain, of_feed("link"), secure),
            description=of_feed("description"),
            language=self.language or get_language(),
            feed_url=add_domain(domain, of_feed("feed_url") or request.path, secure),
            author_name=of_feed("author_name"),
            author_link=of_feed("author_link"),
            author_email=of_feed("author_email"),
            categories=of_feed("categories"),
            feed_copyright=of_feed("feed_copyright"),
            feed_guid=of_feed("feed_guid"),
            ttl=of_feed("ttl"),
            stylesheets=of_feed("stylesheets"),
            **self.feed_extra_kwargs(obj),
        )
        title = self.value_of("item_title")
        description = self.value_of("item_description")
        item_link = self.value_of("item_link")
        enclosures = self.value_of("item_enclosures")
        author_name = self.value_of("item_author_name")
        author_email = self.value_of("item_author_email")
        author_link = self.value_of("item_author_link")
        pubdate = self.value_of("item_pubdate")
        updateddate = self.value_of("item_updateddate")
        guid = self.value_of("item_guid", _MISSING)
        guid_is_permalink = self.value_of("item_guid_is_permalink")
        comments = self.value_of("item_comments")
        categories = self.value_of("item_categories")
        item_copyright = self.value_of("item_copyright")
        tz = get_default_timezone()
        for item in of_feed("items"):
            link = add_domain(domain, item_link(item), secure)
            name = author_name(item)
            published = pubdate(item)
            if published and is_naive(published):
                published = make_aware(published, tz)
            updated = updateddate(item)
            if updated and is_naive(updated):
                updated = make_aware(updated, tz)
            unique_id = guid(item)
            feed.add_item(
                title=title(item),
                link=link,
                description=description(item),
                unique_id=link if unique_id is _MISSING else unique_id,
                unique_id_is_permalink=guid_is_permalink(item),
                enclosures=enclosures(item),
                pubdate=published,
                updateddate=updated,
                author_name=name,
                author_email=author_email(item) if name is not None else None,
                author_link=author_link(item) if name is not None else None,
                comments=comments(item),
                categories=categories(item),
                item_copyright=item_copyright(item),
                **self.item_extra_kwargs(item),
            )
        return feed
