"""Pictures: covers and headshots, what they show, where their focal point is, their renditions.

A picture is an uploaded image (an ``ImageField``) with companion fields on the same row, named
after it:

- ``<field>_alt``: what the picture shows, for readers who cannot see it;
- ``<field>_decorative``: the picture adds nothing the text beside it does not say, so it is
  shown with ``alt=""`` (the admin asks for one of the two);
- ``<field>_focus_x``, ``<field>_focus_y``: the point every crop keeps in view (0 to 1 from the
  left and from the top; the admin sets them with a click on the picture);
- ``<field>_renditions``: what ``refresh_renditions()`` made from it (JSON).

A model declares each picture once, ``cover = PictureSlot("cover_image", crops=COVER_CROPS)``,
and reads it as ``article.cover``: a ``Picture`` that knows its renditions and writes the
``<picture>`` element (``picture_html()``, the ``{% picture %}`` tag).

Renditions (WebP and JPEG, a few widths of each crop) are made with Pillow once per upload, and
again only when the focal point moves, by ``refresh_renditions()``. The admin calls
``queue_renditions()`` after saving the row, which defers that work to the job queue (a worker
makes them a moment later, so an editor never waits on Pillow); the demo loader and the
factories call ``refresh_renditions()`` themselves. Until they are made, the picture is not
shown (never the renditions of the picture it replaced). They are
stored through the default storage (PostgreSQL, so every app server sees them) under names that
carry a hash of the source and the focal point: a new upload never reuses an old address, so
they are served with immutable caching. A page reads the list of renditions from the row
itself: showing a picture costs no query.
"""

import hashlib
import io
import logging
import math
import warnings
from dataclasses import dataclass
from functools import cache
from html import escape

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.safestring import SafeString
from PIL import Image, ImageCms, ImageOps
from procrastinate.contrib.django import app

from cco_council.core.validators import validate_single_line

logger = logging.getLogger(__name__)

# Raised when what renditions are made of changes (crops, widths, quality): the key changes,
# so `manage.py refresh_renditions` makes them again.
RENDITION_VERSION = 1
RENDITIONS_FOLDER = "renditions"
FORMATS = {
    "webp": ("WEBP", "image/webp"),
    "jpeg": ("JPEG", "image/jpeg"),
    "png": ("PNG", "image/png"),
}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Crop:
    """One shape a picture is shown in, at a few widths.

    ``ratio`` is width to height; ``None`` keeps the picture's own shape. ``upscale`` makes the
    widths even from a smaller picture (a social card must be 1200 pixels wide).
    ``transparent``: a picture with see-through parts (a logo) keeps them, with PNG in place of
    JPEG; otherwise they are laid on white.
    """

    name: str
    ratio: tuple[int, int] | None
    widths: tuple[int, ...]
    formats: tuple[str, ...] = ("webp", "jpeg")
    upscale: bool = False
    transparent: bool = True


# Covers: 3:2 on cards and read pages; 1200×630 for link previews (OpenGraph, Twitter).
WIDE = Crop("wide", (3, 2), (480, 800, 1200, 1600))
SOCIAL = Crop("social", (1200, 630), (1200,), ("jpeg",), upscale=True, transparent=False)
# Headshots: square, shown from 40 to 160 CSS pixels.
SQUARE = Crop("square", (1, 1), (96, 192, 384))
# The whole picture, small: the admin's focal-point editor, press-kit previews.
FIT = Crop("fit", None, (640,))

COVER_CROPS = (WIDE, SOCIAL, FIT)
HEADSHOT_CROPS = (SQUARE, FIT)
PREVIEW_CROPS = (FIT,)

QUALITY = {
    "webp": {"quality": 80, "method": 4},
    "jpeg": {"quality": 82, "optimize": True},
    "png": {"optimize": True},
}

ALT_MAX_LENGTH = 250


# --- Fields ----------------------------------------------------------------------------------


