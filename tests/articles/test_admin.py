import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, Exchange
from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    ConversationFactory,
    DraftFactory,
    SeriesFactory,
)
from tests.pictures import photo
from tests.uploads import dominant, leaked_metadata, phone_webp, stored_image

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


def form_data(**overrides):
    """What the admin's add form posts for a conversation, with no exchanges yet."""
    data = {
        "title": "Earning authority with peers",
        "slug": "earning-authority-with-peers",
        "kind": "conversation",
        "summary": "Peter Quinn on speaking the language of his peers.",
        "body": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "interviewee_name": "Peter Quinn",
        "interviewee_title": "Chief Customer Officer",
        "interviewee_organisation": "Lawson",
        "interviewer": "",
        "introduction": "<p>Intro</p>",
        "series": "",
        "part_number": "",
        "source_name": "",
        "source_url": "",
        "author_links-TOTAL_FORMS": "0",
        "author_links-INITIAL_FORMS": "0",
        "exchanges-TOTAL_FORMS": "0",
        "exchanges-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def with_exchanges(data, *exchanges):
    data["exchanges-TOTAL_FORMS"] = str(len(exchanges))
    for i, (speaker, text) in enumerate(exchanges):
        data[f"exchanges-{i}-speaker"] = speaker
        data[f"exchanges-{i}-text"] = text
        data[f"exchanges-{i}-position"] = str(i + 1)
    return data


def errors_of(response):
    form = response.context["adminform"].form
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    for formset in response.context["inline_admin_formsets"]:
        errors += formset.formset.non_form_errors()
    return [str(e) for e in errors]


def test_editor_creates_conversation_with_exchanges(editor_client, editor):
    author = AuthorFactory(name="Council Director")
    data = with_exchanges(
        form_data(status="published", interviewer=str(author.pk)),
        ("interviewer", "<p>What made peers listen?</p>"),
        ("interviewee", "<p>Speaking their <strong>language</strong>.<script>x</script></p>"),
    )
    data.update(
        {
            "author_links-TOTAL_FORMS": "1",
            "author_links-0-author": str(author.pk),
            "author_links-0-position": "0",
            "tags": ["Authority", "peer collaboration"],
            "published_at_0": "2024-03-01",
            "published_at_1": "09:00:00",
        }
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get(slug="earning-authority-with-peers")
    assert article.updated_by == editor
    assert article.created_by == editor
    assert article.author_list == [author]
    assert sorted(article.tags.names()) == ["Authority", "peer collaboration"]
    assert list(article.exchanges.values_list("speaker", "text")) == [
        ("interviewer", "<p>What made peers listen?</p>"),
        ("interviewee", "<p>Speaking their <strong>language</strong>.</p>"),
    ]
    assert "languag" in article.search_vector
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_published_conversation_needs_exchanges_or_body(editor_client):
    response = editor_client.post(ADD_URL, form_data(status="published"))
    assert response.status_code == 200
    assert errors_of(response) == [
        "A published conversation needs its exchanges (or a body instead): add at least one "
        "exchange below, or save it as a draft."
    ]
    assert not Article.objects.exists()


def test_draft_conversation_may_have_no_exchanges(editor_client):
    response = editor_client.post(ADD_URL, form_data())
    assert response.status_code == 302
    assert Article.objects.get().status == "draft"


def test_published_article_needs_body(editor_client):
    response = editor_client.post(
        ADD_URL, form_data(kind="article", status="published", body="<p></p>")
    )
    assert response.status_code == 200
    assert "The body is empty: write it before publishing." in response.content.decode()


def test_part_number_taken_in_series_is_explained(editor_client):
    series = SeriesFactory()
    ArticleFactory(series=series, part_number=1)
    data = with_exchanges(
        form_data(series=str(series.pk), part_number="1"), ("interviewer", "<p>Q</p>")
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "That part number is already taken in this series." in response.content.decode()


def test_duplicate_slug_is_explained(editor_client):
    ArticleFactory(slug="earning-authority-with-peers")
    response = editor_client.post(ADD_URL, form_data())
    assert response.status_code == 200
    assert "Another library item already uses this slug" in response.content.decode()


def test_new_tag_typed_in_another_case_joins_existing(editor_client):
    existing = Tag.objects.create(name="CX", slug="cx")
    response = editor_client.post(ADD_URL, form_data(tags=["cx", str(existing.pk)]))
    assert response.status_code == 302
    assert list(Article.objects.get().tags.all()) == [existing]


def test_tag_autocomplete_answers(editor_client):
    ArticleFactory(tags=["Crisis response", "CX"])
    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "cri"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Crisis response"]


def test_changelist_with_search_filters_and_date_hierarchy(editor_client):
    ArticleFactory(title="Borrowed Authority")
    DraftFactory(title="Unfinished")
    ArticleFactory(title="Later", published_at=timezone.now() + datetime.timedelta(days=3))
    response = editor_client.get("/admin/articles/article/", {"q": "borrowed"})
    assert response.status_code == 200
    assert [a.title for a in response.context["cl"].result_list] == ["Borrowed Authority"]
    response = editor_client.get("/admin/articles/article/")
    model_admin = response.context["cl"].model_admin
    states = {a.title: model_admin.state(a) for a in response.context["cl"].result_list}
    assert states == {
        "Borrowed Authority": "Published",
        "Unfinished": "Draft",
        "Later": "Scheduled",
    }
    assert '<nav class="toplinks">' in response.content.decode()


def test_publish_and_unpublish_actions(editor_client, editor):
    draft = DraftFactory()
    empty = DraftFactory(body="")
    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [draft.pk, empty.pk]},
        follow=True,
    )
    assert "these have an empty body" in response.content.decode()
    draft.refresh_from_db()
    empty.refresh_from_db()
    assert (draft.status, empty.status) == ("published", "draft")
    assert draft.updated_by == editor
    editor_client.post(
        "/admin/articles/article/",
        {"action": "unpublish_selected", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_change_form_has_preview_and_exchange_inline(editor_client):
    conversation = ConversationFactory()
    Exchange.objects.create(article=conversation, speaker="interviewer", text="<p>Q</p>")
    html = editor_client.get(f"/admin/articles/article/{conversation.pk}/change/").content.decode()
    assert f'href="{conversation.get_preview_url()}">Preview</a>' in html
    assert 'name="exchanges-0-position"' in html
    assert "prose-editor" in html


@pytest.mark.parametrize(
    "url",
    ["/admin/articles/author/", "/admin/articles/series/", "/admin/articles/exchange/"],
)
def test_other_changelists_load(editor_client, url):
    AuthorFactory()
    SeriesFactory()
    assert editor_client.get(url).status_code == 200


def test_editors_group_created_by_migration():
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name="Editors").exists()


def test_admin_edit_reaches_search_and_cached_pages(editor_client, client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = settings.PDF_VERSION_SECONDS = 60
    article = ConversationFactory(title="Earning authority", slug="earning-authority-with-peers")
    assert "Earning authority" in client.get("/library/").content.decode()
    data = with_exchanges(
        form_data(status="published", published_at_0="2026-01-01", published_at_1="09:00:00"),
        ("interviewer", "<p>What made peers listen?</p>"),
    )
    data["title"] = "Quillfeather on peers"
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, errors_of(response)
    assert "Quillfeather on peers" in client.get("/library/").content.decode()
    article.refresh_from_db()
    assert "quillfeath" in article.search_vector


def test_admin_author_rename_reaches_items_search(editor_client):
    author = AuthorFactory(name="Ann Before", slug="ann-before")
    article = ArticleFactory(authors=[author])
    response = editor_client.post(
        f"/admin/articles/author/{author.pk}/change/",
        {
            "name": "Zebediah Quillfeather",
            "slug": "ann-before",
            "job_title": "",
            "organisation": "",
            "bio": "",
            "link": "",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert "quillfeath" in article.search_vector


def test_taggit_tag_rename_reaches_items_search():
    article = ArticleFactory(tags=["Retention"])
    tag = Tag.objects.get(name="Retention")
    tag.name = "Quillfeather metrics"
    tag.save()
    article.refresh_from_db()
    assert "quillfeath" in article.search_vector


def test_control_character_in_title_is_a_form_error_and_nothing_is_saved(editor_client):
    response = editor_client.post(ADD_URL, form_data(title="Quarterly\x1b[2J review"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title"] == [
        "Remove the invisible control character U+001B at character 10: it cannot be shown, "
        "or sent in feeds and e-mails."
    ]
    assert Article.objects.count() == 0


def test_line_break_in_title_is_a_form_error(editor_client):
    response = editor_client.post(ADD_URL, form_data(title="Earning\r\nauthority"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title"] == [
        "This field holds a single line: remove the line break or tab at character 8."
    ]
    assert Article.objects.count() == 0


def test_control_character_in_summary_is_a_form_error_line_breaks_are_not(editor_client):
    response = editor_client.post(ADD_URL, form_data(summary="First line\r\nsecond\ufffe"))
    assert response.context["adminform"].form.errors["summary"] == [
        "Remove the character U+FFFE at character 19: it is not a character that text may hold."
    ]
    response = editor_client.post(ADD_URL, form_data(summary="First line\r\nsecond line"))
    assert response.status_code == 302
    assert Article.objects.get().summary == "First line\r\nsecond line"


def test_control_character_in_a_new_tag_is_a_form_error(editor_client):
    response = editor_client.post(ADD_URL, form_data(tags=["Fine", "Bad\x07tag"]))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["tags"] == [
        "Remove the invisible control character U+0007 at character 4: it cannot be shown, "
        "or sent in feeds and e-mails."
    ]
    assert Article.objects.count() == 0
    assert Tag.objects.count() == 0


def test_rich_text_drops_control_characters_on_save(editor_client):
    response = editor_client.post(
        ADD_URL, form_data(introduction="<p>Pasted\x0b from\x1b a word\ufffe processor</p>")
    )
    assert response.status_code == 302
    assert Article.objects.get().introduction == "<p>Pasted from a word processor</p>"


def test_author_headshot_webp_is_stored_without_exif_or_xmp(editor_client):
    headshot = SimpleUploadedFile("jane.webp", phone_webp(), "image/webp")
    response = editor_client.post(
        "/admin/articles/author/add/",
        {"name": "Jane Doe", "slug": "jane-doe", "headshot": headshot, "headshot_decorative": "on"},
    )
    assert response.status_code == 302
    data, image = stored_image(Author.objects.get(slug="jane-doe").headshot.name)
    assert (image.format, image.size, dict(image.getexif())) == ("WEBP", (40, 20), {})
    assert sorted(image.info) == ["background", "loop"]  # what Pillow reads from any WebP
    assert leaked_metadata(data) == []
    assert (dominant(image.getpixel((5, 10))), dominant(image.getpixel((35, 10)))) == (
        "red",
        "blue",
    )


def test_a_cover_without_a_description_is_a_form_error_beside_it(editor_client):
    cover = SimpleUploadedFile("cover.jpg", photo((900, 600)), "image/jpeg")

    response = editor_client.post(ADD_URL, form_data(cover_image=cover))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "cover_image_alt": [
            "Describe what the picture shows for readers who cannot see it, or tick "
            "“decorative” if the text beside it says it all."
        ]
    }
    assert Article.objects.count() == 0


def test_an_uploaded_cover_is_prepared_by_a_job_then_its_focal_point_can_be_set(
    editor_client, run_queued_jobs
):
    cover = SimpleUploadedFile("cover.jpg", photo((900, 600)), "image/jpeg")
    response = editor_client.post(
        ADD_URL,
        form_data(cover_image=cover, cover_image_alt="Peter Quinn at his desk"),
        follow=True,
    )
    article = Article.objects.get()
    assert [str(message) for message in response.context["messages"]][0] == (
        "The picture is being prepared for the site (sizes for phones and large screens, the "
        "crop around its focal point); it appears on the site in a few seconds."
    )
    assert (article.cover.ready, run_queued_jobs()) == (False, {"pictures.make_renditions": None})

    page = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    article.refresh_from_db()
    preview = article.cover.rendition("fit", width=640)
    assert (
        '<div class="focal-point" data-focus-x="id_cover_image_focus_x" '
        'data-focus-y="id_cover_image_focus_y">'
    ) in page
    assert f'<img src="{preview.url}" width="640" height="427" alt="">' in page
    assert (
        '<input type="number" name="cover_image_focus_x" value="0.5" min="0.0" max="1.0" '
        'step="0.01"'
    ) in page

    # A click on the picture fills in these two fields (static/js/focal-point.js).
    made_for_the_middle = article.cover.data["key"]
    data = form_data(cover_image_alt="Peter Quinn at his desk", cover_image_focus_x="0.25")
    editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    run_queued_jobs()
    article.refresh_from_db()
    assert (article.cover_image_focus_x, article.cover.ready) == (0.25, True)
    assert article.cover.data["key"] != made_for_the_middle
