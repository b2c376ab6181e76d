"""Files as editors' tools make them, metadata and all, for the upload tests."""

import io

from django.core.files.storage import default_storage
from PIL import ExifTags, Image, PngImagePlugin

# 37°46'30"N 122°25'10"W: where the photo was taken.
GPS = {1: "N", 2: (37.0, 46.0, 30.0), 3: "W", 4: (122.0, 25.0, 10.0)}
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Taken at 12 Home Street</x:xmpmeta>'


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Acme Phones"
    exif[ExifTags.Base.Model] = "Acme 15 Pro"
    exif[ExifTags.Base.BodySerialNumber] = "SN-0042-7731"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = GPS
    return exif


def two_tone(size=(40, 20), mode="RGB") -> Image.Image:
    """Left half red, right half blue: which way up it is stored can be read back."""
    image = Image.new(mode, size, "red")
    image.paste("blue", (size[0] // 2, 0, size[0], size[1]))
    return image


def phone_jpeg(*, orientation: int = 1, extra_pictures: int = 0) -> bytes:
    """A JPEG as a phone saves it: EXIF with the camera, its serial number, the GPS position
    and the orientation, XMP and a comment; with ``extra_pictures``, an MPO (as an iPhone's
    HDR photo with its gain map)."""
    buffer = io.BytesIO()
    image = two_tone()
    options = {"exif": camera_exif(orientation), "xmp": XMP, "comment": b"Home"}
    if extra_pictures:
        extras = [Image.new("L", (20, 10), "gray") for _ in range(extra_pictures)]
        image.save(buffer, "MPO", save_all=True, append_images=extras, **options)
    else:
        image.save(buffer, "JPEG", quality=90, **options)
    return buffer.getvalue()


def exported_png() -> bytes:
    """A PNG as an image editor exports it: text chunks (plain, compressed, international),
    EXIF with the GPS position; and transparency, which must survive."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Photographer")
    info.add_text("Comment", "Shot at home, 12 Home Street", zip=True)
    info.add_itxt("Description", "Private notes", lang="en")
    buffer = io.BytesIO()
    image = two_tone(mode="RGBA")
    image.putpixel((0, 0), (0, 0, 0, 0))
    image.save(buffer, "PNG", pnginfo=info, exif=camera_exif())
    return buffer.getvalue()


def phone_webp() -> bytes:
    buffer = io.BytesIO()
    two_tone().save(buffer, "WEBP", exif=camera_exif(), xmp=XMP, quality=90)
    return buffer.getvalue()


def stored_image(name: str) -> tuple[bytes, Image.Image]:
    """The bytes stored under ``name`` and the picture they hold."""
    with default_storage.open(name) as stored:
        data = stored.read()
    return data, Image.open(io.BytesIO(data))


def dominant(pixel) -> str:
    """ "red", "green" or "blue": the strongest channel of a pixel."""
    return ("red", "green", "blue")[list(pixel[:3]).index(max(pixel[:3]))]


def leaked_metadata(data: bytes) -> list[bytes]:
    """The identifying strings of the files above that are still in ``data``."""
    needles = [b"Acme", b"SN-0042", b"Home Street", b"Jane Photographer", b"Private notes"]
    return [needle for needle in needles if needle in data]


def pdf(build=None) -> bytes:
    """A one-page PDF made with pypdf; ``build(writer)`` adds to it before it is written."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    if build is not None:
        build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
