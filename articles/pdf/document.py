"""The PDF layout over plain data: no models here, so it can be built and tested on its own.

``ItemDoc`` holds what one library item prints (strings and stored, sanitized HTML);
``render_item()`` and ``render_series()`` turn them into PDF bytes with platypus. Every string
reaches reportlab either as paragraph markup made by ``fonts.markup()``/``html.py`` (escaped,
each script in its face), as the text of a paragraph fragment copied from one reportlab parsed
from our own markup (``_fragments()``: nothing is parsed), through ``drawable()`` (canvas
text) or ``plain()`` (metadata, bookmarks), never raw. Only reportlab's public API is used: no
private name is read or set.

What costs time here, and how it is kept down (``bench/pdf_bench.py`` measures it against a
bare platypus build of the same text): reportlab parsing paragraph markup (fragments copied
instead, where no link or other script needs the parser), measuring and encoding text
(``fonts``), a flowable per kept heading (they keep with the next by themselves), and the
footer (one form for what every page shows; "Page N of M" is a form per page, since M is
known only at the end).
"""

import io
import itertools
import re
from collections import defaultdict
from copy import copy
from dataclasses import dataclass, field
from functools import cache, cached_property, partial

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import ps2tt
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    CondPageBreak,
    Flowable,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.tableofcontents import TableOfContents

from articles.pdf import bidi, fonts
from articles.pdf.html import (
    ListBlock,
    Para,
    Quote,
    escape_text,
    html_to_blocks,
    inline_markup,
    wrap,
)
from articles.pdf.html import safe_href as _safe_href

COUNCIL = "CCO Council"
CREATOR = "CCO Council library (reportlab)"
LANG = "en-US"
PAGE_SIZES = {"letter": letter, "a4": A4}

INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#5b6470")
ACCENT = colors.HexColor("#1d4e89")
BAND = colors.HexColor("#14324f")
SHADE = colors.HexColor("#edf2f8")
RULE = colors.HexColor("#c9d1db")

MARGIN_X = 0.95 * inch
MARGIN_TOP = 0.85 * inch
MARGIN_BOTTOM = 0.95 * inch
BAND_HEIGHT = 0.62 * inch
LIST_INDENT = 18
# A heading or a speaker's name starts a new page unless this much of what follows fits too.
KEEP_WITH_NEXT = 36  # points: two lines of body text
MAX_KEPT = 4 * inch
QUOTE_INDENT = 22
# The cover spans the text's width, no taller than this (a third of a letter page)...
MAX_COVER_HEIGHT = 3.4 * inch
# ... unless the item would end with a page this short: the cover is then made smaller (down
# to MIN_COVER_HEIGHT) so that those lines move back onto the page before.
SHORT_LAST_PAGE = 2.2 * inch
MIN_COVER_HEIGHT = 1.6 * inch


@dataclass
class Person:
    name: str
    role: str = ""


@dataclass
class Turn:
    """One exchange of a conversation."""

    speaker: str
    is_interviewer: bool
    html: str


@dataclass
class ItemDoc:
    """Everything one library item prints, as plain strings and sanitized HTML."""

    title: str
    kind_label: str
    summary: str = ""
    part_number: int | None = None
    authors: list[Person] = field(default_factory=list)
    date_text: str = ""
    series_line: str = ""
    interviewee: Person | None = None
    interviewer: str = ""
    introduction_html: str = ""
    body_html: str = ""
    turns: list[Turn] = field(default_factory=list)
    source_outlet: str = ""
    source_url: str = ""
    tags: list[str] = field(default_factory=list)
    url: str = ""
    year: int | None = None
    # The cover, as JPEG (or PNG) bytes of its 3:2 crop; printed under the byline.
    cover: bytes = b""


@dataclass
class SeriesDoc:
    title: str
    description_html: str = ""
    parts: list[ItemDoc] = field(default_factory=list)
    url: str = ""
    year: int | None = None
    cover: bytes = b""


# --- styles -----------------------------------------------------------------------------------


@cache
def _styles() -> dict[str, ParagraphStyle]:
    """The styles, made once per process (derived styles are cached against them)."""
    fonts.register()
    base = ParagraphStyle(
        "body",
        fontName=fonts.REGULAR,
        fontSize=10.5,
        leading=15.5,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=7,
        bulletFontName=fonts.REGULAR,
        bulletFontSize=10.5,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )

    def style(name, **kwargs):
        return ParagraphStyle(name, parent=base, **kwargs)

    return {
        "body": base,
        "kicker": style(
            "kicker", fontName=fonts.BOLD, fontSize=9, leading=12, textColor=ACCENT, spaceAfter=6
        ),
        "title": style("title", fontName=fonts.BOLD, fontSize=23, leading=28, spaceAfter=10),
        "summary": style(
            "summary",
            fontName=fonts.ITALIC,
            fontSize=12.5,
            leading=18,
            textColor=MUTED,
            spaceAfter=12,
        ),  # fmt: skip
        "meta": style("meta", fontSize=9.5, leading=13.5, textColor=MUTED, spaceAfter=2),
        "byline": style("byline", fontSize=10, leading=14, spaceAfter=2),
        "h2": style(
            "h2",
            fontName=fonts.BOLD,
            fontSize=15,
            leading=19,
            spaceBefore=12,
            spaceAfter=6,
        ),  # fmt: skip
        "h3": style(
            "h3",
            fontName=fonts.BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=5,
        ),  # fmt: skip
        "h4": style(
            "h4",
            fontName=fonts.BOLD_ITALIC,
            fontSize=11,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
        ),  # fmt: skip
        "intro": style("intro", fontSize=11, leading=16.5, textColor=INK),
        "speaker": style(
            "speaker",
            fontName=fonts.BOLD,
            fontSize=9.5,
            leading=13,
            # The gap between two turns (also what the previous turn's last paragraph leaves).
            spaceBefore=10,
            spaceAfter=2,
        ),  # fmt: skip
        "end": style("end", fontSize=9.5, leading=13.5, textColor=MUTED, spaceAfter=4),
        "toc_title": style(
            "toc_title", fontName=fonts.BOLD, fontSize=17, leading=22, spaceAfter=14
        ),  # fmt: skip
        "toc0": style(
            "toc0", fontSize=11, leading=15, leftIndent=18, firstLineIndent=-18, spaceAfter=5
        ),  # fmt: skip
    }


