"""The PDF layout over plain data: no models here, so it can be built and tested on its own.

``ItemDoc`` holds what one library item prints (strings and stored, sanitized HTML);
``render_item()`` and ``render_series()`` turn them into PDF bytes with platypus. Every string
reaches reportlab either through ``escape_text()`` (paragraph markup) or ``drawable()``
(canvas text, metadata), never raw.
"""

import io
from dataclasses import dataclass, field
from functools import cache, partial

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.tableofcontents import TableOfContents

from articles.pdf import fonts
from articles.pdf.html import ListBlock, Para, Quote, escape_text, html_to_blocks, link_markup
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
KEEP_WITH_NEXT_LIMIT = 300  # characters
QUOTE_INDENT = 22


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


@dataclass
class SeriesDoc:
    title: str
    description_html: str = ""
    parts: list[ItemDoc] = field(default_factory=list)
    url: str = ""
    year: int | None = None


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
        "title": style(
            "title", fontName=fonts.BOLD, fontSize=23, leading=28, spaceAfter=10, keepWithNext=1
        ),
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
            keepWithNext=1,
        ),  # fmt: skip
        "h3": style(
            "h3",
            fontName=fonts.BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        ),  # fmt: skip
        "h4": style(
            "h4",
            fontName=fonts.BOLD_ITALIC,
            fontSize=11,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),  # fmt: skip
        "intro": style("intro", fontSize=11, leading=16.5, textColor=INK),
        "speaker": style(
            "speaker",
            fontName=fonts.BOLD,
            fontSize=9.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
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


class _Heading(Paragraph):
    """A paragraph that also becomes an outline entry (and, for parts, a contents line)."""

    def __init__(self, markup, style, *args, outline: str = "", level: int = 0, toc=False, **kw):
        if style.keepWithNext and len(outline) > KEEP_WITH_NEXT_LIMIT:
            # Kept with what follows, a heading near a page tall makes platypus loop forever.
            style = _derive(style, 0, {"loose": True})
        super().__init__(markup, style, *args, **kw)
        self.outline_text = outline
        self.outline_level = level
        self.toc = toc

    def split(self, available_width, available_height):
        # A heading taller than a page is split like any paragraph; only its first piece is
        # bookmarked.
        parts = super().split(available_width, available_height)
        if parts:
            parts[0].outline_text = self.outline_text
            parts[0].outline_level = self.outline_level
            parts[0].toc = self.toc
        return parts


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


# --- blocks -> flowables ----------------------------------------------------------------------


def _block_flowables(blocks, styles, *, depth=0, extra=None, outline_base=1) -> list:
    """Flowables for converted HTML blocks; ``extra`` restyles (quotes, questions)."""
    extra = extra or {}
    out = []
    for block in blocks:
        if isinstance(block, Para):
            if block.heading:
                style = _derive(styles[f"h{block.heading}"], depth, extra)
                out.append(
                    _Heading(
                        block.markup,
                        style,
                        outline=block.text,
                        level=outline_base + block.heading - 2,
                    )
                )
            else:
                out.append(Paragraph(block.markup, _derive(styles["body"], depth, extra)))
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
            style = _derive(styles["body"], depth + 1, extra)
            out.append(
                Paragraph(
                    first.markup,
                    _item_style(style, ordered=block.ordered),
                    bulletText=f"{block.start + index}." if block.ordered else "\u2022",
                )
            )
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
    loose = extra.get("loose", False)
    if not depth and not quote and not question and not loose:
        return style
    key = (style.name, id(style), depth, quote, question, loose)
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
    if loose:
        kwargs["keepWithNext"] = 0
    derived = ParagraphStyle(
        f"{style.name}-{depth}-{quote}-{question}-{loose}", parent=style, **kwargs
    )
    _derived[key] = derived
    return derived


# --- one item ---------------------------------------------------------------------------------


def _item_story(item: ItemDoc, styles, *, level: int, kicker: str = "") -> list:
    story: list = []
    if kicker:
        story.append(Paragraph(escape_text(kicker), styles["kicker"]))
    story.append(
        _Heading(escape_text(item.title), styles["title"], outline=item.title, level=level,
                 toc=bool(kicker))
    )  # fmt: skip
    if item.interviewee:
        who = f"A conversation with <b>{escape_text(item.interviewee.name)}</b>"
        if item.interviewee.role:
            who += f", {escape_text(item.interviewee.role)} at the time of the interview"
        story.append(Paragraph(who, styles["byline"]))
        if item.interviewer:
            by = f"Interviewed by {escape_text(item.interviewer)}"
            story.append(Paragraph(by, styles["meta"]))
        story.append(Spacer(1, 6))
    if item.summary:
        story.append(Paragraph(escape_text(item.summary), styles["summary"]))
    for person in item.authors:
        line = f"<b>{escape_text(person.name)}</b>"
        if person.role:
            line += f", {escape_text(person.role)}"
        story.append(Paragraph(line, styles["byline"]))
    meta = [text for text in (item.date_text, item.series_line) if text]
    for text in meta:
        story.append(Paragraph(escape_text(text), styles["meta"]))
    story.append(_Rule(space=9))

    body_base = level + 1
    story.extend(
        _block_flowables(
            html_to_blocks(item.introduction_html, base_url=_site(item.url)),
            styles,
            outline_base=body_base,
        )
    )
    story.extend(
        _block_flowables(
            html_to_blocks(item.body_html, base_url=_site(item.url)),
            styles,
            outline_base=body_base,
        )
    )
    for turn in item.turns:
        extra = {"question": True} if turn.is_interviewer else {}
        label = Paragraph(
            escape_text(turn.speaker or ("Interviewer" if turn.is_interviewer else "Interviewee")),
            _derive(styles["speaker"], 0, extra),
        )
        text = _block_flowables(
            html_to_blocks(turn.html, base_url=_site(item.url)),
            styles,
            extra=extra,
            outline_base=body_base,
        )
        story.append(label)
        story.extend(text)
        story.append(Spacer(1, 4))

    end = []
    if item.source_outlet or item.source_url:
        line = "Originally published at "
        line += f"<i>{escape_text(item.source_outlet)}</i>" if item.source_outlet else "its source"
        href = _safe_href(item.source_url)
        if href:
            line += ": " + link_markup(href, escape_text(item.source_url))
        end.append(Paragraph(line, styles["end"]))
    if item.tags:
        end.append(
            Paragraph("Tags: " + ", ".join(escape_text(tag) for tag in item.tags), styles["end"])
        )
    if item.url:
        href = _safe_href(item.url)
        if href:
            end.append(
                Paragraph("Read online: " + link_markup(href, escape_text(item.url)), styles["end"])
            )
    if end:
        story.extend([CondPageBreak(1.3 * inch), _Rule(space=8), *end])
    return story


def _site(url: str) -> str:
    """The scheme and host of ``url``: relative links in the body resolve against it."""
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# --- document ---------------------------------------------------------------------------------


@dataclass
class _Frame:
    band_label: str
    site_url: str
    copyright: str


class _NumberedCanvas(Canvas):
    """Draws the footer after the last page, when "of M" is known (pages are kept until then).

    A bookmark points at the page being written when it is made, so bookmarks are deferred
    with their page and made while the pages are written out at the end.
    """

    def __init__(self, *args, frame: _Frame, **kwargs):
        super().__init__(*args, **kwargs)
        self._frame = frame
        self._pages: list[dict] = []
        self._bookmarks: list[tuple[str, dict]] = []

    def bookmarkPage(self, key, **kwargs):  # noqa: N802 - reportlab's name
        self._bookmarks.append((key, kwargs))

    def showPage(self):  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._bookmarks = []
        self._startPage()

    def save(self):
        total = len(self._pages)
        # Annotation names are numbered from a counter that restoring a page would rewind.
        annotations = self._annotationCount
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._annotationCount = annotations = max(annotations, self._annotationCount)
            for key, kwargs in self._bookmarks:
                Canvas.bookmarkPage(self, key, **kwargs)
            self._footer(number, total)
            annotations = self._annotationCount
            super().showPage()
        super().save()

    def _footer(self, number: int, total: int):
        width, _ = self._pagesize
        y = MARGIN_BOTTOM / 2
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, y + 12, width - MARGIN_X, y + 12)
        self.setFont(fonts.REGULAR, 8)
        self.setFillColor(MUTED)
        site = fonts.drawable(self._frame.site_url)
        self.drawString(MARGIN_X, y, site)
        site_width = self.stringWidth(site, fonts.REGULAR, 8)
        if _safe_href(self._frame.site_url):
            self.linkURL(self._frame.site_url, (MARGIN_X, y - 2, MARGIN_X + site_width, y + 9))
        self.drawCentredString(width / 2, y, fonts.drawable(self._frame.copyright))
        self.drawRightString(width - MARGIN_X, y, f"Page {number} of {total}")
        self.restoreState()