def alt_field(what: str = "picture") -> models.CharField:
    return models.CharField(
        f"{what} description",
        max_length=ALT_MAX_LENGTH,
        blank=True,
        help_text=(
            f"What the {what} shows, for readers who cannot see it (“Jay Topper on stage at "
            "the 2014 summit”). Required unless it is marked decorative."
        ),
        validators=[validate_single_line],
    )


def decorative_field(what: str = "picture") -> models.BooleanField:
    return models.BooleanField(
        f"decorative {what}",
        default=False,
        help_text=(
            f"Tick when the {what} adds nothing the text beside it does not say (a portrait "
            "next to the person's name): screen readers then skip it."
        ),
    )


class FocusFormField(forms.FloatField):
    """A focal-point coordinate: 0 to 1 in steps of 0.01; left empty, the middle (0.5)."""

    def __init__(self, **kwargs):
        kwargs.update(required=False, min_value=0.0, max_value=1.0, step_size=None)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "step": "0.01"}

    def clean(self, value):
        value = super().clean(value)
        return 0.5 if value is None else value


class FocusField(models.FloatField):
    """A focal-point coordinate; its form field may be left empty (the middle)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": FocusFormField, **kwargs})


def focus_field(axis: str) -> models.FloatField:
    side = "left" if axis == "x" else "top"
    return FocusField(
        f"focal point {axis}",
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=(
            f"Where the face or subject is, from the {side} (0) to the "
            f"{'right' if axis == 'x' else 'bottom'} (1): crops keep it in view. Click the "
            "picture to set both."
        ),
    )


def renditions_field() -> models.JSONField:
    return models.JSONField(default=dict, blank=True, editable=False)


# --- Declaring and reading pictures ----------------------------------------------------------


class PictureSlot:
    """Declares that a model's ``field`` is a picture with the companion fields named after it.

    ``alt=False`` for a picture whose description is another field (``alt_from``); ``focus=False``
    for one that is never cropped; ``when`` names a property of the instance that says whether
    the file is a picture at all (a press-kit asset may be a PDF).
    """

    def __init__(
        self, field: str, *, crops, alt: bool = True, focus: bool = True, alt_from=None, when=None
    ):
        self.field = field
        self.when = when
        self.crops = {crop.name: crop for crop in crops}
        self.alt_field = f"{field}_alt" if alt else None
        self.decorative_field = f"{field}_decorative" if alt else None
        self.alt_from = alt_from
        self.focus_fields = (f"{field}_focus_x", f"{field}_focus_y") if focus else None
        self.renditions_field = f"{field}_renditions"
        self.name = field

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return Picture(instance, self)


def picture_slots(model) -> list[PictureSlot]:
    """Every ``PictureSlot`` a model class declares (its own and inherited)."""
    slots, seen = [], set()
    for klass in model.__mro__:
        for value in vars(klass).values():
            if isinstance(value, PictureSlot) and value.field not in seen:
                seen.add(value.field)
                slots.append(value)
    return slots


@dataclass(frozen=True)
class Rendition:
    name: str  # in the default storage
    width: int
    height: int
    format: str

    @property
    def url(self) -> str:
        return rendition_url(self.name)


@cache
def _media_prefix() -> str:
    # The storage's URL of a name is this prefix and the name: one reverse() per process
    # instead of one per rendition on every card.
    return default_storage.url("x")[:-1]


def rendition_url(name: str) -> str:
    return _media_prefix() + name


class Picture:
    """A model's picture, read from its row: the file, its description, its renditions."""

    def __init__(self, instance, slot: PictureSlot):
        self.instance = instance
        self.slot = slot

    @property
    def file(self):
        """The uploaded file, or None where the slot's ``when`` says it is not a picture."""
        if self.slot.when and not getattr(self.instance, self.slot.when):
            return None
        return getattr(self.instance, self.slot.field)

    @property
    def data(self) -> dict:
        return getattr(self.instance, self.slot.renditions_field) or {}

    @property
    def ready(self) -> bool:
        """There is a picture and its renditions are made from it (not from one it replaced)."""
        file = self.file
        return bool(file) and self.data.get("source") == file.name

    __bool__ = ready.fget

    @property
    def decorative(self) -> bool:
        field = self.slot.decorative_field
        return bool(field and getattr(self.instance, field))

    @property
    def alt(self) -> str:
        """The text alternative: empty for a decorative picture."""
        if self.decorative:
            return ""
        if self.slot.alt_field:
            return getattr(self.instance, self.slot.alt_field)
        return getattr(self.instance, self.slot.alt_from or "", "") or ""

    @property
    def focus(self) -> tuple[float, float]:
        if not self.slot.focus_fields:
            return (0.5, 0.5)
        x, y = (getattr(self.instance, name) for name in self.slot.focus_fields)
        return (_clamp(x), _clamp(y))

    @property
    def width(self) -> int | None:
        return self.data.get("width")

    @property
    def height(self) -> int | None:
        return self.data.get("height")

    def fallback_format(self, crop: str) -> str:
        """The format every browser shows: JPEG, or PNG for a picture with see-through parts."""
        formats = self.data.get("formats", {}).get(crop, ())
        return next((fmt for fmt in formats if fmt != "webp"), "jpeg")

    def renditions(self, crop: str, fmt: str = "") -> list[Rendition]:
        """The renditions of one crop in one format (by default the fallback), narrowest
        first ([] when not made)."""
        if not self.ready:
            return []
        fmt = fmt or self.fallback_format(crop)
        data = self.data
        base, ext = data["base"], EXTENSIONS[fmt]
        if fmt not in data.get("formats", {}).get(crop, ()):
            return []
        return [
            Rendition(f"{base}-{crop}-{width}.{ext}", width, height, fmt)
            for width, height in data["crops"].get(crop, ())
        ]

    def rendition(self, crop: str, *, width: int = 0, fmt: str = "") -> Rendition | None:
        """The narrowest rendition at least ``width`` wide, else the widest there is."""
        candidates = self.renditions(crop, fmt)
        for candidate in candidates:
            if candidate.width >= width:
                return candidate
        return candidates[-1] if candidates else None

    def wanted_key(self) -> str | None:
        """The key of the renditions this picture needs now (None when there is no file)."""
        file = self.file
        if not file:
            return None
        fx, fy = self.focus
        crops = ";".join(
            f"{c.name}:{c.ratio}:{c.widths}:{c.formats}:{c.upscale}"
            for c in self.slot.crops.values()
        )
        text = f"{RENDITION_VERSION}|{file.name}|{fx:.3f}|{fy:.3f}|{crops}|{QUALITY}"
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def _clamp(value) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0.5
    return 0.5 if math.isnan(value) else min(1.0, max(0.0, value))