# Questions sit in a shaded, indented box; the padding equals half the spacing so consecutive
# paragraphs of one question join into one box.
_QUESTION = {"leftIndent": 14, "rightIndent": 6, "backColor": SHADE, "borderPadding": (5, 8, 5, 8)}


class Paragraph(_Paragraph):
    """A paragraph that breaks its lines once per width.

    platypus asks a paragraph for its size several times at the same width (to fit it, to keep
    a heading with it, before drawing it); line breaking is most of the cost of a document.
    """

    _wrapped_width = None

    def wrap(self, available_width, available_height):
        # split() drops blPara when the paragraph must move on whole: then break again.
        if available_width == self._wrapped_width and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        self._wrapped_width = available_width
        return size


class _KeptWithNext:
    """A heading or a speaker's name kept with what follows it.

    It starts a new page unless it fits with a little of what follows (KEEP_WITH_NEXT), never
    asking for more than MAX_KEPT (a heading that fits nowhere is split instead). platypus's
    keepWithNext copies the whole frame for each kept flowable (a conversation has forty), and
    a CondPageBreak before each is one more flowable to place and draw; this one asks for more
    room than is left when it wants the next page, then declines to split, so platypus moves
    it on whole. It is set apart from the flowable before it by that one's space after and its
    own space before, both (``space_above``, see ``_keep_spaces()``).
    """

    keeps_with_next = False
    space_above = 0.0

    def getSpaceBefore(self):  # noqa: N802 - reportlab's name
        return super().getSpaceBefore() + self.space_above

    def wants_next_page(self, available_height: float, height: float) -> bool:
        if not self.keeps_with_next:
            return False
        # The frame has taken the space before it out of available_height already.
        before = super().getSpaceBefore()
        needed = before + height + self.getSpaceAfter() + KEEP_WITH_NEXT
        return available_height < min(needed, MAX_KEPT) - before

    def wrap(self, available_width, available_height):
        width, height = super().wrap(available_width, available_height)
        if self.wants_next_page(available_height, height):
            return width, available_height + 1
        return width, height

    def split(self, available_width, available_height):
        _, height = super().wrap(available_width, available_height)
        if self.wants_next_page(available_height, height):
            return []
        parts = super().split(available_width, available_height)
        for part in parts:
            # The pieces of a split heading (of its own class) are placed where they fall.
            part.keeps_with_next = False
            part.space_above = 0.0
        return parts


def _keep_spaces(story: list) -> list:
    """Gives each flowable kept with the next the space after the one before it."""
    for previous, flowable in itertools.pairwise(story):
        if getattr(flowable, "keeps_with_next", False):
            flowable.space_above = previous.getSpaceAfter()
    return story


class _KeptParagraph(_KeptWithNext, Paragraph):
    keeps_with_next = True


class _BidiParagraph(Flowable):
    """A paragraph holding right-to-left text: broken into lines in reading order and each line
    put in display order (bidi.py), then set as a paragraph of those lines."""

    def __init__(self, runs, style, *, rtl: bool | None = None, bulletText=None):  # noqa: N803
        super().__init__()
        self.runs = runs
        self.style = style
        self.bulletText = bulletText
        text = "".join(run[0] for run in runs if run)
        self.rtl = bidi.base_is_rtl(text) if rtl is None else rtl
        self._laid_out: tuple[float, Paragraph] | None = None

    def _paragraph(self, width: float) -> Paragraph:
        if self._laid_out is None or self._laid_out[0] != width:
            style = self.style
            inner = width - style.leftIndent - style.rightIndent
            # A hair narrower than the frame, so reportlab never breaks one of our lines again.
            widths = (inner - style.firstLineIndent - 0.5, inner - 0.5)
            _, bold, italic = ps2tt(style.fontName)
            lines = bidi.visual_lines(
                self.runs,
                widths=widths,
                font_size=style.fontSize,
                rtl=self.rtl,
                bold=bool(bold),
                italic=bool(italic),
            )
            if self.rtl:
                style = _aligned_right(style)
            self._laid_out = (
                width,
                Paragraph("<br/>".join(lines), style, bulletText=self.bulletText),
            )
        return self._laid_out[1]

    def wrap(self, available_width, available_height):
        self.width, self.height = self._paragraph(available_width).wrap(
            available_width, available_height
        )
        return self.width, self.height

    def split(self, available_width, available_height):
        return self._paragraph(available_width).split(available_width, available_height)

    def draw(self):
        self._laid_out[1].drawOn(self.canv, 0, 0)

    def getSpaceBefore(self):  # noqa: N802 - reportlab's name
        return self.style.spaceBefore

    def getSpaceAfter(self):  # noqa: N802 - reportlab's name
        return self.style.spaceAfter


