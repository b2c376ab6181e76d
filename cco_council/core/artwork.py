"""Pictures the project draws itself with Pillow: covers, monogram portraits, the logo.

The demo content's covers and headshots come from here (nothing is downloaded or copied), and
so do the press kit's raster logos. Every drawing is decided by a seed string (an item's slug,
a person's name), so the same seed draws the same picture, byte for byte, on every machine:
the demo loader can run twice and change nothing.

Drawn at twice the size and scaled down, so edges are smooth.
"""

import hashlib
import io
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

# The council's colours: the site's navy and blue, and warm accents.
NAVY = (11, 61, 107)
BLUE = (11, 79, 138)
SKY = (127, 179, 213)
ICE = (214, 228, 240)
AMBER = (242, 169, 59)
CORAL = (231, 111, 81)
TEAL = (42, 157, 143)
CREAM = (246, 241, 231)
INK = (27, 34, 48)
WHITE = (255, 255, 255)

COLOUR_NAMES = {
    NAVY: "navy",
    BLUE: "blue",
    SKY: "sky blue",
    ICE: "pale blue",
    AMBER: "amber",
    CORAL: "coral",
    TEAL: "teal",
    CREAM: "cream",
    INK: "ink",
    WHITE: "white",
}

# (background, main, accent, third): each keeps its shapes apart from its ground.
PALETTES = (
    (NAVY, SKY, AMBER, ICE),
    (CREAM, NAVY, CORAL, SKY),
    (BLUE, ICE, AMBER, NAVY),
    (ICE, NAVY, TEAL, AMBER),
    (INK, TEAL, AMBER, SKY),
    (CREAM, TEAL, NAVY, AMBER),
)

COVER_SIZE = (1200, 800)
PORTRAIT_SIZE = 800
SCALE = 2  # drawn at twice the size, then scaled down: smooth edges without antialiasing


@dataclass(frozen=True)
class Drawing:
    """A drawn picture: its bytes (JPEG or PNG), its file extension and what it shows."""

    data: bytes
    extension: str
    description: str


def _random(seed: str) -> random.Random:
    # Seeded from a hash, not from Python's hash(): the same on every run and machine.
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


@cache
def font_path(bold: bool = True, italic: bool = False) -> Path:
    """A DejaVu Serif face from the fonts the project ships (``settings.BRAND_FONT_DIR``)."""
    style = {(True, False): "-Bold", (False, False): "", (False, True): "-Italic"}
    style[(True, True)] = "-BoldItalic"
    return Path(settings.BRAND_FONT_DIR) / f"DejaVuSerif{style[(bold, italic)]}.ttf"


def font(size: int, *, bold: bool = True, italic: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold, italic)), size)


def _jpeg(image: Image.Image) -> bytes:
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=90, optimize=True)
    return output.getvalue()


def _png(image: Image.Image) -> bytes:
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _finish(canvas: Image.Image, size: tuple[int, int]) -> Image.Image:
    # Averaging each 2×2 block: what the doubled size is for, and much faster than a filter.
    reduced = canvas.reduce(SCALE)
    return reduced if reduced.size == size else reduced.resize(size, Image.Resampling.LANCZOS)


# --- Covers ----------------------------------------------------------------------------------


def draw_cover(seed: str, *, motif: str | None = None) -> Drawing:
    """A 1200×800 abstract cover (JPEG) in the council's colours, decided by ``seed``.

    ``motif`` picks the composition (``MOTIFS``); by default the seed does.
    """
    rng = _random(seed)
    motif = motif or rng.choice(sorted(MOTIFS))
    palette = rng.choice(PALETTES)
    width, height = (side * SCALE for side in COVER_SIZE)
    canvas = Image.new("RGB", (width, height), palette[0])
    draw = ImageDraw.Draw(canvas, "RGBA")
    what = MOTIFS[motif](draw, rng, palette, width, height)
    colours = ", ".join(COLOUR_NAMES[c] for c in palette[1:3])
    description = f"Abstract illustration: {what} in {colours} on {COLOUR_NAMES[palette[0]]}"
    return Drawing(_jpeg(_finish(canvas, COVER_SIZE)), "jpg", description)


