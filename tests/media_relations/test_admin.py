import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf.actions import JavaScript, PageTrigger
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from cco_council.models import StoredFile
from media_relations.models import Inquiry, MediaContact, PressKitAsset
from tests.events.factories import EventFactory
from tests.media_relations.factories import (
    CoverageFactory,
    InquiryFactory,
    MediaContactFactory,
    PressKitFactory,
    PressReleaseFactory,
)
from tests.uploads import (
    dominant,
    exported_png,
    leaked_metadata,
    pdf,
    phone_jpeg,
    stored_image,
)

pytestmark = pytest.mark.django_db

CONTACTS = "/admin/media_relations/mediacontact/"
INQUIRIES = "/admin/media_relations/inquiry/"


def contact_form(**overrides):
    data = {
        "name": "Jordan Press",
        "slug": "jordan-press",
        "job_title": "VP Communications",
        "email": "jordan@example.org",
        "phone": "+1 555 010 0123",
        "is_active": "on",
        "make_primary": "on",
    }
    data.update(overrides)
    return data


def test_admin_adding_a_new_primary_moves_the_role(editor_client, editor):
    old = MediaContactFactory(is_primary=True)
    response = editor_client.post(CONTACTS + "add/", contact_form())
    assert response.status_code == 302
    new = MediaContact.objects.get(slug="jordan-press")
    old.refresh_from_db()
    assert (old.is_primary, new.is_primary) == (False, True)
    assert new.updated_by == editor


def test_admin_ticking_primary_on_existing_contact_moves_the_role(editor_client):
    old = MediaContactFactory(is_primary=True)
    other = MediaContactFactory(name="Jordan Press", slug="jordan-press")
    response = editor_client.post(f"{CONTACTS}{other.pk}/change/", contact_form())
    assert response.status_code == 302
    assert list(MediaContact.objects.filter(is_primary=True)) == [other]
    old.refresh_from_db()
    assert old.is_primary is False


def test_admin_unticking_primary_leaves_no_primary(editor_client):
    current = MediaContactFactory(is_primary=True, name="Jordan Press", slug="jordan-press")
    form = contact_form()
    del form["make_primary"]
    editor_client.post(f"{CONTACTS}{current.pk}/change/", form)
    assert MediaContact.objects.filter(is_primary=True).count() == 0


def test_admin_change_form_shows_primary_ticked(editor_client):
    current = MediaContactFactory(is_primary=True)
    html = editor_client.get(f"{CONTACTS}{current.pk}/change/").content.decode()
    assert (
        '<input type="checkbox" name="make_primary" aria-describedby="id_make_primary_helptext"'
        ' id="id_make_primary" checked>'
    ) in html


def test_admin_footer_follows_the_admin_change(
    editor_client, client, django_capture_on_commit_callbacks
):
    MediaContactFactory(is_primary=True, name="Old Person")
    assert "Old Person" in client.get("/press/releases/").content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(CONTACTS + "add/", contact_form())
    html = client.get("/press/releases/").content.decode()
    assert ">Jordan Press</a>, VP Communications" in html


@pytest.mark.parametrize(
    "url",
    [
        CONTACTS,
        CONTACTS + "add/",
        "/admin/media_relations/pressrelease/",
        "/admin/media_relations/pressrelease/add/",
        "/admin/media_relations/coverage/",
        "/admin/media_relations/coverage/add/",
        "/admin/media_relations/presskit/",
        INQUIRIES,
        INQUIRIES + "?status__exact=new",
        INQUIRIES + "?received_at__year=2030",
    ],
)
def test_admin_pages_render_for_editors(editor_client, url):
    MediaContactFactory(is_primary=True)
    PressReleaseFactory()
    CoverageFactory()
    PressKitFactory()
    InquiryFactory()
    assert editor_client.get(url).status_code == 200


def test_inbox_lists_inquiries_with_status(editor_client):
    InquiryFactory(name="Dana Reporter")
    InquiryFactory(name="Lee Columnist", status=Inquiry.Status.ANSWERED)
    response = editor_client.get(INQUIRIES + "?status__exact=new")
    assert [i.name for i in response.context["cl"].result_list] == ["Dana Reporter"]


def test_inbox_search_finds_by_outlet(editor_client):
    InquiryFactory(outlet="Trade Weekly")
    InquiryFactory(outlet="Other Paper")
    response = editor_client.get(INQUIRIES + "?q=trade")
    assert [i.outlet for i in response.context["cl"].result_list] == ["Trade Weekly"]


def test_editor_marks_inquiry_answered_and_assigns_it(editor_client, editor):
    inquiry = InquiryFactory()
    response = editor_client.post(
        f"{INQUIRIES}{inquiry.pk}/change/",
        {"status": "answered", "assigned_to": str(editor.pk), "internal_notes": "Called back."},
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.assigned_to, inquiry.internal_notes) == (
        Inquiry.Status.ANSWERED,
        editor,
        "Called back.",
    )
    assert inquiry.updated_by == editor
    assert inquiry.name == "Dana Reporter"  # what the journalist sent is read-only