_bookmark_keys = itertools.count(1)


class _Outlined:
    """A heading that is also an outline entry (and, for parts, a contents line); it marks its
    own place on the page when drawn."""

    outline_text = ""
    outline_level = 0
    toc_markup = ""
    toc = False  # a line in the series' contents
    bookmark = ""

    def outlined(self, outline: str, level: int, toc_markup: str):
        self.outline_text = outline
        self.outline_level = level
        self.toc_markup = toc_markup
        self.bookmark = f"h{next(_bookmark_keys)}" if outline else ""
        return self

    def copy_outline_to(self, parts):
        # A heading taller than a page is split like any paragraph; only its first piece is
        # bookmarked.
        if parts:
            first = _Marked(parts[0]).outlined(
                self.outline_text, self.outline_level, self.toc_markup
            )
            first.toc = self.toc
            parts[0] = first
        return parts

    def mark(self, canvas, height: float):
        if self.bookmark:
            # Land just above the heading, not at the top of its page.
            _, top = canvas.absolutePosition(0, height + 12)
            canvas.bookmarkPage(self.bookmark, fit="XYZ", top=top, left=0, zoom=0)


class _KeptBidiParagraph(_KeptWithNext, _BidiParagraph):
    keeps_with_next = True


class _Heading(_Outlined, _KeptWithNext, Paragraph):
    def split(self, available_width, available_height):
        return self.copy_outline_to(super().split(available_width, available_height))

    def draw(self):
        super().draw()
        self.mark(self.canv, self.height)


class _BidiHeading(_Outlined, _KeptWithNext, _BidiParagraph):
    def split(self, available_width, available_height):
        return self.copy_outline_to(super().split(available_width, available_height))

    def draw(self):
        super().draw()
        self.mark(self.canv, self.height)


class _Marked(_Outlined, Flowable):
    """The first piece of a split heading, bookmarked like the heading."""

    def __init__(self, flowable):
        super().__init__()
        self.flowable = flowable

    def wrap(self, available_width, available_height):
        self.width, self.height = self.flowable.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        return self.copy_outline_to(self.flowable.split(available_width, available_height))

    def getSpaceBefore(self):  # noqa: N802 - reportlab's name
        return self.flowable.getSpaceBefore()

    def getSpaceAfter(self):  # noqa: N802 - reportlab's name
        return self.flowable.getSpaceAfter()

    def draw(self):
        self.flowable.drawOn(self.canv, 0, 0)
        self.mark(self.canv, self.height)


@cache
def _templates(style: ParagraphStyle) -> dict:
    """The fragments reportlab's parser makes in ``style`` of a run of text in each weight and
    slant, and of a line break, as ``_fragments()`` copies them (made once per process)."""
    templates = {
        (bold, italic): Paragraph(wrap("x", bold, italic, None), style).frags[0]
        for bold in (False, True)
        for italic in (False, True)
    }
    templates[None] = Paragraph("x<br/>x", style).frags[1]
    return templates


def _fragments(runs, style: ParagraphStyle) -> list | None:
    """The fragments reportlab's parser makes of the markup of ``runs``, made without it.

    Parsing its markup is most of the cost of making a paragraph, and a document makes a
    hundred. The parser copies one fragment per run of text and sets its text; so does this,
    from the fragments it made in the same style once (``_templates()``). None when a run needs
    the parser: a link, or text in another face.
    """
    groups: list = []  # [text, bold, italic], or None for a line break
    for run in runs:
        if run is None:
            groups.append(None)
            continue
        text, bold, italic, href = run
        if href or not fonts.covered(text):
            return None
        last = groups[-1] if groups else None
        if last is not None and last[1] == bold and last[2] == italic:
            last[0] += text
        else:
            groups.append([text, bold, italic])
    # reportlab's cleaner folds whitespace in the markup its own way: text spaced with single
    # plain spaces (all the converter gives) is left as it is, but for the ends of the markup,
    # stripped where no tag comes first or last.
    for group in groups:
        if group is not None and not (group[0].isprintable() and "  " not in group[0]):
            return None
    if groups and groups[0] is not None and not (groups[0][1] or groups[0][2]):
        groups[0][0] = groups[0][0].lstrip(" ")
    if groups and groups[-1] is not None and not (groups[-1][1] or groups[-1][2]):
        groups[-1][0] = groups[-1][0].rstrip(" ")
    templates = _templates(style)
    fragments = []
    for group in groups:
        if group is None:
            fragments.append(copy(templates[None]))
            continue
        text, bold, italic = group
        # The parser hands the text on either side of an entity (&amp; &lt; &gt;) and the
        # entity's character on as fragments of their own.
        for piece in _ENTITIES.split(text) if _ENTITY_CHARS.intersection(text) else (text,):
            if piece:
                fragment = copy(templates[bold, italic])
                fragment.text = piece
                fragments.append(fragment)
    return fragments


