"""Social cards: the 1200×630 picture a link shows when it is shared (OpenGraph, Twitter).

A page whose item has a cover shares its cover, cropped to 1200×630 around its focal point
(a rendition made with the others, ``pictures.SOCIAL``). Every other page shares a card drawn
here in the council's style: the kind of page, the title, who wrote it or where it happens,
the brand, and the person's portrait on an author's or speaker's card.

A card says only what the page's title says: never a summary or a line of the body, so a
members-only item's card gives nothing of it away.

A card's address carries its version, a hash of everything drawn on it: the card is drawn
once per version (then kept in the shared cache) and served as immutable; when a title
changes, the page links to a new address. An old address redirects to the current one.
"""

import hashlib
import io
import json
import textwrap
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseRedirect
from PIL import Image, ImageDraw

from cco_council.core import artwork
from cco_council.core.pictures import open_upright

WIDTH, HEIGHT = 1200, 630
# Raised when the drawing changes: every card gets a new address.
DESIGN_VERSION = 1
CACHE_SECONDS = 60 * 60 * 24 * 30
IMMUTABLE = "public, max-age=31536000, immutable"

MARGIN = 80
TITLE_SIZES = (76, 68, 60, 54, 48, 42)
LEADING = 1.18
PATTERN_WIDTH = 170


@dataclass(frozen=True)
class Card:
    """What a card shows. ``portrait``: the stored name of a square picture, drawn in a
    circle (read only when the card is drawn; the name carries its content's hash)."""

    title: str
    kind: str = ""
    byline: str = ""
    portrait: str = ""

    @property
    def version(self) -> str:
        text = json.dumps(
            [DESIGN_VERSION, self.title, self.kind, self.byline, self.portrait],
            ensure_ascii=False,
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def alt(self) -> str:
        """The card described for readers who cannot see it."""
        text = f"{self.kind}: {self.title}" if self.kind else self.title
        return f"{text}. {self.byline}" if self.byline else text


@dataclass(frozen=True)
class SocialImage:
    """The picture a page shares: its absolute URL, size, type and description."""

    url: str
    width: int
    height: int
    alt: str
    type: str = "image/png"


def card_image(card: Card, path: str) -> SocialImage:
    """The shared picture of a page whose card is served at ``path`` (a site path)."""
    return SocialImage(settings.SITE_URL + path, WIDTH, HEIGHT, card.alt, "image/png")


def cover_image(picture, *, alt: str) -> SocialImage | None:
    """A cover's 1200×630 crop as the shared picture; None when it has none."""
    rendition = picture.rendition("social", width=WIDTH) if picture else None
    if rendition is None:
        return None
    return SocialImage(
        settings.SITE_URL + rendition.url,
        rendition.width,
        rendition.height,
        picture.alt or alt,
        "image/jpeg",
    )


def card_png(card: Card) -> bytes:
    """The card's PNG, drawn once per version and kept in the shared cache."""
    key = f"social-card:{card.version}"
    data = cache.get(key)
    if data is None:
        data = draw_card(card)
        cache.set(key, data, CACHE_SECONDS)
    return data


def card_response(request, card: Card, *, version: str, current_url: str) -> HttpResponse:
    """The card for ``version``; a redirect to ``current_url`` for any other version."""
    if version != card.version:
        return HttpResponseRedirect(current_url)
    response = HttpResponse(card_png(card), content_type="image/png")
    response["Cache-Control"] = IMMUTABLE
    response["X-Content-Type-Options"] = "nosniff"
    return response


def draw_card(card: Card) -> bytes:
    scale = artwork.SCALE
    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), artwork.NAVY)
    draw = ImageDraw.Draw(image, "RGBA")
    s = scale  # every length below is in card pixels, times s

    # A quiet pattern along the right edge, and the amber rule along the bottom.
    _edge_pattern(draw, s)
    draw.rectangle((0, (HEIGHT - 14) * s, WIDTH * s, HEIGHT * s), fill=artwork.AMBER)

    # The brand, top left: the header's white "CCO" box and the name.
    mark = artwork.font(26 * s)
    box = (MARGIN * s, 56 * s, (MARGIN + 78) * s, 98 * s)
    draw.rounded_rectangle(box, radius=6 * s, fill=artwork.WHITE)
    draw.text(
        ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2),
        "CCO",
        font=mark,
        fill=artwork.NAVY,
        anchor="mm",
    )
    draw.text(
        ((MARGIN + 94) * s, 77 * s),
        "CCO Council",
        font=artwork.font(32 * s),
        fill=artwork.WHITE,
        anchor="lm",
    )

    text_right = WIDTH - PATTERN_WIDTH - 40
    if card.portrait:
        text_right = _portrait(image, draw, _read(card.portrait), s) - 48

    top = 170
    if card.kind:
        draw.text(
            (MARGIN * s, top * s),
            card.kind.upper(),
            font=artwork.font(26 * s),
            fill=artwork.AMBER,
            anchor="ls",
        )
        top += 30
    bottom = HEIGHT - (130 if card.byline else 70)
    size, lines = _fit_title(card.title, (text_right - MARGIN) * s, bottom - top - 18, s)
    title_font = artwork.font(size * s)
    line_height = round(size * LEADING)
    y = top + 18
    for line in lines:
        y += line_height
        draw.text((MARGIN * s, y * s), line, font=title_font, fill=artwork.WHITE, anchor="ls")

    if card.byline:
        byline_font = artwork.font(30 * s, bold=False, italic=True)
        byline = _shorten(card.byline, byline_font, (text_right - MARGIN) * s)
        draw.text(
            (MARGIN * s, (HEIGHT - 62) * s), byline, font=byline_font, fill=artwork.ICE, anchor="ls"
        )

    card_image = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    card_image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _edge_pattern(draw, s):
    tile = 60
    for row in range(HEIGHT // tile + 1):
        for column in range(3):
            cx = (WIDTH - tile * (column + 0.5)) * s
            cy = (row * tile + tile / 2) * s
            r = (tile * (0.34 - column * 0.08)) * s
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*artwork.BLUE, 255 - 60 * column))


