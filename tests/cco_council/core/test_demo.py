import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import User

from cco_council.core.demo import DemoDataError, aware, markdown_to_html, read_items, upsert


def test_markdown_to_html_paragraphs_headings_lists_and_quotes():
    text = """
## A heading

A paragraph written
over two lines.

1. **First,** one
2. Second, continued
   on the next line
- *A* bullet

> A quote
> that runs on.
>
> Its second paragraph.
### Smaller
"""
    assert markdown_to_html(text) == (
        "<h2>A heading</h2>"
        "<p>A paragraph written over two lines.</p>"
        "<ol><li><strong>First,</strong> one</li><li>Second, continued on the next line</li></ol>"
        "<ul><li><em>A</em> bullet</li></ul>"
        "<blockquote><p>A quote that runs on.</p><p>Its second paragraph.</p></blockquote>"
        "<h3>Smaller</h3>"
    )


def test_markdown_to_html_number_inside_a_paragraph_is_text():
    assert markdown_to_html("Founded in\n2014. It grew.") == "<p>Founded in 2014. It grew.</p>"


def test_markdown_to_html_markup_is_text():
    assert markdown_to_html('PG&E <script>alert("x")</script> <a href="javascript:x">') == (
        '<p>PG&amp;E &lt;script&gt;alert("x")&lt;/script&gt; &lt;a href="javascript:x"&gt;</p>'
    )


def test_markdown_to_html_empty_text_is_empty():
    assert markdown_to_html("\n  \n") == ""


def test_read_items_reads_toml_and_markdown_in_file_name_order(tmp_path):
    (tmp_path / "b-item.md").write_text('+++\ntitle = "B"\n+++\n\nThe body.\n')
    (tmp_path / "a-item.toml").write_text('title = "A"\nbody = "Short."\n')
    (tmp_path / "c-item.md").write_text("Only a body.\n")
    (tmp_path / "logo.png").write_bytes(b"not read")
    items = read_items(tmp_path, required={"body"}, optional={"title"})
    assert [(path.stem, item) for path, item in items] == [
        ("a-item", {"title": "A", "body": "Short."}),
        ("b-item", {"title": "B", "body": "\nThe body.\n"}),
        ("c-item", {"body": "Only a body.\n"}),
    ]


def test_read_items_refuses_a_misspelt_or_missing_key(tmp_path):
    (tmp_path / "item.toml").write_text('titel = "A"\n')
    with pytest.raises(DemoDataError) as error:
        read_items(tmp_path, required={"title"}, optional={"summary"})
    assert str(error.value) == (
        f"{tmp_path / 'item.toml'}: missing title; unknown titel (the keys are: summary, title)."
    )


def test_read_items_names_the_file_with_a_toml_error(tmp_path):
    (tmp_path / "item.toml").write_text('title = "A\n')
    with pytest.raises(DemoDataError) as error:
        read_items(tmp_path, required={"title"})
    assert str(error.value).startswith(f"{tmp_path / 'item.toml'}: ")


def test_aware_reads_a_local_time_in_the_given_zone():
    zone = "America/Los_Angeles"
    assert aware(datetime.datetime(2014, 4, 24, 8, 30), zone=zone) == datetime.datetime(
        2014, 4, 24, 8, 30, tzinfo=zoneinfo.ZoneInfo(zone)
    )


def test_aware_refuses_a_time_without_offset_or_zone():
    with pytest.raises(DemoDataError) as error:
        aware(datetime.datetime(2014, 9, 8, 9, 0), where="articles/x.md")
    assert str(error.value) == (
        "articles/x.md: datetime.datetime(2014, 9, 8, 9, 0) needs a date, a time and an offset, "
        "e.g. 2014-09-08T09:00:00-04:00."
    )


@pytest.mark.django_db
def test_upsert_saves_only_what_differs():
    lookup = {"username": "demo"}
    user, outcome = upsert(User, lookup, {"first_name": "Ann", "last_name": "Lee"})
    assert outcome == "created"
    last_login = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    User.objects.filter(pk=user.pk).update(last_login=last_login)  # a field upsert leaves alone
    assert upsert(User, lookup, {"first_name": "Ann", "last_name": "Lee"})[1] == ""
    assert upsert(User, lookup, {"first_name": "Anne", "last_name": "Lee"})[1] == "changed"
    assert User.objects.values_list("first_name", "last_name", "last_login").get() == (
        "Anne",
        "Lee",
        last_login,
    )