_ENTITY_CHARS = frozenset("&<>")
_ENTITIES = re.compile("([&<>])")


def _new_paragraph(kind, markup: str, runs, style, **kwargs):
    """``kind`` (a Paragraph class) of ``markup``, from fragments made without parsing it
    where they can be."""
    return kind(markup, style, frags=_fragments(runs, style), **kwargs)


def _paragraph(markup: str, text: str, runs, style, *, rtl: bool | None = None,
               bulletText=None, outline: str | None = None, level: int = 0,
               keep: bool = False):  # fmt: skip  # noqa: N803
    """The flowable for one paragraph: ``markup`` is ``runs`` made safe; ``text`` its words.
    ``outline`` makes it a bookmarked heading; one to ``keep`` with the next (a heading in the
    body, a speaker's name) starts a new page rather than end one.

    Text the base family draws takes the plain path; text in another script may need
    HarfBuzz shaping (Devanagari, Thai) or right-to-left layout (Arabic, Hebrew).
    """
    right_to_left = False
    if not fonts.covered(text):
        # The style's weight and slant, repeated inside each run of a fallback face.
        _, bold, italic = ps2tt(style.fontName)
        markup = inline_markup(runs, bold=bool(bold), italic=bool(italic))
        right_to_left = bidi.has_rtl(text)
        if not right_to_left and any(face.shaped for face in fonts.faces_of(text)):
            # HarfBuzz would reverse right-to-left words a second time, so a paragraph
            # holding both kinds of script is not shaped.
            style = _shaped(style)
    if right_to_left:
        if outline is None:
            kind = _KeptBidiParagraph if keep else _BidiParagraph
            return kind(runs, style, rtl=rtl, bulletText=bulletText)
        # One line in the contents, in the contents' own (regular) style.
        toc = bidi.visual_lines(runs, widths=(float("inf"),), font_size=style.fontSize,
                                rtl=bidi.base_is_rtl(text))[0]  # fmt: skip
        heading = _BidiHeading(runs, style, rtl=rtl, bulletText=bulletText)
        heading.keeps_with_next = keep
        return heading.outlined(outline, level, toc)
    if outline is None:
        kind = _KeptParagraph if keep else Paragraph
        return _new_paragraph(kind, markup, runs, style, bulletText=bulletText)
    toc = markup if fonts.covered(text) else inline_markup(runs)
    heading = _new_paragraph(_Heading, markup, runs, style, bulletText=bulletText)
    heading.keeps_with_next = keep
    return heading.outlined(outline, level, toc)


def _text(text: str, style, *, bold: bool = False, italic: bool = False, **kwargs):
    """A paragraph of one plain string (a title, a name)."""
    return _paragraph(
        wrap(escape_text(text), bold, italic, None), text, ((text, bold, italic, None),), style,
        **kwargs,
    )  # fmt: skip


def _shaped(style: ParagraphStyle) -> ParagraphStyle:
    key = ("shaped", id(style))
    cached = _derived.get(key)
    if cached is None:
        cached = _derived[key] = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
    return cached


def _aligned_right(style: ParagraphStyle) -> ParagraphStyle:
    key = ("right", id(style))
    cached = _derived.get(key)
    if cached is None:
        cached = _derived[key] = ParagraphStyle(
            f"{style.name}-rtl", parent=style, alignment=TA_RIGHT
        )
    return cached


class _Rule(Flowable):
    def __init__(self, *, space: float = 8, color=RULE, width: float = 0.6):
        super().__init__()
        self.space, self.color, self.line_width = space, color, width

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, 2 * self.space

    def draw(self):
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.line_width)
        self.canv.line(0, self.space, self.width, self.space)


class _Cover(Flowable):
    """The cover across the text's width (no taller than ``MAX_COVER_HEIGHT``), its shape
    kept. JPEG bytes go into the PDF as they are: the 1600-pixel rendition is about 240 dpi
    at that width, sharp on paper, and never re-encoded."""

    def __init__(self, data: bytes, *, max_height: float = MAX_COVER_HEIGHT):
        super().__init__()
        self.image = ImageReader(io.BytesIO(data))
        self.pixels = self.image.getSize()
        self.max_height = max_height
        self.spaceBefore, self.spaceAfter = 4, 14

    def wrap(self, available_width, available_height):
        pixel_width, pixel_height = self.pixels
        self.width = available_width
        self.height = available_width * pixel_height / pixel_width
        if self.height > self.max_height:
            self.height = self.max_height
            self.width = self.max_height * pixel_width / pixel_height
        return self.width, self.height

    def draw(self):
        self.canv.drawImage(self.image, 0, 0, width=self.width, height=self.height)


class _PartStart(Flowable):
    """Marks where a part (or the one item) begins, so the document can tell how much of each
    page each part fills; takes no room."""

    def __init__(self, part: int):
        super().__init__()
        self.part = part

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        pass