def _draw_band(canvas, doc, *, label: str):
    width, height = doc.pagesize
    canvas.saveState()
    canvas.setFillColor(BAND)
    canvas.rect(0, height - BAND_HEIGHT, width, BAND_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    baseline = height - BAND_HEIGHT / 2 - 4
    canvas.setFont(fonts.BOLD, 12)
    canvas.drawString(MARGIN_X, baseline, COUNCIL)
    canvas.setFont(fonts.REGULAR, 10)
    canvas.drawRightString(width - MARGIN_X, baseline, fonts.drawable(label))
    canvas.restoreState()


class _Doc(SimpleDocTemplate):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._outline_level = -1
        self._bookmarks = 0

    def handle_documentBegin(self):  # noqa: N802 - reportlab's name
        super().handle_documentBegin()
        self._outline_level = -1
        self._bookmarks = 0

    def afterFlowable(self, flowable):  # noqa: N802 - reportlab's name
        if not isinstance(flowable, _Heading) or not flowable.outline_text:
            return
        self._bookmarks += 1
        key = f"h{self._bookmarks}"
        # An outline level may only go one deeper than the one before it.
        level = max(0, min(flowable.outline_level, self._outline_level + 1))
        self._outline_level = level
        # Land on the heading itself, not the top of its page.
        top = self.frame._y + flowable.height + flowable.style.spaceAfter + 12
        self.canv.bookmarkPage(key, fit="XYZ", top=top, left=0, zoom=0)
        self.canv.addOutlineEntry(fonts.drawable(flowable.outline_text), key, level, closed=True)
        if flowable.toc:
            self.notify("TOCEntry", (0, escape_text(flowable.outline_text), self.page, key))


def _page_size(name: str):
    return PAGE_SIZES.get((name or "letter").strip().lower(), letter)


def _build(story, *, band_label, title, authors, subject, keywords, site_url, year, page_size,
           multi=False) -> bytes:  # fmt: skip
    buffer = io.BytesIO()
    size = _page_size(page_size)
    frame = _Frame(
        band_label=band_label,
        site_url=site_url,
        copyright=f"\u00a9 {year} {COUNCIL}. All rights reserved." if year else f"\u00a9 {COUNCIL}",
    )
    doc = _Doc(
        buffer,
        pagesize=size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=fonts.drawable(title),
        author=fonts.drawable(", ".join(authors)),
        subject=fonts.drawable(subject),
        keywords=[fonts.drawable(keyword) for keyword in keywords],
        creator=CREATOR,
        lang=LANG,
        displayDocTitle=1,
    )
    story = [Spacer(1, BAND_HEIGHT - MARGIN_TOP + 0.45 * inch), *story]
    first = partial(_draw_band, label=band_label)
    canvasmaker = partial(_NumberedCanvas, frame=frame)
    if multi:
        doc.multiBuild(story, onFirstPage=first, canvasmaker=canvasmaker)
    else:
        doc.build(story, onFirstPage=first, canvasmaker=canvasmaker)
    return buffer.getvalue()


def render_item(item: ItemDoc, *, site_url: str, page_size: str = "letter") -> bytes:
    """The PDF of one library item."""
    styles = _styles()
    story = _item_story(item, styles, level=0)
    return _build(
        story,
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
    story: list = [
        _Heading(escape_text(series.title), styles["title"], outline=series.title, level=0),
    ]
    story.extend(
        _block_flowables(
            html_to_blocks(series.description_html, base_url=_site(series.url)),
            styles,
            extra={},
        )
    )
    story.append(_Rule(space=9))
    story.append(Paragraph("Contents", styles["toc_title"]))
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [styles["toc0"]]
    story.append(toc)
    if not series.parts:
        story.append(Paragraph("No parts of this series are published yet.", styles["body"]))
    authors: list[str] = []
    tags: list[str] = []
    for part in series.parts:
        story.append(PageBreak())
        kicker = f"Part {part.part_number} \u00b7 {part.kind_label}"
        story.extend(_item_story(part, styles, level=1, kicker=kicker))
        for person in part.authors:
            if person.name not in authors:
                authors.append(person.name)
        for tag in part.tags:
            if tag.lower() not in {known.lower() for known in tags}:
                tags.append(tag)
    story.append(CondPageBreak(0))
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