# --- Validation ------------------------------------------------------------------------------


def picture_errors(instance, exclude=(), refused=()) -> dict[str, str]:
    """Form errors for pictures that say nothing to a reader who cannot see them.

    The error goes on the description field, or on the picture's own field when a form
    leaves the description out (``exclude``). A picture whose upload was ``refused`` (it
    has an error of its own) is not asked about.
    """
    errors = {}
    for slot in picture_slots(type(instance)):
        if not slot.alt_field or slot.field in refused or not getattr(instance, slot.field):
            continue
        if (
            getattr(instance, slot.decorative_field)
            or (getattr(instance, slot.alt_field) or "").strip()
        ):
            continue
        field = slot.alt_field if slot.alt_field not in exclude else slot.field
        if field not in exclude:
            errors[field] = (
                "Describe what the picture shows for readers who cannot see it, or tick "
                "“decorative” if the text beside it says it all."
            )
    return errors


class Illustrated(models.Model):
    """A model with pictures: each needs its description, or to be marked decorative.

    Checked with the fields (not in ``clean()``), so the admin shows it beside the other
    field errors, and not for a picture whose upload was refused already.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field, message in picture_errors(self, exclude, refused=set(errors)).items():
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)


# --- Making renditions -----------------------------------------------------------------------


PICTURE_QUEUE = "pictures"


def renditions_needed(instance) -> bool:
    """Whether any picture of ``instance`` lacks current renditions (or has some left over)."""
    for slot in picture_slots(type(instance)):
        picture = slot.__get__(instance)
        wanted, current = picture.wanted_key(), picture.data
        if wanted is None:
            if current:
                return True
        elif current.get("key") != wanted or current.get("source") != picture.file.name:
            return True
    return False


def queue_renditions(instance) -> bool:
    """Defer the job that makes the renditions ``instance``'s pictures need, in the current
    transaction (a row saved and rolled back queues nothing); False when none are needed."""
    if not renditions_needed(instance):
        return False
    make_renditions.defer(model=instance._meta.label, pk=instance.pk)
    return True


@app.task(name="pictures.make_renditions", queue=PICTURE_QUEUE, retry=3)
def make_renditions(*, model: str, pk: int) -> None:
    """The job ``queue_renditions()`` defers. Reads the row when it runs: a row deleted since
    needs nothing, and a picture replaced twice in a row is made once, for the latest."""
    from django.apps import apps

    instance = apps.get_model(model)._base_manager.filter(pk=pk).first()
    if instance is not None:
        refresh_renditions(instance)


def refresh_renditions(instance, *, force: bool = False) -> list[str]:
    """Make the renditions each picture of the saved ``instance`` needs; return their fields.

    When it made or removed any, it calls ``instance.renditions_changed()`` if the model has
    one, for the caches of pages that show the picture.

    A picture whose renditions are current (same file, same focal point, same recipe) is left
    alone, so calling this after every save costs nothing more than reading the row. Renditions
    of a replaced or removed picture are deleted. A file Pillow cannot read (the upload check
    refuses those, so only a file stored some other way) gets none, and a warning in the log.
    """
    updates = {}
    for slot in picture_slots(type(instance)):
        picture = slot.__get__(instance)
        wanted = picture.wanted_key()
        current = picture.data
        if wanted is None and not current:
            continue
        is_current = (
            wanted is not None
            and current.get("key") == wanted
            and current.get("source") == picture.file.name
        )
        if is_current and not force:
            continue
        _delete_renditions(current)
        made = {}
        if wanted is not None:
            try:
                made = _make_renditions(picture, wanted)
            except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
                logger.warning("No renditions of %s: %s", picture.file.name, exc)
        updates[slot.renditions_field] = made
    if updates:
        for name, value in updates.items():
            setattr(instance, name, value)
        type(instance)._base_manager.filter(pk=instance.pk).update(**updates)
        # Pages and files that show the picture and are kept in a cache (library pages,
        # PDFs, the primary contact) are the model's business: it says so in this method.
        changed = getattr(instance, "renditions_changed", None)
        if changed is not None:
            changed()
    return list(updates)


def _delete_renditions(data: dict) -> None:
    base = data.get("base")
    if not base:
        return
    for crop, sizes in data.get("crops", {}).items():
        for fmt in data.get("formats", {}).get(crop, ()):
            for width, _height in sizes:
                default_storage.delete(f"{base}-{crop}-{width}.{EXTENSIONS[fmt]}")


def _make_renditions(picture: Picture, key: str) -> dict:
    instance = picture.instance
    with picture.file.open("rb") as file:
        data = file.read()
    image = open_upright(data, largest=_largest_width(picture), keep_transparency=True)
    width, height = image.size
    fx, fy = picture.focus
    base = (
        f"{RENDITIONS_FOLDER}/{instance._meta.label_lower}/{instance.pk}/{picture.slot.field}-{key}"
    )
    crops, formats = {}, {}
    opaque = image if image.mode == "RGB" else None
    for crop in picture.slot.crops.values():
        box = crop_box(width, height, crop.ratio, (fx, fy))
        sizes = _sizes(crop, box)
        crops[crop.name] = sizes
        if image.mode == "RGBA" and crop.transparent:
            source = image
            formats[crop.name] = ["png" if fmt == "jpeg" else fmt for fmt in crop.formats]
        else:
            opaque = opaque or on_white(image)
            source = opaque
            formats[crop.name] = list(crop.formats)
        # Widest first, each size made from the one before: every step shrinks a smaller
        # picture, several times faster than shrinking the original each time, and at these
        # ratios (1.5 to 2) it looks the same.
        source_box = box
        for target_width, target_height in sorted(sizes, reverse=True):
            resized = source.resize(
                (target_width, target_height), Image.Resampling.LANCZOS, box=source_box
            )
            source, source_box = resized, None
            for fmt in formats[crop.name]:
                name = f"{base}-{crop.name}-{target_width}.{EXTENSIONS[fmt]}"
                _store(name, encode(resized, fmt))
    return {
        "v": RENDITION_VERSION,
        "key": key,
        "source": picture.file.name,
        "width": width,
        "height": height,
        "base": base,
        "crops": crops,
        "formats": formats,
    }


def _largest_width(picture: Picture) -> int:
    return max(max(crop.widths) for crop in picture.slot.crops.values())


def _sizes(crop: Crop, box: tuple[float, float, float, float]) -> list[list[int]]:
    box_width, box_height = box[2] - box[0], box[3] - box[1]
    widths = [w for w in crop.widths if crop.upscale or w <= box_width]
    whole = math.floor(box_width)
    # A picture between two widths also gets one at its own width, so a high-density screen
    # is not served one much narrower than the picture allows.
    if not widths or (whole < max(crop.widths) and whole > widths[-1] * 1.25):
        widths.append(max(1, whole))
    shape = crop.ratio or (box_width, box_height)
    return [[w, max(1, round(w * shape[1] / shape[0]))] for w in widths]


def crop_box(width, height, ratio, focus) -> tuple[float, float, float, float]:
    """The largest box of ``ratio`` in a ``width``×``height`` picture, centred on ``focus``
    as nearly as the picture's edges allow."""
    if ratio is None:
        return (0, 0, width, height)
    wanted = ratio[0] / ratio[1]
    if width / height > wanted:
        box_width, box_height = height * wanted, height
    else:
        box_width, box_height = width, width / wanted
    left = min(max(focus[0] * width - box_width / 2, 0), width - box_width)
    top = min(max(focus[1] * height - box_height / 2, 0), height - box_height)
    return (left, top, left + box_width, top + box_height)