class _EndMatter(Flowable):
    """The end matter (source, tags, link), kept with the last lines of the text before it.

    A page never holds the end matter alone: where it does not fit under the text, the last
    lines of the final paragraph (two at least) go over with it, with the heading or speaker's
    name kept with that paragraph; a final block that cannot be split goes over whole. It asks
    for the room it needs and no more: where it fits, it stays.

    Its flowables are ``kept`` (a heading, a speaker: laid out before the paragraph), the
    paragraph (``tail``) and the end matter. Like ``_KeptWithNext`` it asks for more room than
    is left, so that platypus always asks it to split; it then hands back its flowables to be
    placed one by one (headings get their bookmarks and outline entries as anywhere else)
    when they all fit, the paragraph's first lines and itself for the next page when they do
    not, or nothing, to go over whole.
    """

    def __init__(self, *, kept=(), tail=None, end=(), part=0, shortfalls=None):
        super().__init__()
        self.kept, self.tail, self.end = list(kept), tail, list(end)
        # How many points it lacked where it last did not fit, by part (see _smaller_covers).
        self.part, self.shortfalls = part, shortfalls if shortfalls is not None else {}

    @property
    def flowables(self) -> list:
        return [*self.kept, *([self.tail] if self.tail is not None else []), *self.end]

    @staticmethod
    def measured(flowables, available_width, available_height) -> float:
        total = 0.0
        for index, flowable in enumerate(flowables):
            height = flowable.wrap(available_width, available_height)[1]
            total += height + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if index else 0)
        return total - (flowables[-1].getSpaceAfter() if flowables else 0)

    def wrap(self, available_width, available_height):
        return available_width, available_height + 1

    def getSpaceBefore(self):  # noqa: N802 - reportlab's name
        return self.flowables[0].getSpaceBefore()

    def getSpaceAfter(self):  # noqa: N802 - reportlab's name
        return self.flowables[-1].getSpaceAfter()

    def split(self, available_width, available_height):
        flowables = self.flowables
        needed = self.measured(flowables, available_width, available_height)
        if needed <= available_height:
            return flowables
        self.shortfalls[self.part] = needed - available_height
        tail = self.tail
        if isinstance(tail, _Paragraph) and not getattr(tail, "bookmark", ""):
            kept = self.measured(self.kept, available_width, available_height) if self.kept else 0
            space = tail.getSpaceBefore() if self.kept else 0
            tail_height = tail.wrap(available_width, available_height)[1]
            room = min(available_height - kept - space, tail_height - 2 * tail.style.leading - 1)
            if room > 0:
                pieces = tail.split(available_width, room)
                if len(pieces) == 2:
                    rest = _EndMatter(
                        tail=pieces[1], end=self.end, part=self.part, shortfalls=self.shortfalls
                    )
                    return [*self.kept, pieces[0], rest]
        return []  # over to the next page, whole

    def draw(self):  # pragma: no cover - always split (see wrap)
        raise AssertionError("the end matter is placed flowable by flowable")


# --- blocks -> flowables ----------------------------------------------------------------------


def _block_flowables(blocks, styles, *, depth=0, extra=None, outline_base=1) -> list:
    """Flowables for converted HTML blocks; ``extra`` restyles (quotes, questions)."""
    extra = extra or {}
    out = []
    for block in blocks:
        if isinstance(block, Para):
            if block.heading:
                style = _derive(styles[f"h{block.heading}"], depth, extra)
                heading = _paragraph(
                    block.markup,
                    block.text,
                    block.runs,
                    style,
                    outline=block.text,
                    level=outline_base + block.heading - 2,
                    keep=True,
                )
                out.append(heading)
            else:
                style = _derive(styles["body"], depth, extra)
                out.append(_paragraph(block.markup, block.text, block.runs, style))
        elif isinstance(block, Quote):
            quote_extra = dict(extra)
            quote_extra["quote"] = quote_extra.get("quote", 0) + 1
            out.extend(
                _block_flowables(
                    block.blocks, styles, depth=depth, extra=quote_extra, outline_base=outline_base
                )
            )
        elif isinstance(block, ListBlock):
            out.extend(_list_flowables(block, styles, depth=depth, extra=extra, base=outline_base))
    return out


def _list_flowables(block: ListBlock, styles, *, depth, extra, base) -> list:
    out = []
    for index, item in enumerate(block.items):
        if not item:
            continue
        first, rest = item[0], item[1:]
        if isinstance(first, Para) and not first.heading:
            style = _item_style(_derive(styles["body"], depth + 1, extra), ordered=block.ordered)
            bullet = f"{block.start + index}." if block.ordered else "\u2022"
            out.append(_paragraph(first.markup, first.text, first.runs, style, bulletText=bullet))
        else:
            rest = item
        out.extend(_block_flowables(rest, styles, depth=depth + 1, extra=extra, outline_base=base))
    return out


def _item_style(style: ParagraphStyle, *, ordered: bool) -> ParagraphStyle:
    key = ("item", id(style), ordered)
    cached = _derived.get(key)
    if cached is None:
        cached = ParagraphStyle(
            f"{style.name}-item-{ordered}",
            parent=style,
            spaceAfter=3,
            bulletIndent=style.leftIndent - (22 if ordered else 12),
        )
        _derived[key] = cached
    return cached


