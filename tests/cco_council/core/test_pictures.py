import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from articles.models import Article
from cco_council.core.pictures import picture_html, queue_renditions, refresh_renditions
from cco_council.models import StoredFile
from media_relations.models import PressKit, PressKitAsset
from tests.articles.factories import ArticleFactory, AuthorFactory
from tests.pictures import attach, opened, photo
from tests.uploads import camera_exif

pytestmark = pytest.mark.django_db


def stored_names(picture) -> dict[str, list[tuple[int, int, str]]]:
    """{crop: [(width, height, format of the stored file)]} as read back from storage."""
    found = {}
    for crop in picture.data["crops"]:
        for fmt in picture.data["formats"][crop]:
            for rendition in picture.renditions(crop, fmt):
                image = opened(rendition.name)
                found.setdefault(crop, []).append((*image.size, image.format))
    return found


def test_renditions_of_a_cover_in_each_crop_width_and_format():
    article = attach(ArticleFactory(), "cover_image", photo((1800, 1200)))

    assert stored_names(article.cover) == {
        "wide": [
            (480, 320, "WEBP"),
            (800, 533, "WEBP"),
            (1200, 800, "WEBP"),
            (1600, 1067, "WEBP"),
            (480, 320, "JPEG"),
            (800, 533, "JPEG"),
            (1200, 800, "JPEG"),
            (1600, 1067, "JPEG"),
        ],
        "social": [(1200, 630, "JPEG")],
        "fit": [(640, 427, "WEBP"), (640, 427, "JPEG")],
    }


def test_renditions_are_made_once_per_upload():
    article = attach(ArticleFactory(), "cover_image", photo())
    files = StoredFile.objects.count()
    names = sorted(StoredFile.objects.values_list("name", flat=True))

    article.title = "A new title"
    article.save()
    assert refresh_renditions(Article.objects.get(pk=article.pk)) == []

    assert StoredFile.objects.count() == files
    assert sorted(StoredFile.objects.values_list("name", flat=True)) == names


def test_a_small_picture_is_not_enlarged_except_for_its_social_crop():
    # 3:2 from 1100×700 is 1050 pixels wide: more than a quarter wider than 800, so that
    # width is made too.
    article = attach(ArticleFactory(), "cover_image", photo((1100, 700)))

    sizes = {
        crop: [size for size, _ in sizes] for crop, sizes in article.cover.data["crops"].items()
    }
    assert sizes == {"wide": [480, 800, 1050], "social": [1200], "fit": [640]}


