import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from cco_council.core.addresses import SlugUrls, reverse_once, reverse_slug


@pytest.mark.parametrize(
    ("viewname", "slug"),
    [
        ("articles:article_detail", "a-piece"),
        ("articles:article_pdf", "a-piece"),
        ("articles:tag_detail", "cx"),
        ("events:speaker_detail", "Ada_Lovelace-2"),
        ("media_relations:release_detail", "x"),
    ],
)
def test_reverse_slug_is_reverse(viewname, slug):
    assert reverse_slug(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


@pytest.mark.parametrize("slug", ["", "two words", "ümlaut", "a/b"])
def test_reverse_slug_refuses_what_reverse_refuses(slug):
    with pytest.raises(NoReverseMatch):
        reverse_slug("articles:article_detail", slug)


def test_reverse_slug_gives_what_reverse_gives_for_a_value_that_is_not_text():
    assert reverse_slug("articles:tag_detail", 12) == reverse(
        "articles:tag_detail", kwargs={"slug": 12}
    )


def test_reverse_once_is_reverse():
    assert reverse_once("articles:library") == reverse("articles:library") == "/library/"


def test_addresses_follow_the_script_prefix():
    try:
        set_script_prefix("/council/")
        assert SlugUrls()("articles:tag_detail", "cx") == "/council/tags/cx/"
        assert reverse_once("articles:library") == "/council/library/"
    finally:
        set_script_prefix("/")
    assert reverse_slug("articles:tag_detail", "cx") == "/tags/cx/"