_derived: dict = {}


def _derive(style: ParagraphStyle, depth: int, extra: dict) -> ParagraphStyle:
    quote = extra.get("quote", 0)
    question = extra.get("question", False)
    if not depth and not quote and not question:
        return style
    key = (style.name, id(style), depth, quote, question)
    cached = _derived.get(key)
    if cached is not None:
        return cached
    kwargs = {"leftIndent": style.leftIndent + depth * LIST_INDENT + quote * QUOTE_INDENT}
    if quote:
        kwargs.update(textColor=MUTED, rightIndent=QUOTE_INDENT)
        if style.fontName == fonts.REGULAR:
            kwargs["fontName"] = fonts.ITALIC
    if question:
        kwargs.update(_QUESTION)
        kwargs["leftIndent"] += _QUESTION["leftIndent"]
        kwargs.update(spaceBefore=0, spaceAfter=10)
    derived = ParagraphStyle(f"{style.name}-{depth}-{quote}-{question}", parent=style, **kwargs)
    _derived[key] = derived
    return derived


# --- one item ---------------------------------------------------------------------------------


def _item_story(
    item: ItemDoc,
    styles,
    *,
    level: int,
    kicker: str = "",
    part: int = 0,
    cover_height=None,
    shortfalls=None,
) -> list:
    story: list = [_PartStart(part)]
    if kicker:
        story.append(_text(kicker, styles["kicker"]))
    story.append(_text(item.title, styles["title"], outline=item.title, level=level))
    if kicker:
        story[-1].toc = True
    # Lines we compose around a name or role run left to right (the document's language);
    # the name itself may be in any script and direction.
    if item.interviewee:
        runs = [
            ("A conversation with ", False, False, None),
            (item.interviewee.name, True, False, None),
        ]
        if item.interviewee.role:
            role = f", {item.interviewee.role} at the time of the interview"
            runs.append((role, False, False, None))
        story.append(_runs(runs, styles["byline"]))
        if item.interviewer:
            story.append(_runs([(f"Interviewed by {item.interviewer}", False, False, None)],
                               styles["meta"]))  # fmt: skip
        story.append(Spacer(1, 6))
    if item.summary:
        story.append(_text(item.summary, styles["summary"]))
    for person in item.authors:
        runs = [(person.name, True, False, None)]
        if person.role:
            runs.append((f", {person.role}", False, False, None))
        story.append(_runs(runs, styles["byline"]))
    for text in (item.date_text, item.series_line):
        if text:
            story.append(_runs([(text, False, False, None)], styles["meta"]))
    if item.cover:
        story.append(_Cover(item.cover, max_height=cover_height or MAX_COVER_HEIGHT))
    else:
        story.append(_Rule(space=9))

    body_base = level + 1
    base_url = _site(item.url)
    story.extend(
        _block_flowables(
            html_to_blocks(item.introduction_html, base_url=base_url),
            styles,
            outline_base=body_base,
        )
    )
    story.extend(
        _block_flowables(
            html_to_blocks(item.body_html, base_url=base_url), styles, outline_base=body_base
        )
    )
    for turn in item.turns:
        extra = {"question": True} if turn.is_interviewer else {}
        speaker = turn.speaker or ("Interviewer" if turn.is_interviewer else "Interviewee")
        label = _runs([(speaker, False, False, None)], _derive(styles["speaker"], 0, extra),
                      keep=True)  # fmt: skip
        story.append(label)
        story.extend(
            _block_flowables(
                html_to_blocks(turn.html, base_url=base_url),
                styles,
                extra=extra,
                outline_base=body_base,
            )
        )

    end = []
    if item.source_outlet or item.source_url:
        runs = [("Originally published at ", False, False, None)]
        runs.append((item.source_outlet, False, True, None) if item.source_outlet
                    else ("its source", False, False, None))  # fmt: skip
        href = _safe_href(item.source_url)
        if href:
            runs += [(": ", False, False, None), (item.source_url, False, False, href)]
        end.append(_runs(runs, styles["end"]))
    if item.tags:
        end.append(_runs([("Tags: " + ", ".join(item.tags), False, False, None)], styles["end"]))
    if item.url:
        href = _safe_href(item.url)
        if href:
            runs = [("Read online: ", False, False, None), (item.url, False, False, href)]
            end.append(_runs(runs, styles["end"]))
    if end:
        # With the last flowable of the text (the header's, for an item without any) and what
        # is kept with it; a heading at the very end keeps its own place.
        tail = None if getattr(story[-1], "bookmark", "") else story.pop()
        kept = []
        while tail is not None and getattr(story[-1], "keeps_with_next", False):
            kept.insert(0, story.pop())
        story.append(
            _EndMatter(
                kept=kept,
                tail=tail,
                end=[_Rule(space=8), *end],
                part=part,
                shortfalls=shortfalls,
            )
        )
    return story


def _runs(runs, style, *, keep: bool = False):
    """A paragraph of text we compose (a byline, a date line): left to right, whatever the
    script of the names in it."""
    markup = inline_markup(runs)
    text = "".join(run[0] for run in runs)
    return _paragraph(markup, text, tuple(runs), style, rtl=False, keep=keep)


