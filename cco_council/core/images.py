"""Uploaded images lose their metadata before they are stored.

A phone photo carries EXIF: where it was taken (GPS), when, the camera and its serial number;
an exported PNG carries text chunks (author, software, comments); XMP and IPTC blocks carry the
same and more. Headshots, contact photos, covers and press-kit images are served to anyone, so
only what displays the picture is kept: the pixels, the colour profile, transparency,
resolution and gamma. The EXIF orientation is applied to the pixels, so the picture stands the
right way up without it, and is dropped with the rest.

Pillow re-encodes to do this; a JPEG keeps its own quantization tables and chroma subsampling,
so it loses next to nothing. An image that carries nothing to strip is kept byte for byte.
"""

import io
import logging
import struct
import warnings

from PIL import Image, ImageOps, ImageSequence, JpegImagePlugin, PngImagePlugin

logger = logging.getLogger(__name__)

FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}

# What Pillow reports in Image.info that only concerns how the picture displays.
DISPLAY_INFO = {
    "jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "icc_profile", "adobe",
    "adobe_transform", "progressive", "progression", "gamma", "srgb", "chromaticity",
    "aspect", "transparency", "interlace", "loop", "duration", "background", "timestamp",
    "default_image", "disposal", "blend", "bbox",
}  # fmt: skip

# JPEG application segments that only concern display: JFIF, the ICC colour profile, and
# Adobe's colour-transform flag (CMYK files need it to be read right).
DISPLAY_SEGMENTS = {"APP0": b"JFIF", "APP2": b"ICC_PROFILE", "APP14": b"Adobe"}


def carries_metadata(image: Image.Image) -> bool:
    """Whether ``image`` holds anything beyond what displays it (EXIF, XMP, text, comments)."""
    if set(image.info) - DISPLAY_INFO:
        return True
    return any(
        not payload.startswith(DISPLAY_SEGMENTS.get(marker, b"\xff" * 64))
        for marker, payload in getattr(image, "applist", [])
    )


def strip_metadata(data: bytes) -> bytes:
    """``data`` re-encoded without metadata, in its own format, the right way up.

    Data that carries no metadata, or that Pillow cannot read (a file that is no image),
    comes back unchanged: upload checks refuse such files before they get here.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in FORMATS or not carries_metadata(image):
                    return data
                return _reencode(image, data)
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        logger.warning("Image metadata not stripped: %s", exc)
        return data


def _reencode(image: Image.Image, data: bytes) -> bytes:
    # An MPO is a JPEG with more pictures attached (an iPhone's HDR gain map, a 3D pair): the
    # page shows the first, which is stored as a plain JPEG.
    kind = "JPEG" if image.format == "MPO" else image.format
    animated = kind in {"PNG", "WEBP"} and getattr(image, "n_frames", 1) > 1
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(int(frame.info.get("duration", 0)))
        upright = ImageOps.exif_transpose(frame)
        upright.info = {}  # nothing left for Pillow to write back by itself
        frames.append(upright)
        if not animated:
            break
    image.seek(0)
    params: dict = {"format": kind}
    if image.info.get("icc_profile"):
        params["icc_profile"] = image.info["icc_profile"]
    if image.info.get("dpi"):
        params["dpi"] = image.info["dpi"]
    if kind == "JPEG":
        params["qtables"] = image.quantization
        params["subsampling"] = JpegImagePlugin.get_sampling(image)
        params["progressive"] = bool(image.info.get("progressive"))
    elif kind == "PNG":
        params["pnginfo"] = _png_display_chunks(image.info)
        if "transparency" in image.info:
            params["transparency"] = image.info["transparency"]
    elif _webp_is_lossless(data):
        params["lossless"] = True
    else:
        params["quality"] = 90
    if animated:
        params.update(
            save_all=True,
            append_images=frames[1:],
            duration=durations,
            loop=image.info.get("loop", 0),
        )
    output = io.BytesIO()
    frames[0].save(output, **params)
    return output.getvalue()


def _png_display_chunks(info: dict) -> PngImagePlugin.PngInfo:
    """Gamma, sRGB and chromaticity chunks, which Pillow only writes when handed them."""
    chunks = PngImagePlugin.PngInfo()
    if "srgb" in info and "icc_profile" not in info:
        chunks.add(b"sRGB", bytes([info["srgb"]]))
    if "gamma" in info:
        chunks.add(b"gAMA", struct.pack(">I", round(info["gamma"] * 100000)))
    if "chromaticity" in info:
        values = [round(value * 100000) for value in info["chromaticity"]]
        chunks.add(b"cHRM", struct.pack(">8I", *values))
    return chunks


def _webp_is_lossless(data: bytes) -> bool:
    """A WebP whose (first) picture is stored lossless, by its RIFF chunks."""
    position = 12
    while position + 8 <= len(data):
        fourcc = data[position : position + 4]
        if fourcc == b"VP8L":
            return True
        if fourcc in {b"VP8 ", b"ANIM"}:
            return False
        (size,) = struct.unpack("<I", data[position + 4 : position + 8])
        position += 8 + size + (size & 1)
    return False
