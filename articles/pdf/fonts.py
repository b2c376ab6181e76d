"""The faces the PDFs are set in, and which face draws each character.

DejaVu Serif (regular, bold, italic, bold italic) sets Latin, Greek and Cyrillic text: the
"base" family. Text in other scripts is drawn by a fallback face per script:

- Arabic: Noto Naskh Arabic; Hebrew: Noto Serif Hebrew; Devanagari: Noto Serif Devanagari;
  Thai: Noto Serif Thai (regular and bold each, shipped in ``fonts/`` with their OFL licence);
- Chinese, Japanese, Korean: reportlab's built-in CID fonts (STSong-Light, HeiseiMin-W3,
  HYSMyeongJo-Medium), which PDF viewers supply, so no file is embedded;
- emoji: monochrome Noto Emoji (a colour emoji font cannot be embedded by reportlab).

``split_runs()`` cuts a string into runs of one face each; ``markup()`` turns a string into
escaped paragraph markup with a ``<font face>`` around every run the base family cannot draw.
Text the base family covers entirely (nearly all of the library) takes a fast path: one set
comparison, then ``escape()``. A fallback face is read from disk only when a document first
needs it, once per process. A character no face has becomes U+FFFD; control characters go.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"

REGULAR = "CCOSerif"
BOLD = "CCOSerif-Bold"
ITALIC = "CCOSerif-Italic"
BOLD_ITALIC = "CCOSerif-BoldItalic"

_BASE_FACES = {
    REGULAR: "DejaVuSerif.ttf",
    BOLD: "DejaVuSerif-Bold.ttf",
    ITALIC: "DejaVuSerif-Italic.ttf",
    BOLD_ITALIC: "DejaVuSerif-BoldItalic.ttf",
}

REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class Fallback:
    """A face for one script. ``regular``/``bold`` are files in fonts/, or None for a CID font."""

    name: str
    regular: str | None = None
    bold: str | None = None
    rtl: bool = False  # right-to-left: reordered for display (see bidi.py)
    shaped: bool = False  # needs HarfBuzz shaping for the right glyphs in the right order
    # Points added to the size: a face whose letters look small beside DejaVu's large
    # x-height is set larger, so a name reads at the size of the text around it.
    boost: float = 0

    @property
    def tag(self) -> str:
        """The opening <font> tag that sets text in this face."""
        size = f' size="+{self.boost:g}"' if self.boost else ""
        return f'<font face="{self.name}"{size}>'


ARABIC = Fallback(
    "CCOArabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", rtl=True, boost=1.5
)
HEBREW = Fallback("CCOHebrew", "NotoSerifHebrew-Regular.ttf", "NotoSerifHebrew-Bold.ttf", rtl=True)
DEVANAGARI = Fallback(
    "CCODevanagari",
    "NotoSerifDevanagari-Regular.ttf",
    "NotoSerifDevanagari-Bold.ttf",
    shaped=True,
)
# Merged with Noto Serif's ASCII and punctuation (see fonts/OFL.txt), so a Thai word and the
# brackets or quotes around it are shaped as one word in one face.
THAI = Fallback("CCOThai", "NotoSerifThai-Regular.ttf", "NotoSerifThai-Bold.ttf", shaped=True)
CHINESE = Fallback("STSong-Light")
JAPANESE = Fallback("HeiseiMin-W3")
KOREAN = Fallback("HYSMyeongJo-Medium")
EMOJI = Fallback("CCOEmoji", "NotoEmoji-Regular.ttf")

FALLBACKS = (ARABIC, HEBREW, DEVANAGARI, THAI, CHINESE, JAPANESE, KOREAN, EMOJI)
BY_NAME = {fallback.name: fallback for fallback in FALLBACKS}

# Blocks whose characters always go to their script's face, even where DejaVu has a glyph, so a
# word is never set in two faces. (start, end, face); CJK_HAN is settled per string below.
_CJK_HAN = Fallback("cjk")
_BLOCKS = (
    (0x0590, 0x05FF, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x0870, 0x08FF, ARABIC),
    (0x0900, 0x097F, DEVANAGARI),
    (0x0E00, 0x0E7F, THAI),
    (0x1100, 0x11FF, KOREAN),
    (0x2E80, 0x2FDF, _CJK_HAN),
    (0x3000, 0x303F, _CJK_HAN),
    (0x3040, 0x30FF, JAPANESE),
    (0x3130, 0x318F, KOREAN),
    (0x31F0, 0x31FF, JAPANESE),
    (0x3200, 0x33FF, _CJK_HAN),
    (0x3400, 0x4DBF, _CJK_HAN),
    (0x4E00, 0x9FFF, _CJK_HAN),
    (0xA8E0, 0xA8FF, DEVANAGARI),
    (0xAC00, 0xD7AF, KOREAN),
    (0xF900, 0xFAFF, _CJK_HAN),
    (0xFB1D, 0xFB4F, HEBREW),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0xFF00, 0xFF60, _CJK_HAN),
    (0xFF61, 0xFF9F, JAPANESE),
    (0xFFA0, 0xFFDC, KOREAN),
    (0xFFE0, 0xFFEF, _CJK_HAN),
)
# Characters dropped wherever they appear: invisible, private or unassigned.
_DROPPED_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}
_SPACES = "\t\n\r\u2028\u2029"


WIDTH_CACHE_LIMIT = 100_000  # words per face


class _FirstSubset:
    """The characters a document has given a code in a face's first subset, and their codes."""

    __slots__ = ("chars", "codes")

    def __init__(self):
        self.chars: set[str] = set()
        self.codes: dict[int, int] = {}  # a str.translate() table


