import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cco_council.core.uploads import validate_image
from cco_council.models import StoredFile
from tests.uploads import pdf


def image_bytes(fmt="PNG", size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.django_db
def test_upload_is_stored_in_database_and_served_with_nosniff(client):
    name = default_storage.save("authors/headshot.png", ContentFile(image_bytes()))
    assert StoredFile.objects.get(name=name).content_type == "image/png"
    assert default_storage.exists(name)
    assert default_storage.size(name) == len(image_bytes())

    response = client.get(default_storage.url(name))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.content == image_bytes()


@pytest.mark.django_db
def test_same_name_twice_gets_a_fresh_name():
    first = default_storage.save("logos/logo.png", ContentFile(image_bytes()))
    second = default_storage.save("logos/logo.png", ContentFile(image_bytes()))
    assert first == "logos/logo.png"
    assert second != first
    assert StoredFile.objects.count() == 2


@pytest.mark.django_db
def test_unknown_media_404(client):
    assert client.get("/media/nope.png").status_code == 404


@pytest.mark.parametrize("fmt,ext", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_validate_image_accepts_jpeg_png_webp(fmt, ext):
    validate_image(SimpleUploadedFile(f"a.{ext}", image_bytes(fmt)))


@pytest.mark.parametrize(
    "name,content,code",
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
            "extension",
        ),
        ("page.png", b"<html><script>alert(1)</script></html>", "invalid_image"),
        ("anim.gif", b"GIF89a", "extension"),
        ("photo.png", None, "mismatch"),
    ],
)
def test_validate_image_refuses_non_images(name, content, code):
    content = content if content is not None else image_bytes("JPEG")
    with pytest.raises(ValidationError) as error:
        validate_image(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_validate_image_refuses_decompression_bomb():
    # 8,000 × 8,000 = 64 megapixels, a few kilobytes compressed.
    bomb = SimpleUploadedFile("bomb.png", image_bytes("PNG", size=(8000, 8000)))
    assert bomb.size < 1_000_000
    with pytest.raises(ValidationError) as error:
        validate_image(bomb)
    assert error.value.code in {"too_many_pixels", "invalid_image"}


def test_validate_image_refuses_over_10_mb():
    big = SimpleUploadedFile("big.png", image_bytes() + b"\0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        validate_image(big)
    assert error.value.code == "too_large"


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


@pytest.mark.parametrize(
    "url,field,extra",
    [
        ("/admin/articles/author/add/", "headshot", {"name": "Ann Upload", "slug": "ann-upload"}),
        (
            "/admin/media_relations/mediacontact/add/",
            "photo",
            {
                "name": "Pat Press",
                "slug": "pat-press",
                "job_title": "CMO",
                "email": "pat@example.org",
            },
        ),
    ],
)
@pytest.mark.parametrize(
    "name,content",
    [
        ("logo.svg", SVG),
        ("page.png", b"<html><script>alert(1)</script></html>"),
        ("bomb.png", image_bytes("PNG", size=(8000, 8000))),
    ],
)
def test_admin_refuses_bad_uploads_with_a_form_error(
    editor_client, url, field, extra, name, content
):
    response = editor_client.post(url, {**extra, field: SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert StoredFile.objects.count() == 0


def test_press_kit_document_must_be_a_pdf(editor):
    from media_relations.models import PressKit, PressKitAsset

    kit = PressKit.objects.create(boilerplate="<p>About the council.</p>")
    asset = PressKitAsset(
        kit=kit, title="Fact sheet", kind=PressKitAsset.Kind.DOCUMENT,
        file=SimpleUploadedFile("facts.pdf", b"<html>not a pdf</html>"),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        asset.full_clean()
    assert error.value.message_dict == {
        "file": ["This file is not a PDF document that can be read: export it again as PDF."]
    }
    asset.file = SimpleUploadedFile("facts.pdf", pdf())
    asset.full_clean()
