import io

import pytest
from django.core.cache import cache
from PIL import Image

from articles import social as library_social
from cco_council.core.social import Card, _fit_title, card_png, draw_card
from tests.articles.factories import ArticleFactory, AuthorFactory, ConversationFactory
from tests.pictures import attach, photo

pytestmark = pytest.mark.django_db


def test_a_card_is_a_1200_by_630_png():
    image = Image.open(io.BytesIO(draw_card(Card(title="Earned authority", kind="Article"))))

    assert (image.format, image.size, image.mode) == ("PNG", (1200, 630), "RGB")


def test_a_title_too_long_for_the_card_is_set_smaller_then_cut_with_an_ellipsis():
    from cco_council.core.artwork import SCALE

    short_size, short = _fit_title("Earned authority", 900 * SCALE, 300, SCALE)
    long_size, long = _fit_title("word " * 80, 900 * SCALE, 300, SCALE)

    assert (short_size, short) == (76, ["Earned authority"])
    assert long_size == 42
    assert len(long) * long_size * 1.18 <= 300
    assert long[-1].endswith(" …")


def test_a_card_version_follows_what_it_shows():
    card = Card(title="Earned authority", kind="Article", byline="By Ann")

    assert card.version == Card(title="Earned authority", kind="Article", byline="By Ann").version
    assert card.version != Card(title="Earned authority!", kind="Article", byline="By Ann").version
    assert card.version != Card(title="Earned authority", kind="Article", byline="By Bo").version


def test_a_members_only_item_card_shows_its_title_kind_and_authors_and_nothing_else():
    author = AuthorFactory(name="Ann Author")
    article = ArticleFactory(
        title="Members' secrets",
        summary="A summary that only members may read in full.",
        body="<p>The confidential body.</p>",
        members_only=True,
        authors=[author],
    )

    card = library_social.article_card(article, [author])

    assert card == Card(title="Members' secrets", kind="Article", byline="By Ann Author")


def test_a_conversation_card_names_the_interviewee():
    conversation = ConversationFactory(title="Usage is king")

    assert library_social.article_card(conversation, []) == Card(
        title="Usage is king", kind="Conversation", byline="A conversation with Jay Topper"
    )


def test_a_card_is_drawn_once_per_version_and_kept_in_the_shared_cache():
    card = Card(title="Drawn once")
    key = f"social-card:{card.version}"
    assert cache.get(key) is None

    data = card_png(card)

    assert cache.get(key) == data


def test_card_view_serves_the_current_version_as_immutable_and_redirects_an_old_one(client):
    article = ArticleFactory(title="Earned authority")
    html = client.get(article.get_absolute_url()).content.decode()
    url = html.split('<meta property="og:image" content="', 1)[1].split('"', 1)[0]
    path = url.removeprefix("http://127.0.0.1:8000")

    response = client.get(path)
    old = client.get(path.replace("card-", "card-0"))

    image = Image.open(io.BytesIO(response.content))
    assert (response["Content-Type"], response["Cache-Control"], image.size) == (
        "image/png",
        "public, max-age=31536000, immutable",
        (1200, 630),
    )
    assert (old.status_code, old["Location"]) == (302, path)


def test_an_item_with_a_cover_shares_the_cover_cropped_to_1200_by_630(client):
    article = attach(ArticleFactory(), "cover_image", photo(), alt="The summit stage")

    html = client.get(article.get_absolute_url()).content.decode()

    social = article.cover.rendition("social")
    assert (
        f'<meta property="og:image" content="http://127.0.0.1:8000{social.url}">\n'
        '  <meta property="og:image:type" content="image/jpeg">\n'
        '  <meta property="og:image:width" content="1200">\n'
        '  <meta property="og:image:height" content="630">\n'
        '  <meta property="og:image:alt" content="The summit stage">\n'
        '  <meta name="twitter:card" content="summary_large_image">'
    ) in html


def test_a_draft_has_no_card(client):
    article = ArticleFactory(status="draft")

    assert client.get(f"/library/{article.slug}/card-0123456789abcdef.png").status_code == 404