def _read(name: str) -> bytes:
    try:
        with default_storage.open(name, "rb") as file:
            return file.read()
    except (FileNotFoundError, OSError):
        return b""


def _portrait(image, draw, data: bytes, s) -> int:
    """The portrait in a white-ringed circle, right of centre; returns its left edge."""
    diameter = 300
    left = WIDTH - MARGIN - 60 - diameter
    top = (HEIGHT - diameter) // 2 - 10
    if not data:
        return WIDTH - PATTERN_WIDTH - 40
    try:
        photo = open_upright(data, largest=diameter * s)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return WIDTH - PATTERN_WIDTH - 40
    side = min(photo.size)
    photo = photo.crop(
        (
            (photo.width - side) // 2,
            (photo.height - side) // 2,
            (photo.width + side) // 2,
            (photo.height + side) // 2,
        )
    ).resize((diameter * s, diameter * s), Image.Resampling.LANCZOS)
    mask = Image.new("L", photo.size, 0)
    ImageDraw.Draw(mask).ellipse((0, 0, diameter * s, diameter * s), fill=255)
    ring = 8
    draw.ellipse(
        (
            (left - ring) * s,
            (top - ring) * s,
            (left + diameter + ring) * s,
            (top + diameter + ring) * s,
        ),
        fill=artwork.WHITE,
    )
    image.paste(photo, (left * s, top * s), mask)
    return left


def _fit_title(title: str, width: float, height: float, s) -> tuple[int, list[str]]:
    """The largest size at which the title fits ``width`` by ``height``; at the smallest size,
    the lines that fit, the last one ending in an ellipsis."""
    title = " ".join(title.split())
    for size in TITLE_SIZES:
        face = artwork.font(size * s)
        lines = _wrap(title, face, width)
        if len(lines) * size * LEADING <= height:
            return size, lines
    fitting = max(1, int(height // (size * LEADING)))
    lines = lines[:fitting]
    lines[-1] = _shorten(lines[-1] + " …", face, width, force=True)
    return size, lines


def _wrap(text: str, face, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and face.getlength(candidate) <= width:
            lines[-1] = candidate
        elif face.getlength(word) <= width:
            lines.append(word)
        else:
            # A word longer than the line (a URL, a German compound): cut it where it must be.
            for piece in textwrap.wrap(word, max(1, int(len(word) * width / face.getlength(word)))):
                lines.append(piece)
    return lines


def _shorten(text: str, face, width: float, *, force: bool = False) -> str:
    if face.getlength(text) <= width and not force:
        return text
    words = text.rstrip(" …").split(" ")
    while words:
        candidate = " ".join(words) + " …"
        if face.getlength(candidate) <= width:
            return candidate
        words.pop()
    return "…"