def test_editor_cannot_delete_inquiries(editor_client):
    inquiry = InquiryFactory()
    assert editor_client.get(f"{INQUIRIES}{inquiry.pk}/delete/").status_code == 403
    response = editor_client.get(INQUIRIES)
    choices = response.context["action_form"].fields["action"].choices
    assert [name for name, _ in choices] == ["", "export_csv"]
    editor_client.post(
        INQUIRIES, {"action": "delete_selected", "_selected_action": [inquiry.pk], "post": "yes"}
    )
    assert Inquiry.objects.filter(pk=inquiry.pk).exists()


def test_editor_cannot_add_inquiries(editor_client):
    assert editor_client.get(INQUIRIES + "add/").status_code == 403


def test_superuser_can_delete_inquiries(client, superuser):
    client.force_login(superuser)
    inquiry = InquiryFactory()
    client.post(f"{INQUIRIES}{inquiry.pk}/delete/", {"post": "yes"})
    assert not Inquiry.objects.filter(pk=inquiry.pk).exists()


def test_csv_export_guards_against_formulas(editor_client):
    first = InquiryFactory(name='=HYPERLINK("http://evil")', outlet="+Daily", message="@SUM(A1)")
    second = InquiryFactory(name="Plain Name", outlet="-Minus", message="Hello,\nworld")
    response = editor_client.post(
        INQUIRIES, {"action": "export_csv", "_selected_action": [first.pk, second.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["received_at", "name", "outlet", "email"]
    assert [row[1] for row in rows[1:]] == ['\'=HYPERLINK("http://evil")', "Plain Name"]
    assert [row[2] for row in rows[1:]] == ["'+Daily", "'-Minus"]
    assert [row[7] for row in rows[1:]] == ["'@SUM(A1)", "Hello,\nworld"]


def test_editor_picks_event_contact_through_autocomplete(editor_client):
    event = EventFactory(name="Customer Success Summit 2014")
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "media_relations",
            "model_name": "mediacontact",
            "field_name": "events",
            "term": "success",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"id": str(event.pk), "text": "Customer Success Summit 2014"}
    ]
    contact = MediaContactFactory(name="Jordan Press", slug="jordan-press")
    form = contact_form(events=[str(event.pk)])
    del form["make_primary"]
    editor_client.post(f"{CONTACTS}{contact.pk}/change/", form)
    assert list(contact.events.all()) == [event]


def test_inactive_contact_cannot_stay_primary(db):
    from media_relations.admin import MediaContactForm

    contact = MediaContactFactory(is_primary=True)
    form = MediaContactForm(
        data={
            "name": contact.name, "slug": contact.slug, "job_title": contact.job_title,
            "email": contact.email, "phone": contact.phone, "is_active": False,
            "make_primary": True,
        },
        instance=contact,
    )  # fmt: skip
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "An inactive contact cannot be the primary media contact: choose another primary "
        "contact first, or untick “Primary media contact”."
    ]


@pytest.mark.parametrize(
    "value",
    ["\uff1dHYPERLINK(\"http://evil\")", "\uff0bDaily", "\uff0d1+1", "\uff20SUM(A1)",
     "\ufe66cmd|' /C calc'!A0", "\ufe62x", "\ufe63x", "\ufe6bx", "\tTabbed", "\rReturn"],
)  # fmt: skip
def test_csv_export_neutralises_fullwidth_and_whitespace_formula_starts(editor_client, value):
    inquiry = InquiryFactory(name=value, outlet=value, message=value)
    response = editor_client.post(
        INQUIRIES, {"action": "export_csv", "_selected_action": [inquiry.pk]}
    )
    row = list(csv.reader(io.StringIO(response.content.decode(), newline="")))[1]
    assert [row[1], row[2], row[7]] == ["'" + value] * 3


def test_contact_photo_is_stored_without_exif_and_upright(editor_client):
    photo = SimpleUploadedFile("jordan.jpg", phone_jpeg(orientation=6), "image/jpeg")
    response = editor_client.post(
        CONTACTS + "add/", contact_form(photo=photo, photo_decorative="on")
    )
    assert response.status_code == 302
    contact = MediaContact.objects.get(slug="jordan-press")
    data, image = stored_image(contact.photo.name)
    assert dict(image.getexif()) == {}
    assert [marker for marker, _ in image.applist] == ["APP0"]  # JFIF only: no EXIF, XMP, COM
    assert leaked_metadata(data) == []
    # Orientation 6: the camera stored it turned; it is stored the right way up, so the left
    # (red) half of the stored picture is now its top.
    assert image.size == (20, 40)
    assert (dominant(image.getpixel((10, 5))), dominant(image.getpixel((10, 35)))) == (
        "red",
        "blue",
    )
    assert editor_client.get(contact.photo.url).content == data