def _arcs(draw, rng, palette, width, height) -> str:
    """Truchet tiles: in each tile two quarter circles join the middles of its sides."""
    tile = width // rng.choice((6, 8, 9))
    stroke = tile // 5
    # (corner, start and end angle): Pillow measures clockwise from three o'clock.
    pairs = (
        (((0, 0), 0, 90), ((1, 1), 180, 270)),
        (((1, 0), 90, 180), ((0, 1), 270, 360)),
    )
    for row in range(height // tile + 1):
        for column in range(width // tile + 1):
            colour = palette[2] if rng.random() < 0.12 else palette[1]
            for (dx, dy), start, end in rng.choice(pairs):
                cx, cy = (column + dx) * tile, (row + dy) * tile
                # Pillow strokes inward from the box: centre the stroke on half a tile.
                r = (tile + stroke) / 2
                draw.arc((cx - r, cy - r, cx + r, cy + r), start, end, fill=colour, width=stroke)
    return "interlocking arcs"


def _rings(draw, rng, palette, width, height) -> str:
    """Large overlapping rings, off centre."""
    for index in range(rng.randint(4, 7)):
        radius = rng.uniform(0.18, 0.45) * height
        cx = rng.uniform(0.2, 0.95) * width
        cy = rng.uniform(0.15, 0.85) * height
        colour = palette[1 + index % 3]
        box = (cx - radius, cy - radius, cx + radius, cy + radius)
        if index % 2:
            draw.ellipse(box, fill=(*colour, 170))
        else:
            draw.ellipse(box, outline=colour, width=int(radius * 0.12))
    return "overlapping rings"


def _bands(draw, rng, palette, width, height) -> str:
    """Diagonal bands of varied width."""
    x = -height
    while x < width:
        band = rng.uniform(0.04, 0.16) * width
        colour = rng.choice(palette[1:])
        if rng.random() < 0.7:
            draw.polygon(
                [(x, height), (x + band, height), (x + band + height, 0), (x + height, 0)],
                fill=colour,
            )
        x += band * rng.uniform(1.2, 2.2)
    return "diagonal bands"


def _blocks(draw, rng, palette, width, height) -> str:
    """Squares, circles and half circles on a grid, one shape to a cell."""
    columns, rows = 6, 4
    unit = width / columns
    inset = unit * 0.06
    cells = [(c, r) for c in range(columns) for r in range(rows)]
    for c, r in rng.sample(cells, rng.randint(9, 14)):
        x0, y0 = c * unit + inset, r * unit + inset
        x1, y1 = (c + 1) * unit - inset, (r + 1) * unit - inset
        colour = rng.choice(palette[1:])
        shape = rng.choice(("square", "circle", "circle", "half", "quarter"))
        if shape == "square":
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        elif shape == "circle":
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        elif shape == "half":
            turn = rng.choice((0, 90, 180, 270))
            draw.pieslice((x0, y0, x1, y1), turn, turn + 180, fill=colour)
        else:
            corner = rng.choice(((x0, y0), (x1, y0), (x1, y1), (x0, y1)))
            span = x1 - x0
            angle = {(x0, y0): 0, (x1, y0): 90, (x1, y1): 180, (x0, y1): 270}[corner]
            box = (corner[0] - span, corner[1] - span, corner[0] + span, corner[1] + span)
            draw.pieslice(box, angle, angle + 90, fill=colour)
    return "squares, circles and half circles on a grid"


def _bars(draw, rng, palette, width, height) -> str:
    """A rising bar chart with a line over it."""
    count = rng.randint(7, 11)
    gap = width / (count * 3 + 1)
    bar = gap * 2
    level = rng.uniform(0.15, 0.3)
    tops = []
    for index in range(count):
        level = min(0.92, max(0.1, level + rng.uniform(-0.04, 0.12)))
        x = gap + index * (bar + gap)
        top = height * (1 - level)
        draw.rectangle((x, top, x + bar, height), fill=palette[1 if index % 4 else 3])
        tops.append((x + bar / 2, top - gap))
    draw.line(tops, fill=palette[2], width=int(gap / 3), joint="curve")
    for x, y in tops:
        r = gap / 3
        draw.ellipse((x - r, y - r, x + r, y + r), fill=palette[2])
    return "a rising bar chart"


def _dialogue(draw, rng, palette, width, height) -> str:
    """Two overlapping circles: two people in conversation."""
    radius = height * rng.uniform(0.3, 0.36)
    cy = height * rng.uniform(0.45, 0.55)
    left = width * 0.5 - radius * 0.62
    right = width * 0.5 + radius * 0.62
    draw.ellipse((left - radius, cy - radius, left + radius, cy + radius), fill=(*palette[1], 235))
    draw.ellipse(
        (right - radius, cy - radius, right + radius, cy + radius), fill=(*palette[2], 200)
    )
    for index in range(3):
        r = radius * (1.25 + 0.18 * index)
        draw.ellipse(
            (width / 2 - r, cy - r, width / 2 + r, cy + r),
            outline=(*palette[3], 90),
            width=int(height * 0.006),
        )
    return "two overlapping circles"


def _stage(draw, rng, palette, width, height) -> str:
    """A lit stage seen from the audience: a spotlight over rows of heads."""
    cx = width * rng.uniform(0.35, 0.65)
    for step in range(12, 0, -1):
        r = height * 0.05 * step
        alpha = int(18 + 6 * (12 - step))
        draw.ellipse(
            (cx - r, height * 0.35 - r, cx + r, height * 0.35 + r), fill=(*palette[2], alpha)
        )
    draw.rectangle((0, height * 0.62, width, height * 0.66), fill=palette[3])
    for row in range(6):
        radius = height * (0.022 + row * 0.007)
        y = height * 0.72 + row * radius * 2.6
        spacing = radius * 2.8
        offset = (row % 2) * spacing / 2
        x = -offset
        while x < width + radius:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=palette[1])
            x += spacing
    return "a spotlight over an audience"


MOTIFS = {
    "arcs": _arcs,
    "rings": _rings,
    "bands": _bands,
    "blocks": _blocks,
    "bars": _bars,
    "dialogue": _dialogue,
    "stage": _stage,
}


# --- Portraits -------------------------------------------------------------------------------


def initials(name: str) -> str:
    """Up to two initials: the first and last words' first letters ("Jay Topper" → "JT")."""
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def draw_monogram(name: str, *, size: int = PORTRAIT_SIZE) -> Drawing:
    """A square portrait of ``name``'s initials (JPEG), in colours decided by the name."""
    rng = _random(name)
    background, ring = rng.choice(
        ((NAVY, SKY), (BLUE, ICE), (TEAL, CREAM), (INK, AMBER), (CORAL, CREAM))
    )
    side = size * SCALE
    canvas = Image.new("RGB", (side, side), background)
    draw = ImageDraw.Draw(canvas, "RGBA")
    # A soft light from the top left, as a studio portrait has.
    for step in range(10, 0, -1):
        r = side * 0.09 * step
        draw.ellipse(
            (side * 0.2 - r, side * 0.1 - r, side * 0.2 + r, side * 0.1 + r),
            fill=(255, 255, 255, 6),
        )
    margin = side * 0.08
    draw.ellipse(
        (margin, margin, side - margin, side - margin), outline=(*ring, 160), width=side // 60
    )
    letters = initials(name)
    face = font(int(side * (0.38 if len(letters) > 1 else 0.46)))
    draw.text((side / 2, side / 2), letters, font=face, fill=WHITE, anchor="mm")
    return Drawing(_jpeg(_finish(canvas, (size, size))), "jpg", f"Monogram of {name}")


# --- The logo --------------------------------------------------------------------------------


def draw_logo(width: int, *, on_dark: bool = False) -> Drawing:
    """The council's wordmark as a PNG ``width`` pixels wide, on a transparent ground.

    The navy "CCO" box of the site's header, then "Council"; white lettering for dark grounds.
    """
    box_colour, box_text, word = (WHITE, NAVY, WHITE) if on_dark else (NAVY, WHITE, NAVY)
    unit = 400  # the box's height while drawing; the whole is scaled to ``width`` at the end
    box_w, gap = unit * 1.45, unit * 0.22
    wordmark = font(int(unit * 0.56))
    word_w = wordmark.getlength("Council")
    side_w, side_h = round(box_w + gap + word_w + unit * 0.04), unit
    canvas = Image.new("RGBA", (side_w, side_h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    draw.rounded_rectangle((0, 0, box_w, side_h), radius=side_h * 0.12, fill=box_colour)
    draw.text(
        (box_w / 2, side_h / 2), "CCO", font=font(int(unit * 0.5)), fill=box_text, anchor="mm"
    )
    draw.text((box_w + gap, side_h / 2), "Council", font=wordmark, fill=word, anchor="lm")
    height = round(width * side_h / side_w)
    logo = canvas.resize((width, height), Image.Resampling.LANCZOS)
    tone = "white" if on_dark else "navy"
    return Drawing(_png(logo), "png", f"CCO Council logo, {tone}, {width}×{height} pixels")
