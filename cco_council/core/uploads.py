"""Checks for every uploaded file on the site: images (headshots, logos, covers, photos) and
press-kit documents.

The file's content decides, not its name or the browser's claimed type: only JPEG, PNG and
WebP pass, at most 10 MB and 40 megapixels, so an SVG, an HTML page renamed .png or a
decompression bomb is refused with a form error before it is stored. A document must be a PDF
that pypdf reads and that carries nothing that runs (see ``validate_document``). What is kept
of an image that passes is cco_council.core.images' business.
"""

import io
import re
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
    """A press-kit document: a PDF, by its content, at most 10 MB, that runs nothing.

    Journalists open these in Acrobat and in browsers, so a PDF that pypdf cannot read, or
    that carries JavaScript, launch or form-submitting actions, actions run on opening a page
    or field, attached files, XFA forms or embedded media, is refused. Links to web and
    e-mail addresses are fine.
    """
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
    data = file.read()
    file.seek(position)
    unreadable = ValidationError(
        "This file is not a PDF document that can be read: export it again as PDF.",
        code="invalid_document",
    )
    if not data.startswith(b"%PDF-"):
        raise unreadable
    try:
        found = active_pdf_content(data)
    except EncryptedPDF as exc:
        raise ValidationError(
            "This PDF is encrypted: save it again without a password or restrictions.",
            code="encrypted_document",
        ) from exc
    except ComplexPDF as exc:
        raise ValidationError(
            f"This PDF has more than {MAX_PDF_OBJECTS:,} parts, too many to check: "
            "export it again as PDF (smaller images, fewer pages) and upload that.",
            code="complex_document",
        ) from exc
    except Exception as exc:  # pypdf raises many kinds of error on a broken file
        raise unreadable from exc
    if found:
        raise ValidationError(
            "This PDF carries content that can run or open something when it is read "
            "(%(found)s). Export it again as a plain PDF (print it to PDF) and upload that.",
            code="active_document",
            params={"found": ", ".join(found)},
        )


# Actions a reader may meet in a fact sheet: going to a page or a web address, viewer
# commands (next page, print), showing or hiding parts of the page.
SAFE_ACTIONS = {"/GoTo", "/URI", "/Named", "/Thread", "/Hide", "/SetOCGState", "/Trans"}
# Values of /S that are actions running code, opening files or programs, or sending data,
# wherever they appear.
RUNNING_ACTIONS = {
    "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE",
    "/RichMediaExecute", "/Rendition",
}  # fmt: skip
# Keys whose value is an action (or a list of them).
ACTION_KEYS = {"/A", "/OpenAction", "/Next"}
MEDIA_ANNOTATIONS = {"/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


# A fact sheet has hundreds of objects; checking takes about 0.3 ms an object, so this bounds
# the check to seconds.
MAX_PDF_OBJECTS = 50_000


class EncryptedPDF(Exception):
    pass


class ComplexPDF(Exception):
    pass


def active_pdf_content(data: bytes) -> list[str]:
    """What in the PDF ``data`` can run or open something, described for an editor; empty
    for a plain document. Raises pypdf's errors for a file it cannot read, and
    ``EncryptedPDF`` for one it cannot open without a password.

    Every object is inspected: those reachable from the trailer (with the key that leads to
    them, so an action is recognised as one), then every other object the cross-reference
    table lists, so nothing hides in an object only a lenient viewer would find.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            if not reader.decrypt(""):
                raise EncryptedPDF
        except (DependencyError, FileNotDecryptedError, NotImplementedError) as exc:
            raise EncryptedPDF from exc
    if len(reader.pages) == 0:
        raise ValueError("A PDF without pages.")
    listed = sum(len(entries) for entries in reader.xref.values()) + len(reader.xref_objStm)
    if listed > MAX_PDF_OBJECTS:
        raise ComplexPDF

    found: set[str] = set()
    pending: list[tuple[object, str | None]] = [
        (IndirectObject(number, generation, reader), None)
        for generation, entries in reader.xref.items()
        for number in entries
    ]
    pending += [(IndirectObject(number, 0, reader), None) for number in reader.xref_objStm]
    pending.append((reader.trailer, None))  # taken first: the objects a viewer reaches
    seen: set[tuple[int, int]] = set()
    while pending:
        obj, key = pending.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            found.update(_dictionary_problems(obj, key))
            pending.extend((value, name) for name, value in dict.items(obj))
        elif isinstance(obj, ArrayObject):
            pending.extend((item, key) for item in obj)
    return sorted(found)


def _dictionary_problems(dictionary, key: str | None) -> set[str]:
    def value(name):
        item = dictionary.get(name)
        return item.get_object() if item is not None else None

    problems = set()
    if "/JS" in dictionary or "/JavaScript" in dictionary:
        problems.add("JavaScript")
    if "/AA" in dictionary:
        problems.add("actions that run when a page or field is opened")
    if (
        "/EmbeddedFiles" in dictionary
        or "/EF" in dictionary
        or value("/Type") == "/EmbeddedFile"
        or value("/Subtype") == "/FileAttachment"
    ):
        problems.add("an attached file")
    if "/XFA" in dictionary:
        problems.add("an XFA form")
    if value("/Subtype") in MEDIA_ANNOTATIONS:
        problems.add("embedded media")
    kind = value("/S")
    is_action = key in ACTION_KEYS or value("/Type") == "/Action"
    if kind in RUNNING_ACTIONS or (is_action and kind is not None and kind not in SAFE_ACTIONS):
        name = str(kind)[1:]
        article = "an" if name[:1] in {"A", "E", "I", "O", "U"} else "a"
        problems.add(
            {"/JavaScript": "JavaScript", "/Launch": "a launch action"}.get(
                kind, f"{article} {name} action"
            )
        )
    if kind == "/URI":
        match = SCHEME.match(str(value("/URI") or ""))
        if match and match.group(1).lower() not in LINK_SCHEMES:
            problems.add(f"a {match.group(1).lower()}: link")
    return problems