def open_upright(data: bytes, *, largest: int = 0, keep_transparency: bool = False) -> Image.Image:
    """The picture in ``data`` in sRGB, the right way up: RGB, or RGBA when
    ``keep_transparency`` and it has see-through parts (else they are laid on white).

    A JPEG much larger than ``largest`` pixels wide is decoded at a reduced scale (Pillow's
    draft mode): several times faster, and nothing is lost at the sizes made from it.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(data))
        if largest and image.format == "JPEG":
            scale = max(largest / image.width, largest / image.height, 0.125)
            if scale < 1:
                image.draft(
                    "RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale))
                )
        image.load()
    profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        if keep_transparency and rgba.getchannel("A").getextrema()[0] < 255:
            return rgba
        return on_white(rgba)
    if profile and image.mode in ("RGB", "CMYK"):
        image = _to_srgb(image, profile)
    if image.mode != "RGB":
        image = image.convert("RGB")
    return image


def on_white(image: Image.Image) -> Image.Image:
    """An RGBA picture laid on white, as RGB."""
    if image.mode == "RGB":
        return image
    rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, WHITE)
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat


def _to_srgb(image: Image.Image, profile: bytes) -> Image.Image:
    # A camera's or a print designer's colour space (Adobe RGB, a CMYK press profile) looks
    # washed out or garish in a browser that assumes sRGB: convert once, here.
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image.convert("RGB")


def encode(image: Image.Image, fmt: str) -> bytes:
    output = io.BytesIO()
    options = dict(QUALITY[fmt])
    if fmt == "jpeg":
        options["progressive"] = True
    image.save(output, format=FORMATS[fmt][0], **options)
    return output.getvalue()


def _store(name: str, data: bytes) -> None:
    # Names carry the key, so an existing file of this name holds these very bytes unless an
    # earlier run broke off half-way: replace it rather than let the storage pick a new name.
    default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # pragma: no cover - the storage renamed it: the page would 404
        raise OSError(f"rendition stored as {saved!r}, not {name!r}")


# --- Writing the element ---------------------------------------------------------------------


def picture_html(
    picture: Picture | None,
    crop: str,
    *,
    sizes: str,
    css: str = "",
    loading: str = "lazy",
    display: tuple[int, int] | None = None,
    alt: str | None = None,
    priority: bool = False,
) -> SafeString:
    """A ``<picture>``: WebP sources, a JPEG ``<img>`` with width, height and alt; "" when
    the picture has no renditions.

    ``sizes`` says how wide the picture is shown (the browser picks the file from it);
    ``display`` the width and height in CSS pixels for a picture always shown at one size
    (else the widest rendition's, which only gives the shape); ``alt`` overrides the picture's
    own description (``""`` where the text beside it names what it shows); ``priority`` for
    the one picture at the top of a page, fetched first and never lazily.

    A list page writes twenty of these, so they are written with plain string formatting
    (every value escaped here) rather than ``format_html``, which cost several times as much,
    and each is remembered by this process for the renditions it names (their key and place
    say which files were made, from which upload and focal point) and the arguments: the same
    element is not written again for every reader.
    """
    if picture is None or not picture.ready:
        return SafeString("")
    alt = picture.alt if alt is None else alt
    data = picture.data
    key = (data.get("key"), data.get("base"), crop, sizes, css, loading, display, alt, priority)
    if key[0] is None:
        return _picture_html(picture, crop, sizes, css, loading, display, alt, priority)
    html = _written.get(key)
    if html is None:
        if len(_written) >= WRITTEN_LIMIT:
            _written.clear()
        html = _written[key] = _picture_html(
            picture, crop, sizes, css, loading, display, alt, priority
        )
    return html


# Elements written, by what shapes them (see picture_html): a few per picture on the site.
WRITTEN_LIMIT = 4096
_written: dict[tuple, SafeString] = {}


def _picture_html(picture, crop, sizes, css, loading, display, alt, priority) -> SafeString:
    fallbacks = picture.renditions(crop)
    if not fallbacks:
        return SafeString("")
    webps = picture.renditions(crop, "webp")
    widest = fallbacks[-1]
    width, height = display or (widest.width, widest.height)
    wanted = min(width * 2, 800)
    fallback = next((r for r in fallbacks if r.width >= wanted), widest)
    sizes = escape(sizes)
    source = (
        f'<source type="image/webp" srcset="{_srcset(webps)}" sizes="{sizes}">' if webps else ""
    )
    css = f' class="{escape(css)}"' if css else ""
    loading = "eager" if priority else escape(loading)
    urgency = ' fetchpriority="high"' if priority else ""
    alt = escape(alt)
    return SafeString(
        f'<picture{css}>{source}<img src="{escape(fallback.url)}" srcset="{_srcset(fallbacks)}" '
        f'sizes="{sizes}" width="{int(width)}" height="{int(height)}" alt="{alt}" '
        f'loading="{loading}"{urgency} decoding="async"></picture>'
    )


def _srcset(renditions: list[Rendition]) -> str:
    return escape(", ".join(f"{r.url} {r.width}w" for r in renditions))