class _TTFont(TTFont):
    """A TrueType face that remembers the width of each word it has measured, and encodes
    text it has encoded before without going through it character by character.

    Line breaking measures every word of every paragraph, more than once when a paragraph
    is split across pages; prose repeats its words, so most measurements become a lookup
    (an eighth off a long article's layout, with reportlab's C accelerator installed).
    Drawing encodes every line into the codes of the document's font subset, one character
    at a time in Python; once a document has given each character of a line a code in the
    first subset (nearly always, after a few lines), the line is encoded in one
    ``str.translate()``, to the same bytes.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.word_widths: dict = {}
        self.first_subsets: WeakKeyDictionary = WeakKeyDictionary()  # document -> _FirstSubset

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 - reportlab's name
        width = self.word_widths.get(text)
        if width is None:
            width = super().stringWidth(text, 1.0, encoding)
            if len(self.word_widths) < WIDTH_CACHE_LIMIT:
                self.word_widths[text] = width
        return width * size

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 - reportlab's name
        known = self.first_subsets.get(doc)
        if known is not None and isinstance(text, str) and known.chars.issuperset(text):
            return [(0, text.translate(known.codes).encode("latin-1"))] if text else []
        pieces = super().splitString(text, doc, encoding)
        if isinstance(text, str):
            if known is None:
                known = self.first_subsets[doc] = _FirstSubset()
            assignments = self.state[doc].assignments
            for char in set(text) - known.chars:
                # reportlab sets a no-break space as a space.
                code = assignments.get(32 if char == "\xa0" else ord(char))
                if code is not None and code < 256:
                    known.chars.add(char)
                    known.codes[ord(char)] = code
        return pieces


class _AstralTTFont(_TTFont):
    """A TrueType face with characters beyond U+FFFF (emoji) that PDF readers can extract.

    reportlab (5.1) writes such a character in the font's ToUnicode map as five or six hex
    digits, an entry readers reject; the PDF specification wants UTF-16, a surrogate pair. The
    map this face adds to a document is rewritten so; everything else is reportlab's own.
    """

    def addObjects(self, doc):  # noqa: N802 - reportlab's name
        before = set(doc.idToObject)
        super().addObjects(doc)
        for name in set(doc.idToObject) - before:
            if name.startswith("toUnicodeCMap:"):
                stream = doc.idToObject[name]
                stream.content = _ASTRAL_ENTRY.sub(_utf16_entry, stream.content)


_ASTRAL_ENTRY = re.compile(r"(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>")


def _utf16_entry(match) -> str:
    code = int(match.group(2), 16)
    high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
    return f"{match.group(1)}<{high:04X}{low:04X}>"


_lock = threading.Lock()
_base: frozenset[str] | None = None
_loaded: dict[str, frozenset[str] | None] = {}  # fallback name -> characters it draws
_kinds: dict[str, object] = {}  # character -> its classification (see _classify)


def register() -> frozenset[str]:
    """Register the base family with reportlab (once) and return the characters it draws."""
    global _base
    if _base is not None:
        return _base
    with _lock:
        if _base is None:
            faces = []
            for name, filename in _BASE_FACES.items():
                face = _TTFont(name, str(FONT_DIR / filename))
                pdfmetrics.registerFont(face)
                faces.append(face)
            pdfmetrics.registerFontFamily(
                REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
            )
            # A character is drawable only if every face has it: bold or italic may apply.
            covered = set.intersection(*(set(face.face.charToGlyph) for face in faces))
            _base = frozenset(map(chr, covered))
    return _base


def _load(fallback: Fallback) -> frozenset[str] | None:
    """Register ``fallback`` (once per process); the characters it draws, None for CID fonts
    (they draw every character of their block)."""
    if fallback.name in _loaded:
        return _loaded[fallback.name]
    register()
    with _lock:
        if fallback.name not in _loaded:
            if fallback.regular is None:
                pdfmetrics.registerFont(UnicodeCIDFont(fallback.name))
                bold, chars = fallback.name, None
            else:
                kind = _AstralTTFont if fallback is EMOJI else _TTFont
                regular = kind(fallback.name, str(FONT_DIR / fallback.regular))
                pdfmetrics.registerFont(regular)
                codes = set(regular.face.charToGlyph)
                bold = fallback.name
                if fallback.bold:
                    bold = f"{fallback.name}-Bold"
                    bold_face = _TTFont(bold, str(FONT_DIR / fallback.bold))
                    pdfmetrics.registerFont(bold_face)
                    codes &= set(bold_face.face.charToGlyph)
                chars = frozenset(map(chr, codes))
            # No italic in these scripts' faces: <i> keeps the upright face.
            pdfmetrics.registerFontFamily(
                fallback.name, normal=fallback.name, bold=bold, italic=fallback.name,
                boldItalic=bold,
            )  # fmt: skip
            _loaded[fallback.name] = chars
    return _loaded[fallback.name]


def _block_face(code: int) -> Fallback | None:
    for start, end, face in _BLOCKS:
        if start <= code <= end:
            return face
    return None


_NEUTRAL = "neutral"  # drawn by the base family, but may join a neighbouring run of another face
_DROP = "drop"


def _classify(char: str):
    """None (base family), _NEUTRAL, _DROP, REPLACEMENT, or the Fallback that draws ``char``."""
    kind = _kinds.get(char, _kinds)
    if kind is not _kinds:
        return kind
    base = register()
    face = _block_face(ord(char))
    category = unicodedata.category(char)
    if face is not None:
        covered = face is _CJK_HAN or _load(face) is None or char in _loaded[face.name]
        kind = face if covered else REPLACEMENT
    elif char in base:
        neutral = category[0] in "PZ" or category in {"Mn", "Cf"}
        kind = _NEUTRAL if neutral else None
    elif category in _DROPPED_CATEGORIES or category == "Cf":
        kind = _DROP
    elif char in (_load(EMOJI) or ()):
        kind = EMOJI
    else:
        kind = REPLACEMENT
    _kinds[char] = kind
    return kind


def _han_face(text: str) -> Fallback:
    """Han characters are shared by Chinese, Japanese and Korean: kana in the same string mean
    Japanese, hangul Korean; otherwise Chinese."""
    for char in text:
        kind = _kinds.get(char)
        if kind is JAPANESE:
            return JAPANESE
        if kind is KOREAN:
            return KOREAN
    return CHINESE


def covered(text: str) -> bool:
    """True if the base family draws all of ``text`` (the fast path)."""
    return register().issuperset(text)


def assign(text: str) -> list[tuple[str, Fallback | None]]:
    """A (character to draw, face) pair for each character of ``text``, same length; the
    character is "" when dropped, U+FFFD when no face has it. Face None is the base family.

    Spaces and punctuation between two characters of one fallback face stay in that face (a
    name in Arabic is one run, not three), so each run reads as one piece of text; a shaped
    face also takes the rest of each word it starts or ends (a bracket, a comma), because
    HarfBuzz shapes a word with one font and reportlab draws a word set in two faces with the
    wrong glyphs.
    """
    kinds = [_classify(char) for char in text]
    han = None
    out: list[list] = []
    pending: list[int] = []  # indexes of neutral characters not yet given a face
    last = None  # the face of the last strong character
    for index, (char, kind) in enumerate(zip(text, kinds, strict=True)):
        if kind is _DROP:
            out.append(["", None])
            continue
        if char in _SPACES:
            char, kind = " ", _NEUTRAL
        if kind is _NEUTRAL:
            out.append([char, None])
            pending.append(index)
            continue
        if kind is _CJK_HAN:
            han = han or _han_face(text)
            _load(han)
            kind = han
        if kind is REPLACEMENT:
            char, kind = REPLACEMENT, None
        if (
            pending
            and kind is not None
            and last is kind
            and _draws(kind, [out[i][0] for i in pending])
        ):
            for i in pending:
                out[i][1] = kind
        pending = []
        last = kind
        out.append([char, kind])
    _join_words(out)
    return [(char, face) for char, face in out]


def _join_words(out: list[list]) -> None:
    for index, (char, face) in enumerate(out):
        if face is None or not face.shaped or not char:
            continue
        drawn = _loaded[face.name]
        for step in (-1, 1):
            other = index + step
            while 0 <= other < len(out) and out[other][1] is None:
                neighbour = out[other][0]
                if neighbour == " " or (neighbour and neighbour not in drawn):
                    break
                out[other][1] = face
                other += step


def split_runs(text: str) -> list[tuple[str, Fallback | None]]:
    """``text`` cut into (chunk, face) runs; face None is the base family."""
    if covered(text):
        return [(text, None)] if text else []
    runs: list[list] = []
    for char, face in assign(text):
        if not char:
            continue
        if runs and runs[-1][1] is face:
            runs[-1][0] += char
        else:
            runs.append([char, face])
    return [(chunk, face) for chunk, face in runs]


def segments(runs) -> list:
    """Inline runs (text, bold, italic, link; None for a line break) of one paragraph cut
    into (text, face, bold, italic, link) segments, faces chosen across the whole paragraph
    (a comma after a bold name joins the name's face). None stays a line break."""
    joined = "".join(" " if run is None else run[0] for run in runs)
    faces = assign(joined)
    out: list = []
    offset = 0
    for run in runs:
        if run is None:
            out.append(None)
            offset += 1
            continue
        text, *style = run
        for char, face in faces[offset : offset + len(text)]:
            if not char:
                continue
            last = out[-1] if out else None
            if last is not None and last[1] is face and last[2:] == style:
                last[0] += char
            else:
                out.append([char, face, *style])
        offset += len(text)
    return [segment if segment is None else tuple(segment) for segment in out]


def _draws(face: Fallback, chars) -> bool:
    drawn = _loaded.get(face.name)
    return drawn is None or all(char in drawn for char in chars)


def markup(text: str) -> str:
    """``text`` as safe paragraph markup, each run in the face that draws it."""
    if covered(text):
        return escape(text)
    return "".join(
        escape(chunk) if face is None else f"{face.tag}{escape(chunk)}</font>"
        for chunk, face in split_runs(text)
    )


def faces_of(text: str) -> set[Fallback]:
    """The fallback faces ``text`` needs (empty on the fast path)."""
    if covered(text):
        return set()
    return {face for _, face in split_runs(text) if face is not None}


def drawable(text: str) -> str:
    """``text`` within the base family alone (canvas strings: footer, band), what it cannot draw
    replaced (U+FFFD) or dropped (controls)."""
    base = register()
    if not text or base.issuperset(text):
        return text or ""
    table = {}
    for char in set(text) - base:
        if char in _SPACES:
            table[ord(char)] = " "
        elif unicodedata.category(char) in _DROPPED_CATEGORIES | {"Cf"}:
            table[ord(char)] = None
        else:
            table[ord(char)] = REPLACEMENT
    return text.translate(table)


def plain(text: str) -> str:
    """``text`` for PDF metadata and bookmarks, which any viewer shows in its own fonts: every
    character kept except controls and surrogates."""
    if not text or text.isprintable():
        return text or ""
    return "".join(
        " " if char in _SPACES else char
        for char in text
        if char in _SPACES or unicodedata.category(char) not in _DROPPED_CATEGORIES
    )