def _site(url: str) -> str:
    """The scheme and host of ``url``: relative links in the body resolve against it."""
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# --- document ---------------------------------------------------------------------------------


@dataclass
class _Frame:
    """What every page shows around the text (the band on the first, the footer)."""

    band_label: str
    site_url: str
    copyright: str
    page_size: tuple[float, float]

    @cached_property
    def site_link(self) -> tuple[float, float, float, float] | None:
        """Where the footer's site address is clickable, if it is an address we link to."""
        if not _safe_href(self.site_url):
            return None
        y = MARGIN_BOTTOM / 2
        width = stringWidth(fonts.drawable(self.site_url), fonts.REGULAR, 8)
        return (MARGIN_X, y - 2, MARGIN_X + width, y + 9)


class _Canvas(Canvas):
    """Draws every footer from two forms (PDF XObjects), defined when the document is saved.

    One form holds what every footer shows (the rule, the site's address, the copyright line),
    written once however many pages there are; one per page holds its "Page N of M", known
    only once the last page is laid out. A PDF may refer to a form before defining it, so no
    page is held back or redrawn.
    """

    def __init__(self, *args, frame: _Frame, **kwargs):
        super().__init__(*args, **kwargs)
        self.frame = frame

    def save(self):
        frame = self.frame
        width = frame.page_size[0]
        y = MARGIN_BOTTOM / 2
        box = {"lowerx": 0, "lowery": 0, "upperx": width, "uppery": MARGIN_BOTTOM}
        self.beginForm(FOOTER_FORM, **box)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, y + 12, width - MARGIN_X, y + 12)
        self.setFont(fonts.REGULAR, 8)
        self.setFillColor(MUTED)
        self.drawString(MARGIN_X, y, fonts.drawable(frame.site_url))
        self.drawCentredString(width / 2, y, fonts.drawable(frame.copyright))
        self.endForm()
        total = self.getPageNumber() - 1
        for number in range(1, total + 1):
            self.beginForm(_page_form(number), **box)
            self.setFont(fonts.REGULAR, 8)
            self.setFillColor(MUTED)
            self.drawRightString(width - MARGIN_X, y, f"Page {number} of {total}")
            self.endForm()
        super().save()


FOOTER_FORM = "Footer"


def _page_form(number: int) -> str:
    return f"PageNumber{number}"


def _draw_footer(canvas, frame: _Frame):
    canvas.doForm(FOOTER_FORM)
    if frame.site_link:
        canvas.linkURL(frame.site_url, frame.site_link)
    canvas.doForm(_page_form(canvas.getPageNumber()))


