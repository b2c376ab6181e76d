"""Sanitized HTML -> our own block structure, holding paragraph markup only we wrote.

reportlab's paragraph markup is a language of its own: it evaluates some attribute values
(CVE-2023-33733 came through ``<font color>``) and opens the files ``<img src>`` names. So
editor HTML never reaches it. ``html.parser`` reads the stored (already sanitized) HTML into
blocks, every text node goes through ``escape()`` (in ``fonts.markup()``), and the only tags
we emit are ``<b>``, ``<i>``, ``<br/>``, ``<font face>`` naming one of our own faces (for text in
another script) and ``<a href>`` with an http(s)/mailto address, escaped as an attribute value.
Editor attributes (style, color, face, src, anything) are never copied. Malformed input
(unclosed or stray tags, absurd nesting) still gives well-formed markup: inline formatting is
re-emitted per run of text, always properly nested.
"""

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape

from django.utils.encoding import iri_to_uri

from articles.pdf import fonts

LINK_SCHEMES = {"http", "https", "mailto"}
LINK_COLOR = "#1d4e89"
# Lists and quotes nested deeper than this are flattened: the indent would eat the page.
MAX_DEPTH = 6
_HEADING_LEVELS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
_SKIP_CONTENT = {"script", "style", "template", "title", "head"}
_BLOCK_TAGS = {"div", "section", "article", "header", "footer", "table", "tr", "pre", "figure"}


def _fold_spaces(text: str) -> str:
    """Every run of whitespace in ``text`` as one space (str.split() is several times faster
    than a regular expression at it)."""
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    if text[0].isspace():
        inner = " " + inner
    if text[-1].isspace():
        inner += " "
    return inner


@dataclass
class Para:
    """A paragraph or heading: ``markup`` is safe reportlab markup, ``text`` the plain words."""

    markup: str
    text: str
    heading: int = 0  # 0 for body text, else 2-4
    # The inline runs (text, bold, italic, link; None for a line break) the markup was made
    # from: right-to-left text is laid out from them (see bidi.py).
    runs: tuple = field(default=(), compare=False, repr=False)


@dataclass
class ListBlock:
    ordered: bool
    start: int = 1
    items: list[list] = field(default_factory=list)


@dataclass
class Quote:
    blocks: list = field(default_factory=list)


def escape_text(text: str) -> str:
    """Plain text (a title, a name, a text node) as safe paragraph markup, each script in the
    face that draws it."""
    return fonts.markup(text)


def safe_href(href: str | None, *, base_url: str = "") -> str | None:
    """An absolute http(s)/mailto address, or None: anything else is not made a link."""
    if not href:
        return None
    # An address in any script is kept: non-ASCII characters are percent-encoded.
    href = iri_to_uri(fonts.plain(href).strip())
    if href.startswith("/") and not href.startswith("//") and base_url:
        href = urljoin(base_url + "/", href)
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return href


def link_markup(href: str, inner: str) -> str:
    """``inner`` (already safe markup) as a link to ``href`` (already checked by safe_href)."""
    value = escape(href, {'"': "&quot;", "'": "&#39;"})
    return f'<a href="{value}" color="{LINK_COLOR}">{inner}</a>'


