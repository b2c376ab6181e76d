"""Pictures for the tests: photos of a known size with a mark where a test can find it."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from cco_council.core.pictures import refresh_renditions


def photo(size=(1800, 1200), *, mark=None, fmt="JPEG", mode="RGB", background="steelblue"):
    """An image of ``size``; ``mark`` = (x, y) from 0 to 1 puts a red disc there."""
    image = Image.new(mode, size, background)
    if mark is not None:
        radius = min(size) // 10
        cx, cy = mark[0] * size[0], mark[1] * size[1]
        ImageDraw.Draw(image).ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius), fill="red"
        )
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def attach(instance, field, data=None, *, name="picture.jpg", alt="", decorative=False, **values):
    """Store ``data`` as ``instance``'s picture ``field`` as an upload would be, with its
    description, then make its renditions (as the demo loader and the job do)."""
    getattr(instance, field).save(name, ContentFile(data or photo(), name=name), save=False)
    setattr(instance, f"{field}_alt", alt or ("" if decorative else "A test picture"))
    if hasattr(instance, f"{field}_decorative"):
        setattr(instance, f"{field}_decorative", decorative)
    for key, value in values.items():
        setattr(instance, key, value)
    instance.save()
    refresh_renditions(instance)
    return instance


def opened(name: str) -> Image.Image:
    from django.core.files.storage import default_storage

    with default_storage.open(name, "rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image
