import io

from PIL import Image, ImageCms, PngImagePlugin

from cco_council.core.images import strip_metadata
from tests.uploads import camera_exif, phone_jpeg, two_tone


def encode(image, fmt, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def test_strip_metadata_keeps_an_image_without_metadata_byte_for_byte():
    clean_jpeg = encode(two_tone(), "JPEG", quality=80)
    clean_png = encode(two_tone(), "PNG")
    assert (strip_metadata(clean_jpeg), strip_metadata(clean_png)) == (clean_jpeg, clean_png)


def test_strip_metadata_keeps_the_jpegs_quantization_and_subsampling():
    original = Image.open(io.BytesIO(phone_jpeg()))
    stripped = Image.open(io.BytesIO(strip_metadata(phone_jpeg())))
    assert stripped.quantization == original.quantization
    assert stripped.layer == original.layer


def test_strip_metadata_keeps_the_colour_profile():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(two_tone(), "JPEG", icc_profile=profile, exif=camera_exif())
    stripped = Image.open(io.BytesIO(strip_metadata(data)))
    assert (stripped.info["icc_profile"], dict(stripped.getexif())) == (profile, {})


def test_strip_metadata_keeps_png_gamma_and_drops_its_text():
    info = PngImagePlugin.PngInfo()
    info.add(b"gAMA", (45455).to_bytes(4, "big"))
    info.add_text("Author", "Jane Photographer")
    stripped = Image.open(io.BytesIO(strip_metadata(encode(two_tone(), "PNG", pnginfo=info))))
    assert (stripped.info, stripped.text) == ({"gamma": 0.45455}, {})


def test_strip_metadata_keeps_a_lossless_webp_lossless():
    data = encode(two_tone(), "WEBP", lossless=True, exif=camera_exif())
    stripped = strip_metadata(data)
    assert (stripped[12:16], b"EXIF" in stripped) == (b"VP8L", False)
    assert Image.open(io.BytesIO(stripped)).tobytes() == two_tone().tobytes()


def test_strip_metadata_keeps_every_frame_of_an_animation():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Photographer")
    frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "blue", "green")]
    data = encode(
        frames[0], "PNG", save_all=True, append_images=frames[1:], duration=[100, 200, 300],
        loop=0, pnginfo=info,
    )  # fmt: skip
    stripped = Image.open(io.BytesIO(strip_metadata(data)))
    seen = []
    for index in range(stripped.n_frames):
        stripped.seek(index)
        seen.append((stripped.convert("RGB").getpixel((0, 0)), stripped.info["duration"]))
    assert seen == [((255, 0, 0), 100.0), ((0, 0, 255), 200.0), ((0, 128, 0), 300.0)]
    assert stripped.text == {}


def test_strip_metadata_leaves_what_is_no_image_alone():
    assert strip_metadata(b"%PDF-1.7 not an image") == b"%PDF-1.7 not an image"
