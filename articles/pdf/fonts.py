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
from reportlab.pdfbase import pdfdoc as _pdfdoc
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as _canvas
from reportlab.pdfgen import textobject as _textobject
from reportlab.platypus import paragraph as _paragraph

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
# The table exists only when reportlab runs its pure-Python escapePDF (no rl_accel installed).
_ESCAPE_TABLE = getattr(_rl_accel, "_ESCAPEDICT", None)
_ESCAPES = [_ESCAPE_TABLE[byte] for byte in range(256)] if _ESCAPE_TABLE else []


def _escape_pdf(data):
    """reportlab's pure-Python escapePDF, with the per-byte loop done by map() in C."""
    if isinstance(data, bytes):
        return "".join(map(_ESCAPES.__getitem__, data))
    return _python_escape_pdf(data)


_python_fp_str = _rl_accel.fp_str
_FP_CACHE_LIMIT = 50_000
_fp_cache: dict = {}


def _fp_str(*numbers):
    """reportlab's pure-Python fp_str, remembering single numbers (font widths, positions)."""
    if len(numbers) == 1 and type(numbers[0]) in (int, float):
        # type() not isinstance(): True and 1.0 must not share an entry with 1.
        key = (type(numbers[0]), numbers[0])
        text = _fp_cache.get(key)
        if text is None:
            text = _python_fp_str(*numbers)
            if len(_fp_cache) < _FP_CACHE_LIMIT:
                _fp_cache[key] = text
        return text
    return _python_fp_str(*numbers)


_SAME_FRAG_KEYS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor",
                   "nobr")  # fmt: skip


def _same_frag(f, g):
    """reportlab's pure-Python sameFrag with the attribute loops done by map() in C."""
    fdict, gdict = f.__dict__, g.__dict__
    if "cbDefn" in fdict or "lineBreak" in fdict or "cbDefn" in gdict or "lineBreak" in gdict:
        return 0
    return list(map(fdict.get, _SAME_FRAG_KEYS)) == list(map(gdict.get, _SAME_FRAG_KEYS))


_faces: dict[str, "_Face"] = {}
_python_string_width = pdfmetrics.stringWidth
_python_ascent_descent = pdfmetrics.getAscentDescent
_ascent_descent: dict = {}


def _string_width(text, font_name, font_size, encoding="utf8"):
    """pdfmetrics.stringWidth, straight to our faces' word cache when the font is ours."""
    face = _faces.get(font_name)
    if face is not None and pdfmetrics._fonts.get(font_name) is face:
        width = face._widths.get(text)
        if width is not None:
            return width * font_size
        return face.stringWidth(text, font_size, encoding)
    return _python_string_width(text, font_name, font_size, encoding)


def _get_ascent_descent(font_name, font_size=None):
    """pdfmetrics.getAscentDescent, remembered for our faces (asked once per word and line)."""
    face = _faces.get(font_name)
    if face is None or pdfmetrics._fonts.get(font_name) is not face:
        return _python_ascent_descent(font_name, font_size)
    key = (font_name, font_size)
    value = _ascent_descent.get(key)
    if value is None:
        value = _ascent_descent[key] = _python_ascent_descent(font_name, font_size)
    return value


def _speed_up_reportlab():
    """Put the equivalents above where reportlab looks its pure-Python helpers up.

    Without reportlab's optional C accelerator these helpers run per word, per line and per
    number written; each replacement returns exactly what the original does.
    """
    if "escapePDF" not in _rl_accel._c_funcs and _ESCAPES:
        _canvas.escapePDF = _escape_pdf
    if "fp_str" not in _rl_accel._c_funcs:
        for module in (_pdfdoc, _canvas, _textobject):
            module.fp_str = _fp_str
    if "sameFrag" not in _rl_accel._c_funcs:
        _paragraph.sameFrag = _same_frag
    _paragraph.stringWidth = _string_width
    _paragraph.getAscentDescent = _get_ascent_descent
    _textobject.pdfmetrics_stringWidth = _string_width


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
            faces = {}
            for name, filename in _FACES.items():
                faces[name] = _Face(name, str(FONT_DIR / filename))
                pdfmetrics.registerFont(faces[name])
            _faces.update(faces)
            _speed_up_reportlab()
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
