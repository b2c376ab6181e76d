"""Characters plain text on this site may not hold, found and taken out in one place.

Whatever editors and journalists type ends up in XML feeds (XML 1.0 allows no C0 control but
tab, LF and CR, and no U+FFFE or U+FFFF), calendar files (RFC 5545 text allows no control but
tab), e-mail headers, CSV cells and terminals (an ESC starts a terminal escape sequence). So
text refuses, or on output drops:

- C0 controls, DEL and C1 controls; tab, LF and CR only where text may run over several lines;
- Unicode noncharacters (U+FDD0-U+FDEF and the last two code points of every plane) and lone
  surrogates, which are not characters at all and which UTF-8 and XML cannot carry;
- in one-line text (titles, names, headers), every line break: the controls above and U+2028
  LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR too.

``validators.PlainTextValidator`` refuses them where text is typed; the helpers below take them
out where text stored before that validator existed is written out.
"""

import re

_NONCHARACTERS = r"\ufdd0-\ufdef" + "".join(
    rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(0x11)
)
# Controls except tab, LF and CR; DEL and the C1 block; surrogates; noncharacters.
_ALWAYS_FORBIDDEN = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS
_LINE_BREAKS_AND_TAB = r"\t\n\r\u2028\u2029"

MULTILINE_FORBIDDEN = re.compile(f"[{_ALWAYS_FORBIDDEN}]")
SINGLE_LINE_FORBIDDEN = re.compile(f"[{_ALWAYS_FORBIDDEN}{_LINE_BREAKS_AND_TAB}]")


def find_forbidden(value: str, *, multiline: bool) -> re.Match | None:
    """The first character ``value`` may not hold, as a match (its ``start()`` is the index)."""
    pattern = MULTILINE_FORBIDDEN if multiline else SINGLE_LINE_FORBIDDEN
    return pattern.search(value)


def is_line_break(char: str) -> bool:
    # What str.splitlines() splits on, plus tab: what a one-line field must not hold.
    return char == "\t" or len(("x" + char + "x").splitlines()) > 1


def plain_text(value: str) -> str:
    """``value`` without the characters no text may hold; tabs and line breaks are kept."""
    return MULTILINE_FORBIDDEN.sub("", value)


def single_line(value: str) -> str:
    """``value`` on one line: runs of whitespace of every kind (line breaks, tabs, Unicode
    separators) become one space, and the characters no text may hold are dropped."""
    return " ".join(plain_text(value).split())