def _draw_band(canvas, doc, *, frame: _Frame):
    width, height = frame.page_size
    canvas.saveState()
    canvas.setFillColor(BAND)
    canvas.rect(0, height - BAND_HEIGHT, width, BAND_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    baseline = height - BAND_HEIGHT / 2 - 4
    canvas.setFont(fonts.BOLD, 12)
    canvas.drawString(MARGIN_X, baseline, COUNCIL)
    canvas.setFont(fonts.REGULAR, 10)
    canvas.drawRightString(width - MARGIN_X, baseline, fonts.drawable(frame.band_label))
    canvas.restoreState()


class _Doc(SimpleDocTemplate):
    def __init__(self, *args, frame: _Frame, **kwargs):
        super().__init__(*args, **kwargs)
        self.outline_depth = -1
        self.footer = frame

    def afterPage(self):  # noqa: N802 - reportlab's name
        # After the page's text, so a reader of the PDF meets the footer last.
        _draw_footer(self.canv, self.footer)

    def handle_documentBegin(self):  # noqa: N802 - reportlab's name
        super().handle_documentBegin()
        self.outline_depth = -1
        # How many points of each page each part fills: where an item ends on a page of a few
        # lines, its cover is made smaller (see _build).
        self.part = None
        self.part_filled: dict[tuple[int, int], float] = defaultdict(float)

    def afterFlowable(self, flowable):  # noqa: N802 - reportlab's name
        if isinstance(flowable, _PartStart):
            self.part = flowable.part
        elif not isinstance(flowable, ActionFlowable | CondPageBreak | PageBreak):
            # A page break uses up the rest of its page; it holds nothing.
            room = flowable.height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
            if self.part is not None:
                self.part_filled[(self.part, self.page)] += room
        key = getattr(flowable, "bookmark", "")
        if not key:
            return
        # An outline level may only go one deeper than the one before it.
        level = max(0, min(flowable.outline_level, self.outline_depth + 1))
        self.outline_depth = level
        self.canv.addOutlineEntry(fonts.plain(flowable.outline_text), key, level, closed=True)
        if flowable.toc:
            self.notify("TOCEntry", (0, flowable.toc_markup, self.page, key))


def _page_size(name: str):
    return PAGE_SIZES.get((name or "letter").strip().lower(), letter)


def _build(make_story, *, band_label, title, authors, subject, keywords, site_url, year,
           page_size, multi=False) -> bytes:  # fmt: skip
    """The PDF of the story ``make_story(cover_heights, shortfalls)`` makes.

    A part (or the one item) that would end on a page of a few lines, with a cover on its
    first page, is laid out again with that cover smaller by what its end lacked on the page
    before (``shortfalls``, noted by ``_EndMatter``), so the lines move back: a second pass,
    only for those documents.
    """
    size = _page_size(page_size)
    frame = _Frame(
        band_label=band_label,
        site_url=site_url,
        copyright=f"\u00a9 {year} {COUNCIL}. All rights reserved." if year else f"\u00a9 {COUNCIL}",
        page_size=size,
    )
    meta = {
        "title": fonts.plain(title),
        "author": fonts.plain(", ".join(authors)),
        "subject": fonts.plain(subject),
        "keywords": [fonts.plain(keyword) for keyword in keywords],
    }
    shortfalls: dict[int, float] = {}
    story = make_story({}, shortfalls)
    data, doc = _lay_out(story, frame=frame, meta=meta, multi=multi)
    heights = _smaller_covers(story, doc, shortfalls)
    if heights:
        data, _ = _lay_out(make_story(heights, {}), frame=frame, meta=meta, multi=multi)
    return data


def _lay_out(story, *, frame: _Frame, meta: dict, multi: bool):
    buffer = io.BytesIO()
    doc = _Doc(
        buffer,
        pagesize=frame.page_size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        creator=CREATOR,
        lang=LANG,
        displayDocTitle=1,
        frame=frame,
        **meta,
    )
    story = _keep_spaces([Spacer(1, BAND_HEIGHT - MARGIN_TOP + 0.45 * inch), *story])
    first = partial(_draw_band, frame=frame)
    canvasmaker = partial(_Canvas, frame=frame)
    if multi:
        doc.multiBuild(story, onFirstPage=first, canvasmaker=canvasmaker)
    else:
        doc.build(story, onFirstPage=first, canvasmaker=canvasmaker)
    return buffer.getvalue(), doc


def _smaller_covers(story, doc, shortfalls) -> dict[int, float]:
    """{part: cover height} for each part whose last page holds less than SHORT_LAST_PAGE
    and whose cover can give up the room its end lacked on the page before."""
    covers, part = {}, None
    for flowable in story:
        if isinstance(flowable, _PartStart):
            part = flowable.part
        elif isinstance(flowable, _Cover) and part is not None:
            covers[part] = flowable
    heights = {}
    for part, cover in covers.items():
        pages = sorted(page for (owner, page) in doc.part_filled if owner == part)
        if len(pages) < 2:
            continue
        if part not in shortfalls or doc.part_filled[(part, pages[-1])] > SHORT_LAST_PAGE:
            continue
        height = cover.height - shortfalls[part] - 2
        if MIN_COVER_HEIGHT <= height < cover.height:
            heights[part] = height
    return heights


def render_item(item: ItemDoc, *, site_url: str, page_size: str = "letter") -> bytes:
    """The PDF of one library item."""
    styles = _styles()
    return _build(
        lambda heights, shortfalls: _item_story(
            item, styles, level=0, cover_height=heights.get(0), shortfalls=shortfalls
        ),
        band_label=item.kind_label,
        title=item.title,
        authors=[person.name for person in item.authors]
        or ([item.interviewer] if item.interviewer else []),
        subject=item.summary,
        keywords=item.tags,
        site_url=site_url,
        year=item.year,
        page_size=page_size,
    )


def render_series(series: SeriesDoc, *, site_url: str, page_size: str = "letter") -> bytes:
    """One PDF of a series: a cover with a contents list, then every part on new pages."""
    styles = _styles()
    authors: list[str] = []
    tags: list[str] = []
    for part in series.parts:
        for person in part.authors:
            if person.name not in authors:
                authors.append(person.name)
        for tag in part.tags:
            if tag.lower() not in {known.lower() for known in tags}:
                tags.append(tag)

    def story(heights, shortfalls):
        story: list = [_text(series.title, styles["title"], outline=series.title, level=0)]
        story.extend(
            _block_flowables(
                html_to_blocks(series.description_html, base_url=_site(series.url)),
                styles,
                extra={},
            )
        )
        story.append(_Cover(series.cover) if series.cover else _Rule(space=9))
        story.append(_text("Contents", styles["toc_title"]))
        toc = TableOfContents(dotsMinLevel=0)
        toc.levelStyles = [styles["toc0"]]
        story.append(toc)
        if not series.parts:
            story.append(_text("No parts of this series are published yet.", styles["body"]))
        for index, part in enumerate(series.parts):
            story.append(PageBreak())
            kicker = f"Part {part.part_number} \u00b7 {part.kind_label}"
            story.extend(
                _item_story(
                    part,
                    styles,
                    level=1,
                    kicker=kicker,
                    part=index,
                    cover_height=heights.get(index),
                    shortfalls=shortfalls,
                )
            )
        story.append(CondPageBreak(0))
        return story

    return _build(
        story,
        band_label="Series",
        title=series.title,
        authors=authors,
        subject=_first_text(series.description_html)
        or f"The {len(series.parts)} parts of {series.title}",
        keywords=tags,
        site_url=site_url,
        year=series.year,
        page_size=page_size,
        multi=True,
    )


def _first_text(html: str) -> str:
    from articles.pdf.html import plain_paragraphs

    paragraphs = plain_paragraphs(html_to_blocks(html))
    return paragraphs[0] if paragraphs else ""