class _Converter(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.blocks: list = []
        # (kind, block, children list); kind is root, list, item or quote.
        self.stack: list[tuple[str, object, list | None]] = [("root", None, self.blocks)]
        self.flattened: dict[str, int] = {}
        self.runs: list = []
        self.heading = 0
        self.bold = 0
        self.italic = 0
        self.links: list[str | None] = []
        self.skipping = 0

    # --- inline text -----------------------------------------------------------------------
    def handle_data(self, data):
        if self.skipping or not data:
            return
        text = _fold_spaces(data)
        if not text.strip() and not self.runs:
            return
        if text.startswith(" ") and self.runs and self.runs[-1] and self.runs[-1][0].endswith(" "):
            text = text[1:]
            if not text:
                return
        href = next((link for link in reversed(self.links) if link), None)
        self.runs.append((text, self.bold > 0, self.italic > 0, href))

    def flush(self):
        runs, heading = self.runs, self.heading
        self.runs, self.heading = [], 0
        while runs and runs[-1] is None:
            runs.pop()
        if not runs:
            return
        plain = "".join(run[0] if run else " " for run in runs)
        plain = " ".join(fonts.plain(plain).split())
        if not plain:
            return
        markup = inline_markup(runs)
        self.container().append(Para(markup=markup, text=plain, heading=heading, runs=tuple(runs)))

    def container(self) -> list:
        kind, block, children = self.stack[-1]
        if kind == "list":
            # Text straight inside <ul>: give it an item of its own.
            item: list = []
            block.items.append(item)
            self.stack.append(("item", None, item))
            return item
        return children

    # --- structure -------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_CONTENT:
            self.skipping += 1
            return
        if self.skipping:
            return
        attrs = dict(attrs)
        if tag in _HEADING_LEVELS:
            self.flush()
            self.heading = _HEADING_LEVELS[tag]
        elif tag == "p" or tag in _BLOCK_TAGS:
            self.flush()
        elif tag == "br":
            if self.runs:
                self.runs.append(None)
        elif tag in {"b", "strong"}:
            self.bold += 1
        elif tag in {"i", "em"}:
            self.italic += 1
        elif tag == "a":
            self.links.append(safe_href(attrs.get("href"), base_url=self.base_url))
        elif tag in {"ul", "ol"}:
            self.flush()
            if self.depth() >= MAX_DEPTH:
                self.flattened[tag] = self.flattened.get(tag, 0) + 1
                return
            block = ListBlock(ordered=tag == "ol", start=_start(attrs.get("start")))
            self.container().append(block)
            self.stack.append(("list", block, None))
        elif tag == "li":
            self.flush()
            self.close_to({"list", "item"}, stop_at={"quote"}, keep="list")
            if self.stack[-1][0] != "list":
                block = ListBlock(ordered=False)
                self.container().append(block)
                self.stack.append(("list", block, None))
            item: list = []
            self.stack[-1][1].items.append(item)
            self.stack.append(("item", None, item))
        elif tag == "blockquote":
            self.flush()
            if self.depth() >= MAX_DEPTH:
                self.flattened[tag] = self.flattened.get(tag, 0) + 1
                return
            block = Quote()
            self.container().append(block)
            self.stack.append(("quote", block, block.blocks))

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.handle_starttag(tag, attrs)
        elif tag in _HEADING_LEVELS or tag == "p" or tag in _BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in _SKIP_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag in _HEADING_LEVELS or tag == "p" or tag in _BLOCK_TAGS:
            self.flush()
        elif tag in {"b", "strong"}:
            self.bold = max(0, self.bold - 1)
        elif tag in {"i", "em"}:
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            if self.links:
                self.links.pop()
        elif tag in {"ul", "ol", "blockquote"}:
            self.flush()
            if self.flattened.get(tag):
                self.flattened[tag] -= 1
                return
            self.close_to({"quote"} if tag == "blockquote" else {"list"}, stop_at=set())
        elif tag == "li":
            self.flush()
            self.close_to({"item"}, stop_at={"quote", "list"})

    def close_to(self, kinds, *, stop_at, keep=None):
        """Pop containers up to and including the nearest of ``kinds`` (but stop at root or
        any of ``stop_at``); with ``keep``, leave a container of that kind on top instead."""
        for index in range(len(self.stack) - 1, 0, -1):
            kind = self.stack[index][0]
            if kind == keep:
                del self.stack[index + 1 :]
                return
            if kind in kinds:
                del self.stack[index:]
                return
            if kind in stop_at:
                return

    def depth(self) -> int:
        return sum(1 for kind, _, _ in self.stack if kind in {"list", "quote"})

    def close(self):
        super().close()
        self.flush()


def inline_markup(runs, *, bold: bool = False, italic: bool = False) -> str:
    """Safe markup for inline runs (text, bold, italic, link; None for a line break), runs of
    one formatting grouped, each script in the face that draws it. ``bold`` and ``italic``
    are the paragraph style's: a <font face> starts upright and regular in reportlab, so a run
    in a fallback face repeats them."""
    if all(run is None or fonts.covered(run[0]) for run in runs):
        pieces = [run if run is None else (escape(run[0]), *run[1:]) for run in runs]
    else:
        pieces = [
            segment
            if segment is None
            else (
                face_markup(segment[0], segment[1], bold or segment[2], italic or segment[3]),
                *segment[2:],
            )  # fmt: skip
            for segment in fonts.segments(runs)
        ]
    parts, group, key = [], [], None
    for piece in pieces:
        if piece is None:
            if group:
                parts.append(wrap("".join(group), *key))
                group = []
            parts.append("<br/>")
            continue
        if group and piece[1:] != key:
            parts.append(wrap("".join(group), *key))
            group = []
        key = piece[1:]
        group.append(piece[0])
    if group:
        parts.append(wrap("".join(group), *key))
    return "".join(parts)


def face_markup(text: str, face, bold: bool, italic: bool) -> str:
    """``text`` escaped, in ``face`` (a fonts.Fallback; None for the base family), bold or
    italic as given (the base family takes them from the tags around it)."""
    if face is None:
        return escape(text)
    inner = escape(text)
    if italic:
        inner = f"<i>{inner}</i>"
    if bold:
        inner = f"<b>{inner}</b>"
    return f"{face.tag}{inner}</font>"


def wrap(inner: str, bold: bool, italic: bool, href: str | None) -> str:
    """``inner`` (safe markup) with its inline formatting."""
    if italic:
        inner = f"<i>{inner}</i>"
    if bold:
        inner = f"<b>{inner}</b>"
    if href:
        inner = link_markup(href, inner)
    return inner


def _start(value) -> int:
    try:
        return max(0, min(int(value), 10**6))
    except (TypeError, ValueError):
        return 1


_PLAIN_BLOCKS = re.compile(r"(?:<(p|h[1-6])>[^<]*</\1>\s*)+")
_PLAIN_BLOCK = re.compile(r"<(p|h[1-6])>([^<]*)</\1>")


def _plain_blocks(html: str) -> list:
    """What the converter gives for paragraphs and headings of plain text (most exchanges
    and introductions), without running the parser."""
    blocks = []
    for tag, inner in _PLAIN_BLOCK.findall(html):
        text = _fold_spaces(unescape(inner))
        plain = " ".join(fonts.plain(text).split())
        if plain:
            runs = ((text, False, False, None),)
            heading = _HEADING_LEVELS.get(tag, 0)
            blocks.append(Para(markup=inline_markup(runs), text=plain, heading=heading, runs=runs))
    return blocks


# A start or end tag as the sanitizer writes them (attribute values in double quotes), or text.
_TOKEN = re.compile(
    r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*"[^"]*")?)*)\s*(/?)>'
    r"|[^<]+"
)
_ATTRIBUTE = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?')


