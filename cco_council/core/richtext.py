"""Rich text for every app: one editor configuration and one sanitizer.

Editors write in django-prose-editor, limited to the markup below; whatever reaches the
database has been through ``sanitize_html`` (models call it in ``save()``), so no script,
event-handler attribute or ``javascript:`` link can reach a reader, a feed or a PDF, whatever
was posted to the admin.
"""

from html.parser import HTMLParser

import nh3
from django_prose_editor.fields import ProseEditorField

from cco_council.core.text import plain_text

# What the admin's editor offers. Headings start at h2: the page title is the h1.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
    "Menu": True,
    # django-prose-editor turns the browser's spell-checking off unless told otherwise.
    "NoSpellCheck": False,
}

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i",
    "a", "ul", "ol", "li", "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_html(html: str | None) -> str:
    """Return ``html`` cut down to the allowlist; empty editor output becomes ''.

    Control characters and noncharacters (see ``cco_council.core.text``) are dropped rather
    than refused, unlike in plain-text fields: in rich text they come in with pasted text,
    cannot be seen in the editor to be removed, and mean nothing in HTML.
    """
    if not html:
        return ""
    cleaned = _cleaner.clean(plain_text(html)).strip()
    if cleaned in {"<p></p>", "<p><br></p>"}:
        return ""
    return cleaned


def RichTextField(**kwargs):  # noqa: N802 - reads like the field class it returns
    """A TextField edited with the prose editor and sanitized by its form field too."""
    return ProseEditorField(extensions=EDITOR_EXTENSIONS, sanitize=sanitize_html, **kwargs)


class _TopLevelBlocks(HTMLParser):
    """Offsets where each top-level element of sanitized HTML ends."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.ends: list[tuple[int, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_TAGS:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        self.depth -= 1
        if self.depth == 0:
            self.ends.append(self.getpos())


VOID_TAGS = {"br", "hr", "img"}


def leading_blocks(html: str, count: int) -> str:
    """The first ``count`` top-level elements of sanitized ``html`` (paragraphs, lists, ...).

    Used for the public teaser of a members-only item: whole elements, so the cut never
    leaves a tag open or splits a sentence mid-word.
    """
    html = html or ""
    parser = _TopLevelBlocks()
    parser.feed(html)
    parser.close()
    if len(parser.ends) <= count:
        return html
    line, column = parser.ends[count - 1]
    # getpos() counts lines by "\n" alone.
    offset = sum(len(text) + 1 for text in html.split("\n")[: line - 1]) + column
    # getpos() points at the start of the end tag: keep the tag itself.
    close = html.index(">", offset) + 1
    return html[:close]
