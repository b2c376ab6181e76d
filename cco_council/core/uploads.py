"""Checks for every uploaded image on the site (headshots, logos, covers, photos).

The file's content decides, not its name or the browser's claimed type: only JPEG, PNG and
WebP pass, at most 10 MB and 40 megapixels, so an SVG, an HTML page renamed .png or a
decompression bomb is refused with a form error before it is stored.
"""

import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow names a JPEG with more pictures attached "MPO" (an iPhone's HDR photo carries its
# gain map so); it is stored as a plain JPEG of its first picture (cco_council.core.images).
FORMATS = {"JPEG": {"jpg", "jpeg"}, "MPO": {"jpg", "jpeg"}, "PNG": {"png"}, "WEBP": {"webp"}}
EXTENSIONS = set().union(*FORMATS.values())


def validate_image(file):
    name = getattr(file, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        raise ValidationError(
            "Upload a JPEG, PNG or WebP image (a file ending in .jpg, .jpeg, .png or .webp).",
            code="extension",
        )
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            f"This image is {filesizeformat(size)}; the limit is {filesizeformat(MAX_BYTES)}.",
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; make it an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                kind = image.format
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        f"This image is {width}×{height} pixels; the limit is 40 megapixels.",
                        code="too_many_pixels",
                    )
                image.verify()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise ValidationError(
            "This file is not a readable JPEG, PNG or WebP image.", code="invalid_image"
        ) from exc
    finally:
        if hasattr(file, "seek"):
            file.seek(position)
    if kind not in FORMATS or extension not in FORMATS[kind]:
        raise ValidationError(
            "The file's content does not match its name: upload a JPEG, PNG or WebP image.",
            code="mismatch",
        )


def validate_document(file):
    """A press-kit document: a PDF, by its content, at most 10 MB."""
    name = (getattr(file, "name", "") or "").lower()
    size = getattr(file, "size", None)
    if not name.endswith(".pdf"):
        raise ValidationError("Upload a PDF document (a file ending in .pdf).", code="extension")
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            f"This document is {filesizeformat(size)}; the limit is {filesizeformat(MAX_BYTES)}.",
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(5)
    file.seek(position)
    if head != b"%PDF-":
        raise ValidationError("This file is not a PDF document.", code="invalid_document")