def _tokens(html: str) -> list | None:
    """``html`` as the calls html.parser would make of it (handler name, arguments), when it
    is written as the sanitizer writes HTML; None for anything else (a comment, a stray
    "<", an unquoted attribute, the raw text of script or style), which the parser reads."""
    tokens = []
    position, end = 0, len(html)
    match = _TOKEN.match
    while position < end:
        found = match(html, position)
        if found is None:
            return None
        position = found.end()
        closing, tag, attributes, self_closing = found.groups()
        if tag is None:
            tokens.append(("handle_data", (unescape(found.group()),)))
            continue
        tag = tag.lower()
        if tag in _SKIP_CONTENT:
            return None
        if closing:
            if attributes or self_closing:
                return None
            tokens.append(("handle_endtag", (tag,)))
            continue
        pairs = [
            (name.lower(), None if value is None else unescape(value))
            for name, value in _ATTRIBUTE.findall(attributes)
        ]
        kind = "handle_startendtag" if self_closing else "handle_starttag"
        tokens.append((kind, (tag, pairs)))
    return tokens


def html_to_blocks(html: str | None, *, base_url: str = "") -> list:
    """Blocks (Para, ListBlock, Quote) for ``html``; never raises on malformed input.

    Stored HTML is the sanitizer's: it is cut into tags and text with one regular expression
    and handed to the converter as html.parser would hand it (a third of the time); anything
    else goes through html.parser itself.
    """
    if not html:
        return []
    if _PLAIN_BLOCKS.fullmatch(html):
        return _plain_blocks(html)
    converter = _Converter(base_url)
    tokens = _tokens(html)
    if tokens is None:
        converter.feed(html)
    else:
        for handler, arguments in tokens:
            getattr(converter, handler)(*arguments)
    converter.close()
    return converter.blocks


def plain_paragraphs(blocks) -> list[str]:
    """Every paragraph's plain text in reading order (what a reader of the PDF sees)."""
    out = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(block.text)
        elif isinstance(block, Quote):
            out.extend(plain_paragraphs(block.blocks))
        elif isinstance(block, ListBlock):
            for item in block.items:
                out.extend(plain_paragraphs(item))
    return out
