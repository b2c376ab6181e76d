"""Every page type of the demo site, as a reader and a link preview see it: the pictures
where a reader expects them, each ``<img>`` with its size and description, and a 1200×630
picture to share."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from PIL import Image

from articles.models import Article, Author, Series
from cco_council import demo_pictures
from events.models import Event, Speaker
from media_relations.models import MediaContact, PressKitAsset
from tests.pages import public_paths

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo(seeded_demo):
    return seeded_demo


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def site_path(url: str) -> str:
    assert url.startswith(settings.SITE_URL + "/"), url
    return url[len(settings.SITE_URL) :]


def test_every_page_type_shares_a_1200_by_630_picture(client):
    found = {}
    for name, path in public_paths().items():
        response = client.get(path)
        meta = {
            attrs.get("property") or attrs.get("name"): attrs.get("content")
            for tag, attrs in tags(response.content.decode())
            if tag == "meta"
        }
        picture = client.get(site_path(meta["og:image"]))
        image = Image.open(io.BytesIO(picture.content))
        found[name] = (
            meta["twitter:card"],
            meta["og:image:width"],
            meta["og:image:height"],
            picture["Content-Type"] == meta["og:image:type"],
            bool(meta["og:image:alt"]),
            image.size,
        )
    assert found == dict.fromkeys(
        public_paths(), ("summary_large_image", "1200", "630", True, True, (1200, 630))
    )


def test_pages_of_items_with_a_cover_share_the_cover_and_the_others_a_card(client):
    shared = {}
    for name in ("read page", "conversation", "series", "event", "author", "speaker"):
        html = client.get(public_paths()[name]).content.decode()
        url = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
        shared[name] = "cover" if "/media/renditions/" in url else "card"
    assert shared == {
        "read page": "cover",
        "conversation": "cover",
        "series": "cover",
        "event": "cover",
        "author": "card",
        "speaker": "card",
    }


def test_no_img_on_any_page_type_lacks_width_height_or_alt(client):
    missing, pictures = {}, {}
    for name, path in public_paths().items():
        images = [attrs for tag, attrs in tags(client.get(path).content.decode()) if tag == "img"]
        pictures[name] = len(images)
        lacking = [
            attrs.get("src") for attrs in images if not {"width", "height", "alt"} <= set(attrs)
        ]
        if lacking:
            missing[name] = lacking
    assert missing == {}
    # ... and the pictures are there to be checked where a reader expects them.
    expected = {"home", "library", "read page", "conversation", "series", "author", "event"}
    expected |= {"speaker", "press", "events", "series list", "tag", "conversations"}
    assert {name for name, count in pictures.items() if count} >= expected


def test_every_published_item_series_event_and_person_has_its_picture():
    def without(queryset, slot):
        return [str(obj) for obj in queryset if not getattr(obj, slot).ready]

    assert without(Article.objects.published(), "cover") == []
    assert without(Series.objects.published(), "cover") == []
    assert without(Event.objects.published(), "cover") == []
    assert without(Author.objects.all(), "portrait") == []
    assert without(Speaker.objects.all(), "portrait") == []
    assert without(MediaContact.objects.active(), "portrait") == []


def test_drawing_the_demo_pictures_again_draws_nothing():
    assert demo_pictures.seed() == "Pictures: already in place."


def test_press_kit_offers_png_logos_at_two_sizes_and_photos(client):
    assets = {
        (asset.kind, asset.file.name.rsplit(".", 1)[-1], asset.preview.width)
        for asset in PressKitAsset.objects.all()
    }

    logos = sorted(width for kind, ext, width in assets if kind == "logo" and ext == "png")
    assert len(logos) >= 2 and logos[-1] >= 3 * logos[0]
    assert {kind for kind, _, _ in assets} >= {"logo", "photo", "headshot"}
    html = client.get("/press/").content.decode()
    assert html.count('class="kit-asset"') == PressKitAsset.objects.count()
