"""The embedded type family (DejaVu Serif, shipped in ``fonts/``) and what it can draw.

Parsing a TrueType file costs milliseconds, so the faces are registered once per process, on
first use. ``drawable()`` keeps every string we hand to reportlab within the family's
coverage: a character no face has (an emoji, say) becomes U+FFFD instead of a blank box or an
error, and control characters are dropped.
"""

import threading
import unicodedata
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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

_lock = threading.Lock()
_coverage: frozenset[int] | None = None


def register() -> frozenset[int]:
    """Register the family with reportlab (once) and return the code points all faces draw."""
    global _coverage
    if _coverage is not None:
        return _coverage
    with _lock:
        if _coverage is None:
            faces = {}
            for name, filename in _FACES.items():
                faces[name] = TTFont(name, str(FONT_DIR / filename))
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