def test_crops_keep_the_focal_point_in_view():
    # A wide picture with a red disc near its right edge: a square crop around the middle
    # leaves it out, one around the focal point keeps it in the middle.
    data = photo((1800, 600), mark=(0.8, 0.5))
    centred = attach(AuthorFactory(), "headshot", data, decorative=True)
    focused = attach(AuthorFactory(), "headshot", data, decorative=True, headshot_focus_x=0.8)

    def middle(author):
        image = opened(author.portrait.rendition("square", width=384).name)
        return image.convert("RGB").getpixel((image.width // 2, image.height // 2))

    assert middle(centred)[0] < 100  # steel blue
    assert middle(focused)[0] > 200 and middle(focused)[2] < 60  # red


def test_moving_the_focal_point_remakes_the_renditions_and_deletes_the_old_ones():
    article = attach(ArticleFactory(), "cover_image", photo())
    old = [r.name for r in article.cover.renditions("wide", "webp")]

    article.cover_image_focus_y = 0.2
    article.save()
    assert refresh_renditions(article) == ["cover_image_renditions"]

    new = [r.name for r in article.cover.renditions("wide", "webp")]
    assert [default_storage.exists(name) for name in old] == [False] * 4
    assert [default_storage.exists(name) for name in new] == [True] * 4
    assert set(old) & set(new) == set()


def test_removing_the_picture_deletes_its_renditions():
    article = attach(ArticleFactory(), "cover_image", photo())
    names = [r.name for crop in ("wide", "social", "fit") for r in article.cover.renditions(crop)]

    article.cover_image = ""
    article.save()
    refresh_renditions(article)

    assert (article.cover_image_renditions, article.cover.ready) == ({}, False)
    assert [default_storage.exists(name) for name in names] == [False] * len(names)


def test_a_replaced_picture_is_not_shown_until_its_own_renditions_are_made():
    article = attach(ArticleFactory(), "cover_image", photo())
    article.cover_image.save("another.jpg", io.BytesIO(photo()), save=True)

    assert (article.cover.ready, picture_html(article.cover, "wide", sizes="100vw")) == (
        False,
        "",
    )


def test_a_logo_keeps_its_transparency_as_png_and_webp():
    kit = PressKit.objects.create()
    transparent = photo((800, 300), fmt="PNG", mode="RGBA", background=(0, 0, 0, 0))
    asset = attach(
        PressKitAsset(kit=kit, title="Logo", kind=PressKitAsset.Kind.LOGO),
        "file",
        transparent,
        name="logo.png",
    )

    assert asset.preview.data["formats"] == {"fit": ["webp", "png"]}
    png = opened(asset.preview.rendition("fit").name)
    webp = opened(asset.preview.renditions("fit", "webp")[0].name)
    assert (png.format, png.mode, png.getpixel((0, 0))[3]) == ("PNG", "RGBA", 0)
    assert (webp.format, webp.mode, webp.getpixel((0, 0))[3]) == ("WEBP", "RGBA", 0)


def test_a_press_kit_document_gets_no_renditions():
    kit = PressKit.objects.create()
    asset = PressKitAsset(kit=kit, title="Facts", kind=PressKitAsset.Kind.DOCUMENT)
    asset.file.save("facts.pdf", io.BytesIO(b"%PDF-1.4 not an image"), save=True)

    assert (refresh_renditions(asset), asset.file_renditions) == ([], {})


def test_a_cmyk_photo_turned_by_its_exif_is_shown_upright_in_rgb():
    # Stored as the camera wrote it (as before uploads lost their metadata): tall, but
    # saved wide with "turn 90° clockwise" in its EXIF.
    image = Image.new("CMYK", (600, 300), (0, 0, 0, 0))
    image.paste((0, 255, 255, 0), (0, 0, 300, 300))  # left half red
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=camera_exif(orientation=6))
    article = attach(ArticleFactory(), "cover_image", buffer.getvalue())

    fit = opened(article.cover.rendition("fit").name)
    assert (fit.mode, article.cover.width, article.cover.height) == ("RGB", 300, 600)
    # Turned clockwise: the left half is now the top.
    top, bottom = fit.getpixel((fit.width // 2, 5)), fit.getpixel((fit.width // 2, fit.height - 5))
    assert (top[0] > 200 and top[1] < 80, bottom[0] > 200 and bottom[1] > 200) == (True, True)


def test_a_picture_needs_a_description_or_to_be_marked_decorative():
    article = ArticleFactory.build(title="T", slug="t", summary="S", body="<p>B</p>")
    article.cover_image = "covers/library/x.jpg"

    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["tags", "cover_image"])
    assert error.value.message_dict == {
        "cover_image_alt": [
            "Describe what the picture shows for readers who cannot see it, or tick "
            "“decorative” if the text beside it says it all."
        ]
    }

    article.cover_image_decorative = True
    article.full_clean(exclude=["tags", "cover_image"])
    article.cover_image_decorative, article.cover_image_alt = False, "Jay Topper on stage"
    article.full_clean(exclude=["tags", "cover_image"])


def test_picture_element_has_sources_width_height_alt_and_lazy_loading():
    article = attach(ArticleFactory(), "cover_image", photo(), alt="A stage & a crowd")
    base = "/media/" + article.cover.data["base"]

    html = picture_html(article.cover, "wide", sizes="(min-width: 40rem) 14rem, 7.5rem")

    widths = (480, 800, 1200, 1600)
    webp = ", ".join(f"{base}-wide-{w}.webp {w}w" for w in widths)
    jpeg = ", ".join(f"{base}-wide-{w}.jpg {w}w" for w in widths)
    sizes = "(min-width: 40rem) 14rem, 7.5rem"
    assert html == (
        f'<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
        f'<img src="{base}-wide-800.jpg" srcset="{jpeg}" sizes="{sizes}" '
        'width="1600" height="1067" alt="A stage &amp; a crowd" loading="lazy" '
        'decoding="async"></picture>'
    )


def test_a_remembered_element_follows_the_description_and_a_new_focal_point():
    article = attach(ArticleFactory(), "cover_image", photo(), alt="Before")
    before = picture_html(article.cover, "wide", sizes="10rem")

    article.cover_image_alt = "After"
    described = picture_html(article.cover, "wide", sizes="10rem")
    article.cover_image_focus_x = 0.1
    article.save()
    refresh_renditions(article)
    refocused = picture_html(article.cover, "wide", sizes="10rem")

    assert 'alt="Before"' in before
    assert 'alt="After"' in described
    assert refocused != described
    assert "/media/" + article.cover.data["base"] + "-wide-" in refocused


def test_portrait_shown_at_a_fixed_size_says_that_size_and_is_fetched_first_when_asked():
    author = attach(AuthorFactory(), "headshot", photo((600, 600)), decorative=True)

    html = picture_html(author.portrait, "square", sizes="160px", display=(160, 160), priority=True)

    assert 'width="160" height="160" alt="" loading="eager" fetchpriority="high"' in html
    assert f'src="/media/{author.portrait.data["base"]}-square-384.jpg"' in html


def test_renditions_are_served_as_immutable_files(client):
    article = attach(ArticleFactory(), "cover_image", photo())
    rendition = article.cover.renditions("wide", "webp")[0]

    response = client.get(rendition.url)

    assert (
        response.status_code,
        response["Content-Type"],
        response["Cache-Control"],
        Image.open(io.BytesIO(response.content)).size,
    ) == (200, "image/webp", "public, max-age=31536000, immutable", (480, 320))


def test_queued_renditions_are_made_by_the_job(run_queued_jobs):
    article = ArticleFactory()
    article.cover_image.save("cover.jpg", io.BytesIO(photo()), save=False)
    article.cover_image_alt = "A cover"
    article.save()

    assert queue_renditions(article) is True
    assert article.cover.ready is False
    assert run_queued_jobs() == {"pictures.make_renditions": None}

    article.refresh_from_db()
    assert (article.cover.ready, queue_renditions(article)) == (True, False)
