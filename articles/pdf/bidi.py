"""Right-to-left text (Arabic, Hebrew) laid out for reportlab, which sets every line left to right.

A paragraph holding right-to-left text is broken into lines here, in reading (logical) order,
and each line is then put in display (visual) order, so a long Arabic paragraph starts on its
first line, not its last. Within a line, words get their direction from the Unicode
bidirectional algorithm's rules applied word by word (a word is a run without spaces, with
one direction in real text): right-to-left words, and the spaces and punctuation between them,
run right to left; left-to-right words (a Latin name, a number) inside them keep their own
order. python-bidi reorders the characters within each right-to-left word (mirroring brackets,
keeping digits left to right) and arabic-reshaper gives Arabic letters their joined forms
(presentation forms, which Noto Naskh Arabic maps and text extraction normalises back).

The result is paragraph markup, one string per line, every run escaped and in its face.
"""

import re
import unicodedata
from collections.abc import Sequence

import arabic_reshaper
from bidi import get_display
from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase.pdfmetrics import stringWidth

from articles.pdf import fonts
from articles.pdf.html import face_markup, wrap

# Harakat (vowel marks) are kept: names and Quranic quotations carry them.
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

Piece = tuple[str, bool, bool, str | None]  # text, bold, italic, link (None: a line break)


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def base_is_rtl(text: str) -> bool:
    """The paragraph's direction from its first strong character (rules P2 and P3)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def _direction(text: str) -> str:
    """R, L, EN (a number) or N (neither) for one word or token."""
    kinds = {unicodedata.bidirectional(char) for char in text}
    if "R" in kinds or "AL" in kinds:
        return "R"
    if "L" in kinds:
        return "L"
    if "EN" in kinds or "AN" in kinds:
        return "EN"
    return "N"


def _levels(directions: list[str], rtl: bool) -> list[int]:
    """Embedding levels per word: rules W1-W7, N1-N2 and I1-I2, one word at a time."""
    base = 1 if rtl else 0
    resolved = []
    previous = "R" if rtl else "L"
    for direction in directions:
        if direction == "EN":
            direction = "EN-R" if previous == "R" else "L"
        elif direction in ("R", "L"):
            previous = direction
        resolved.append(direction)
    levels = [base] * len(resolved)
    strong = [("R" if d == "EN-R" else d) for d in resolved]
    for index, direction in enumerate(resolved):
        if direction == "R":
            levels[index] = 1
        elif direction == "EN-R":
            levels[index] = 2
        elif direction == "L":
            levels[index] = 2 if rtl else 0
        else:
            before = next((d for d in reversed(strong[:index]) if d != "N"), "R" if rtl else "L")
            after = next((d for d in strong[index + 1 :] if d != "N"), "R" if rtl else "L")
            if before == after:
                levels[index] = 1 if before == "R" else (2 if rtl else 0)
    return levels


def _visual_order(levels: list[int]) -> list[int]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every run of words
    at that level or higher."""
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest_odd = min((level for level in levels if level % 2), default=None)
    if lowest_odd is None:
        return order
    for level in range(max(levels), lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = order[index:end][::-1]
                index = end
            else:
                index += 1
    return order


class _Word:
    __slots__ = ("segments", "direction", "width")

    def __init__(self):
        self.segments: list[list] = []  # [text, face, bold, italic, link]
        self.direction = "N"
        self.width = 0.0


def _font_name(face, bold: bool, italic: bool) -> str:
    return tt2ps(face.name if face else fonts.REGULAR, int(bold), int(italic))


def _words(pieces: Sequence[Piece | None], font_size: float, bold: bool, italic: bool
           ) -> list[_Word | None]:  # fmt: skip
    """Words in reading order (None for a forced line break), Arabic reshaped, measured."""
    words: list[_Word | None] = []
    word = _Word()

    def finish():
        nonlocal word
        if word.segments:
            text = "".join(segment[0] for segment in word.segments)
            word.direction = _direction(text)
            for segment in word.segments:
                if segment[1] is fonts.ARABIC:
                    segment[0] = _RESHAPER.reshape(segment[0])
                font = _font_name(segment[1], segment[2] or bold, segment[3] or italic)
                size = font_size + (segment[1].boost if segment[1] else 0)
                word.width += stringWidth(segment[0], font, size)
            words.append(word)
        word = _Word()

    for segment in fonts.segments(pieces):
        if segment is None:
            finish()
            words.append(None)
            continue
        text, face, bold, italic, link = segment
        for index, part in enumerate(text.split(" ")):
            if index:
                finish()
            if part:
                word.segments.append([part, face, bold, italic, link])
    finish()
    return words


_NEUTRAL = {"ON", "CS", "ES", "ET", "WS", "B", "S"}


def _tokens(line: list[_Word]) -> list[list[list]]:
    """The line as tokens (each a list of segments): words without the punctuation at their
    edges, that punctuation, and the spaces between words. Punctuation and spaces take their
    direction from the words around them, as in the bidirectional algorithm."""
    tokens: list[list[list]] = []
    for index, word in enumerate(line):
        if index:
            before, after = line[index - 1].segments[-1], word.segments[0]
            # A space between two pieces of one face stays in that face (the emoji face has
            # no space), so a right-to-left run is one piece of text for a reader of the PDF.
            same = before[1:] == after[1:] and before[1] is not fonts.EMOJI
            tokens.append([[" ", *before[1:]]] if same else [[" ", None, False, False, None]])
        text = "".join(segment[0] for segment in word.segments)
        kinds = [unicodedata.bidirectional(char) in _NEUTRAL for char in text]
        start = next((i for i, neutral in enumerate(kinds) if not neutral), len(text))
        end = next((i for i in range(len(text), start, -1) if not kinds[i - 1]), start)
        for lo, hi in ((0, start), (start, end), (end, len(text))):
            if hi > lo:
                tokens.append(_slice(word.segments, lo, hi))
    return tokens


def _slice(segments: list[list], lo: int, hi: int) -> list[list]:
    """The segments covering characters lo..hi of their joined text."""
    out, offset = [], 0
    for text, *attributes in segments:
        a, b = max(lo, offset), min(hi, offset + len(text))
        if b > a:
            out.append([text[a - offset : b - offset], *attributes])
        offset += len(text)
    return out


def _line_markup(line: list[_Word], rtl: bool, bold: bool, italic: bool) -> str:
    tokens = _tokens(line)
    directions = [_direction("".join(segment[0] for segment in token)) for token in tokens]
    levels = _levels(directions, rtl)
    visual: list[list] = []
    for index in _visual_order(levels):
        token = tokens[index]
        if levels[index] % 2:
            # Right to left: the token's pieces in reverse, each reversed by python-bidi
            # (which mirrors brackets and keeps digits left to right).
            token = [[get_display(text, base_dir="R"), *rest] for text, *rest in reversed(token)]
        for segment in token:
            if visual and visual[-1][1:] == segment[1:]:
                visual[-1][0] += segment[0]
            else:
                visual.append(list(segment))
    return "".join(
        wrap(face_markup(text, face, bold or b, italic or i), b, i, link)
        for text, face, b, i, link in visual
    )


def visual_lines(pieces: Sequence[Piece | None], *, widths: Sequence[float], font_size: float,
                 rtl: bool, bold: bool = False, italic: bool = False) -> list[str]:  # fmt: skip
    """Markup per line, in display order: lines filled greedily in reading order to
    ``widths`` (the first line's, then the others'), then each reordered. ``bold`` and
    ``italic`` are the paragraph style's."""
    fonts.register()
    space = stringWidth(" ", fonts.REGULAR, font_size)
    lines: list[list[_Word]] = [[]]
    used = 0.0
    for word in _words(pieces, font_size, bold, italic):
        if word is None:
            lines.append([])
            used = 0.0
            continue
        limit = widths[min(len(lines) - 1, len(widths) - 1)]
        needed = word.width + (space if lines[-1] else 0)
        if lines[-1] and used + needed > limit:
            lines.append([word])
            used = word.width
        else:
            lines[-1].append(word)
            used += needed
    return [_line_markup(line, rtl, bold, italic) for line in lines]
