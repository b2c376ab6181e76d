"""The embedded type family (DejaVu Serif, shipped in ``fonts/``) and what it can draw.

Parsing a TrueType file costs milliseconds, so the faces are registered once per process, on
first use. ``drawable()`` keeps every string we hand to reportlab within the family's
coverage: a character no face has (an emoji, say) becomes U+FFFD instead of a blank box or an
error, and control characters are dropped.
"""

import threading
import unicodedata
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import rl_accel as _rl_accel
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as _canvas

FONT_DIR = Path(__file__).resolve().parent / "fonts"

REGULAR = "CCOSerif"
BOLD = "CCOSerif-Bold"
ITALIC = "CCOSerif-Italic"
BOLD_ITALIC = "CCOSerif-BoldItalic"

_FACES = {
    REGULAR: "DejaVuSerif.ttf",
    BOLD: "DejaVuSerif-Bold.ttf",
    ITALIC: "DejaVuSerif-Italic.ttf",
    BOLD_ITALIC: "DejaVuSerif-BoldItalic.ttf",
}

REPLACEMENT = "\ufffd"

WIDTH_CACHE_LIMIT = 200_000


class _Face(TTFont):
    """A TrueType face that remembers the width of each word it has measured.

    Line breaking measures every word of every paragraph, and without reportlab's optional C
    accelerator that is a Python loop per character; prose repeats its words, so a dictionary
    makes most measurements a lookup.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._widths: dict[str, float] = {}

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 - reportlab's name
        width = self._widths.get(text)
        if width is None:
            if not isinstance(text, str):
                text = text.decode(encoding or "utf8")
            widths, default = self.face.charWidths.get, self.face.defaultWidth
            width = 0.001 * sum([widths(ord(char), default) for char in text])
            if len(self._widths) < WIDTH_CACHE_LIMIT:
                self._widths[text] = width
        return width * size

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 - reportlab's name
        # Once a document has used its characters (after a few lines of text), a string is a
        # lookup per character in one subset; anything else takes reportlab's own path.
        state = self.state.get(doc)
        if state is not None and isinstance(text, str):
            codes = list(map(state.assignments.get, map(ord, text.replace("\xa0", " "))))
            if None not in codes and (not codes or max(codes) < 256):
                return [(0, bytes(codes))] if codes else []
        return super().splitString(text, doc, encoding)


_python_escape_pdf = _rl_accel.escapePDF
_ESCAPES = [_rl_accel._ESCAPEDICT[byte] for byte in range(256)]


def _escape_pdf(data):
    """reportlab's pure-Python escapePDF, with the per-byte loop done by map() in C."""
    if isinstance(data, bytes):
        return "".join(map(_ESCAPES.__getitem__, data))
    return _python_escape_pdf(data)


_lock = threading.Lock()
_coverage: frozenset[int] | None = None


def register() -> frozenset[int]:
    """Register the family with reportlab (once) and return the code points all faces draw."""
    global _coverage
    if _coverage is not None:
        return _coverage
    with _lock:
        if _coverage is None:
            # Streams stay binary: ASCII85 only makes them larger and slower to write.
            rl_config.useA85 = 0
            if "escapePDF" not in _rl_accel._c_funcs:
                _canvas.escapePDF = _escape_pdf
            faces = {}
            for name, filename in _FACES.items():
                faces[name] = _Face(name, str(FONT_DIR / filename))
                pdfmetrics.registerFont(faces[name])
            pdfmetrics.registerFontFamily(
                REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
            )
            # A character is drawable only if every face has it: bold or italic may apply.
            covered = None
            for face in faces.values():
                codes = set(face.face.charToGlyph)
                covered = codes if covered is None else covered & codes
            _coverage = frozenset(covered)
    return _coverage


def drawable(text: str) -> str:
    """``text`` with what the fonts cannot draw replaced (U+FFFD) or dropped (controls)."""
    coverage = register()
    if not text:
        return ""
    missing = {char for char in set(text) if ord(char) not in coverage}
    if not missing:
        return text
    table = {}
    for char in missing:
        if char in "\t\n\r\u2028\u2029":
            table[ord(char)] = " "
        elif unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn"}:
            # Invisible, private or unassigned: nothing a reader would miss.
            table[ord(char)] = None
        else:
            table[ord(char)] = REPLACEMENT
    return text.translate(table)
