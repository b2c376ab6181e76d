import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from cco_council.core.uploads import validate_document
from tests.uploads import pdf

PAGE_TREE = [
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
]


def handmade_pdf(catalog: bytes, *more: bytes) -> bytes:
    """A PDF written byte by byte: object 1 is ``catalog``, 2 and 3 the page tree, then
    ``more``; with a correct cross-reference table, so every object is listed."""
    bodies = [catalog, *PAGE_TREE, *more]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)


def check(content: bytes) -> list[str]:
    try:
        validate_document(SimpleUploadedFile("fact-sheet.pdf", content))
    except ValidationError as error:
        return error.messages
    return []


def active(found: str) -> list[str]:
    return [
        f"This PDF carries content that can run or open something when it is read ({found}). "
        "Export it again as a plain PDF (print it to PDF) and upload that."
    ]


def test_handmade_plain_pdf_is_accepted():
    assert check(handmade_pdf(b"<< /Type /Catalog /Pages 2 0 R >>")) == []


def test_pdf_with_javascript_in_an_object_nothing_refers_to_is_refused():
    orphan = b"<< /S /JavaScript /JS (app.launchURL('https://evil.example')) >>"
    assert check(handmade_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", orphan)) == active("JavaScript")


def test_pdf_with_javascript_spelled_in_hex_escapes_is_refused():
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (1) >> >>"
    assert check(handmade_pdf(catalog)) == active("JavaScript")


def test_pdf_with_action_chained_after_a_safe_one_is_refused():
    catalog = (
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /GoTo /D [3 0 R /Fit] "
        b"/Next << /S /ImportData /F (data.fdf) >> >> >>"
    )
    assert check(handmade_pdf(catalog)) == active("an ImportData action")


def test_pdf_with_navigation_structure_and_page_labels_is_accepted():
    # What Word and Acrobat write: an opening view, tagged structure (whose /S are structure
    # types), page labels (/S is a numbering style), a link's border style (/S /S).
    catalog = (
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] "
        b"/PageLabels << /Nums [0 << /S /r >>] >> /StructTreeRoot 4 0 R "
        b"/MarkInfo << /Marked true >> >>"
    )
    structure = b"<< /Type /StructTreeRoot /K << /Type /StructElem /S /P /P 4 0 R >> >>"
    link = (
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /BS << /S /S /W 1 >> "
        b"/A << /S /Named /N /NextPage >> >>"
    )
    assert check(handmade_pdf(catalog, structure, link)) == []


def test_pdf_with_xfa_form_is_refused():
    catalog = b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA 4 0 R >> >>"
    assert check(handmade_pdf(catalog, b"<< /Length 0 >>\nstream\n\nendstream")) == active(
        "an XFA form"
    )


def test_pdf_that_needs_a_password_is_refused():
    def lock(writer: PdfWriter):
        writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")

    assert check(pdf(lock)) == [
        "This PDF is encrypted: save it again without a password or restrictions."
    ]


def test_pdf_with_only_an_owner_password_is_checked_and_accepted():
    def restrict(writer: PdfWriter):
        writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")

    assert check(pdf(restrict)) == []


@pytest.mark.parametrize("name", ["fact-sheet.html", "fact-sheet"])
def test_document_must_be_named_pdf(name):
    with pytest.raises(ValidationError) as raised:
        validate_document(SimpleUploadedFile(name, pdf()))
    assert raised.value.messages == ["Upload a PDF document (a file ending in .pdf)."]
