"""The admin site as a whole: every one of our ModelAdmins opens and takes a post without a
500, for a superuser and for an editor; the site's branding and its index labels."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from taggit.models import Tag
from webtest.forms import File

from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    DraftFactory,
    ExchangeFactory,
    SeriesFactory,
)
from tests.events.factories import (
    EventFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
)
from tests.media_relations.factories import (
    CoverageFactory,
    InquiryFactory,
    MediaContactFactory,
    PressKitAssetFactory,
    PressReleaseFactory,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"articles", "events", "media_relations", "cco_council", "taggit"}


def tagged_article_tag():
    ArticleFactory(tags=["Customer experience"])
    return Tag.objects.get(name="Customer experience")


# One object of every model our admin registers, as an editor would find it.
OBJECTS = {
    "articles.article": lambda: ArticleFactory(authors=[AuthorFactory()], tags=["CX"]),
    "articles.author": AuthorFactory,
    "articles.exchange": ExchangeFactory,
    "articles.series": SeriesFactory,
    "events.event": EventFactory,
    "events.speaker": SpeakerFactory,
    "events.talk": lambda: TalkSpeakerFactory().talk,
    "events.talkspeaker": TalkSpeakerFactory,
    "media_relations.coverage": lambda: CoverageFactory(event=EventFactory()),
    "media_relations.inquiry": InquiryFactory,
    "media_relations.mediacontact": lambda: MediaContactFactory(is_primary=True),
    "media_relations.presskit": lambda: PressKitAssetFactory().kit,
    "media_relations.pressrelease": PressReleaseFactory,
    "taggit.tag": tagged_article_tag,
}

# Adding is refused, with a 403, where the admin says so: inquiries come only from the public
# form, and there is one press kit.
NO_ADD = {"media_relations.inquiry", "media_relations.presskit"}


def registered_models():
    return {
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and admin.site.is_registered(model)
    }


def test_every_registered_model_is_covered_below():
    assert registered_models() == set(OBJECTS)


def editable_fields(model) -> set[str]:
    """What an editor sets on a model: its editable fields, less those the database fills in."""
    return {
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and field.editable
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    }


def shown_fields(response) -> set[str]:
    """The fields a change form lets an editor set, and the models its inlines edit."""
    adminform = response.context["adminform"]
    inline_models = {formset.opts.model for formset in response.context["inline_admin_formsets"]}
    shown = set(adminform.form.fields) | set(adminform.readonly_fields)
    model = adminform.model_admin.model
    for field in model._meta.many_to_many:
        if field.remote_field.through in inline_models:
            shown.add(field.name)  # edited row by row in its inline
    return shown


@pytest.mark.parametrize("label", sorted(OBJECTS))
def test_every_editable_field_is_on_the_change_form(admin_client, label):
    obj = OBJECTS[label]()
    opts = obj._meta
    response = admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/")
    assert editable_fields(type(obj)) - shown_fields(response) == set()


@pytest.mark.parametrize("role", ["superuser", "editor"])
@pytest.mark.parametrize("label", sorted(OBJECTS))
def test_admin_pages_and_posts_never_answer_500(django_app, client, request, role, label):
    user = request.getfixturevalue(role)
    obj = OBJECTS[label]()
    app_label, model_name = label.split(".")
    base = f"/admin/{app_label}/{model_name}/"
    form_id = f"{model_name}_form"

    assert django_app.get(base, user=user).status_code == 200

    change = django_app.get(f"{base}{obj.pk}/change/", user=user)
    assert change.status_code == 200
    shown_values = {
        name: field.value
        for name, fields in change.forms[form_id].fields.items()
        for field in fields[:1]
        # The object's own fields: inline rows (prefixed "talks-0-") belong to it alone.
        if name and "-" not in name and not name.startswith(("_", "csrf"))
    }
    # The change form sent back as it was shown saves.
    saved = change.forms[form_id].submit("_save", index=0)
    assert (saved.status_code, saved["Location"]) == (302, base)

    add = django_app.get(base + "add/", user=user, expect_errors=True)
    client.force_login(user)
    empty = client.post(base + "add/", {})
    if label in NO_ADD:
        assert (add.status_code, empty.status_code) == (403, 403)
        return
    assert add.status_code == 200
    # A post with nothing in it, and the add form as first shown (its initial data), are
    # answered with the form and its errors.
    assert empty.status_code == 200
    assert empty.context["adminform"].form.errors != {}
    initial = add.forms[form_id].submit("_save", index=0, expect_errors=True)
    assert initial.status_code == 200
    assert initial.context["adminform"].form.errors != {}
    # The add form filled in with an existing object's values: a copy is saved, or the
    # editor is told what clashes (a slug in use); never a 500.
    copy_form = django_app.get(base + "add/", user=user).forms[form_id]
    for name, value in shown_values.items():
        if name in copy_form.fields and not isinstance(copy_form[name], File):
            copy_form[name].force_value(value)
    copied = copy_form.submit("_save", index=0, expect_errors=True)
    assert copied.status_code in {200, 302}


# Objects whose public page does not exist (yet): the admin offers no "View on site" for them.
WITHOUT_PUBLIC_PAGE = {
    "articles.article": lambda: DraftFactory(),
    "articles.author": AuthorFactory,  # nothing published
    "articles.series": lambda: DraftFactory(series=SeriesFactory(), part_number=1).series,
    "events.event": lambda: EventFactory(status="draft"),
    "events.speaker": lambda: TalkSpeakerFactory(talk__event__status="draft").speaker,
    "events.talk": lambda: TalkFactory(event__status="draft"),
    "media_relations.inquiry": InquiryFactory,  # never public
    "media_relations.pressrelease": lambda: PressReleaseFactory(status="draft"),
}


def change_page(client, obj):
    opts = obj._meta
    return client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/")


@pytest.mark.parametrize("label", sorted(OBJECTS))
def test_view_on_site_opens_a_public_page(admin_client, client, label):
    response = change_page(admin_client, OBJECTS[label]())
    if response.context["has_absolute_url"]:
        assert 'class="viewsitelink"' in response.content.decode()
        url = response.context["absolute_url"]
        if url.startswith("/admin/r/"):  # Django's own view-on-site redirect, for staff
            url = admin_client.get(url)["Location"]
        page = client.get(url, follow=True)
        # A public page, not the admin's login page.
        assert (page.status_code, page.request["PATH_INFO"].startswith("/admin/")) == (200, False)


@pytest.mark.parametrize("label", sorted(WITHOUT_PUBLIC_PAGE))
def test_no_view_on_site_without_a_public_page(admin_client, label):
    response = change_page(admin_client, WITHOUT_PUBLIC_PAGE[label]())
    assert response.context["has_absolute_url"] is False
    assert 'class="viewsitelink"' not in response.content.decode()


@pytest.mark.parametrize(
    ("label", "url"),
    [
        ("articles.article", lambda obj: f"/library/{obj.slug}/"),
        ("articles.author", lambda obj: f"/authors/{obj.slug}/"),
        ("articles.series", lambda obj: f"/series/{obj.slug}/"),
        ("events.event", lambda obj: f"/events/{obj.slug}/"),
        ("events.speaker", lambda obj: f"/speakers/{obj.slug}/"),
        ("events.talk", lambda obj: f"/events/{obj.event.slug}/#talk-{obj.pk}"),
        ("media_relations.pressrelease", lambda obj: f"/press/releases/{obj.slug}/"),
    ],
)
def test_view_on_site_of_published_objects(admin_client, label, url):
    obj = WITH_PUBLIC_PAGE[label]()
    response = change_page(admin_client, obj)
    assert response.context["absolute_url"] == url(obj)


WITH_PUBLIC_PAGE = {
    "articles.article": ArticleFactory,
    "articles.author": lambda: ArticleFactory(authors=[AuthorFactory()]).authors.get(),
    "articles.series": lambda: ArticleFactory(series=SeriesFactory(), part_number=1).series,
    "events.event": EventFactory,
    "events.speaker": lambda: TalkSpeakerFactory().speaker,
    "events.talk": TalkFactory,
    "media_relations.pressrelease": PressReleaseFactory,
}


def test_admin_is_branded_for_editors(editor_client):
    response = editor_client.get("/admin/")
    html = response.content.decode()
    assert "<title>Home | CCO Council editors</title>" in html
    assert '<div id="site-name"><a href="/admin/">CCO Council editors</a></div>' in html
    assert "Django administration" not in html
    assert "Django site admin" not in html
    login = Client().get("/admin/login/").content.decode()
    assert "<title>Log in | CCO Council editors</title>" in login


def test_admin_index_names_every_app_and_model(editor_client):
    response = editor_client.get("/admin/")
    index = [
        (app["name"], [model["name"] for model in app["models"]])
        for app in response.context["app_list"]
    ]
    assert index == [
        ("Background jobs", ["Procrastinate jobs"]),
        ("Events", ["Events", "Speakers", "Speakers on talks", "Talks"]),
        ("Members", ["Applications", "Closed accounts", "Digests", "Members"]),
        (
            "Press room",
            ["Coverage", "Inquiries", "Media contacts", "Press kit", "Press releases"],
        ),
        ("Resource library", ["Articles", "Authors", "Exchanges", "Series"]),
        ("Tags", ["Tags"]),
    ]