def press_kit_form(kit, **asset):
    return {
        "boilerplate": kit.boilerplate,
        "assets-TOTAL_FORMS": "1",
        "assets-INITIAL_FORMS": "0",
        "assets-MIN_NUM_FORMS": "0",
        "assets-MAX_NUM_FORMS": "1000",
        "assets-0-title": asset.get("title", "Fact sheet"),
        "assets-0-kind": asset.get("kind", "document"),
        "assets-0-file": asset["file"],
        "assets-0-description": "",
        "assets-0-position": "0",
    }


def test_press_kit_png_is_stored_without_text_chunks_or_exif(editor_client):
    kit = PressKitFactory()
    logo = SimpleUploadedFile("logo.png", exported_png(), "image/png")
    response = editor_client.post(
        f"/admin/media_relations/presskit/{kit.pk}/change/",
        press_kit_form(kit, title="Logo", kind="logo", file=logo),
    )
    assert response.status_code == 302
    data, image = stored_image(kit.assets.get().file.name)
    assert (image.format, image.mode, image.text) == ("PNG", "RGBA", {})
    assert sorted(image.info) == []
    assert leaked_metadata(data) == []
    assert (image.getpixel((0, 0)), image.getpixel((39, 19))) == ((0, 0, 0, 0), (0, 0, 255, 255))


def with_link(url):
    def build(writer):
        writer.add_annotation(0, Link(rect=(50, 50, 200, 80), url=url))

    return build


def with_open_action(action):
    def build(writer):
        writer.root_object[NameObject("/OpenAction")] = action

    return build


def action(kind, **entries):
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject(kind),
            **{NameObject(f"/{key}"): value for key, value in entries.items()},
        }
    )


def launch_annotation(writer):
    launch = action("/Launch", F=TextStringObject("calc.exe"))
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (50, 50, 200, 80)]),
            NameObject("/A"): launch,
        }
    )
    writer.add_annotation(0, link)


ACTIVE_PDFS = {
    "document JavaScript": (
        lambda writer: writer.add_open_action(JavaScript("app.alert('hi');")),
        "JavaScript",
    ),
    "OpenAction JavaScript": (
        with_open_action(action("/JavaScript", JS=TextStringObject("app.alert(1)"))),
        "JavaScript",
    ),
    "OpenAction Launch": (
        with_open_action(action("/Launch", F=TextStringObject("cmd.exe"))),
        "a launch action",
    ),
    "Launch link": (launch_annotation, "a launch action"),
    "page open action": (
        lambda writer: writer.pages[0].add_action(PageTrigger.OPEN, JavaScript("1")),
        "JavaScript, actions that run when a page or field is opened",
    ),
    "embedded file": (
        lambda writer: writer.add_attachment("invoice.exe", b"MZ..."),
        "an attached file",
    ),
    "submit form": (
        with_open_action(action("/SubmitForm", F=TextStringObject("https://evil.example/"))),
        "a SubmitForm action",
    ),
    "javascript: link": (with_link("javascript:alert(1)"), "a javascript: link"),
}


@pytest.mark.parametrize("case", sorted(ACTIVE_PDFS))
def test_press_kit_pdf_with_active_content_is_refused(editor_client, case):
    build, found = ACTIVE_PDFS[case]
    kit = PressKitFactory()
    document = SimpleUploadedFile("fact-sheet.pdf", pdf(build), "application/pdf")
    response = editor_client.post(
        f"/admin/media_relations/presskit/{kit.pk}/change/", press_kit_form(kit, file=document)
    )
    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert inline.formset.errors == [
        {
            "file": [
                f"This PDF carries content that can run or open something when it is read "
                f"({found}). Export it again as a plain PDF (print it to PDF) and upload that."
            ]
        }
    ]
    assert (PressKitAsset.objects.count(), StoredFile.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n",
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",  # no pages, no trailer
        b"%PDF-",
    ],
)
def test_press_kit_file_that_is_no_readable_pdf_is_refused(editor_client, content):
    kit = PressKitFactory()
    document = SimpleUploadedFile("fact-sheet.pdf", content, "application/pdf")
    response = editor_client.post(
        f"/admin/media_relations/presskit/{kit.pk}/change/", press_kit_form(kit, file=document)
    )
    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert inline.formset.errors == [
        {"file": ["This file is not a PDF document that can be read: export it again as PDF."]}
    ]
    assert (PressKitAsset.objects.count(), StoredFile.objects.count()) == (0, 0)


def test_press_kit_clean_pdf_with_web_links_is_accepted(editor_client, client):
    kit = PressKitFactory()
    content = pdf(with_link("https://ccocouncil.org/press/"))
    document = SimpleUploadedFile("fact-sheet.pdf", content, "application/pdf")
    response = editor_client.post(
        f"/admin/media_relations/presskit/{kit.pk}/change/", press_kit_form(kit, file=document)
    )
    assert response.status_code == 302
    asset = kit.assets.get()
    assert (asset.title, asset.kind) == ("Fact sheet", PressKitAsset.Kind.DOCUMENT)
    assert client.get(asset.file.url).content == content
