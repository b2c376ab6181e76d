"""The one plain-text validator, and every text field of every model of ours carrying it."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django_prose_editor.fields import ProseEditorField

from cco_council.core.validators import (
    PlainTextValidator,
    validate_multiline_text,
    validate_single_line,
)

OUR_APPS = ["articles", "events", "media_relations", "cco_council"]


def error_of(validator, value):
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return caught.value.code, caught.value.messages


@pytest.mark.parametrize(
    "value", ["Customer success", "Zoë’s “summit” – 2027 🎉", "a b", "Ünïcödé\u00a0space"]
)
def test_ordinary_text_passes_both(value):
    validate_single_line(value)
    validate_multiline_text(value)


@pytest.mark.parametrize("value", ["line one\r\nline two", "a\tb", "para\u2029graph", "a\nb"])
def test_multiline_text_keeps_tabs_and_line_breaks(value):
    validate_multiline_text(value)


@pytest.mark.parametrize(
    "value", ["a\r\nX-Inject: 1", "a\nb", "a\rb", "a\tb", "a\u2028b", "a\u2029b", "a\x85b",
              "a\x0bb", "a\x0cb", "a\x1eb"],
)  # fmt: skip
def test_single_line_refuses_every_line_break_and_tab(value):
    assert error_of(validate_single_line, value) == (
        "line_break",
        ["This field holds a single line: remove the line break or tab at character 2."],
    )


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x1b", "\x7f", "\x80", "\x9b", "\x9f"])
@pytest.mark.parametrize("validator", [validate_single_line, validate_multiline_text])
def test_control_characters_are_refused_everywhere(validator, char):
    assert error_of(validator, f"Quarterly{char}[2J review") == (
        "control_character",
        [
            f"Remove the invisible control character U+{ord(char):04X} at character 10: it "
            "cannot be shown, or sent in feeds and e-mails."
        ],
    )


@pytest.mark.parametrize("char", ["\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe",
                                  "\U0010ffff", "\ud800"])  # fmt: skip
@pytest.mark.parametrize("validator", [validate_single_line, validate_multiline_text])
def test_noncharacters_and_surrogates_are_refused_everywhere(validator, char):
    assert error_of(validator, f"ab{char}") == (
        "invalid_character",
        [
            f"Remove the character U+{ord(char):04X} at character 3: it is not a character "
            "that text may hold."
        ],
    )


def test_validator_deconstructs_for_migrations():
    assert validate_single_line.deconstruct() == (
        "cco_council.core.validators.PlainTextValidator",
        (),
        {},
    )
    assert validate_multiline_text.deconstruct() == (
        "cco_council.core.validators.PlainTextValidator",
        (),
        {"multiline": True},
    )
    assert PlainTextValidator(multiline=True) == validate_multiline_text


def text_fields():
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.CharField | models.TextField):
                    yield pytest.param(field, id=f"{model._meta.label}.{field.name}")


@pytest.mark.parametrize("field", list(text_fields()))
def test_every_plain_text_field_has_the_validator(field):
    if isinstance(field, ProseEditorField):
        # Rich text: its sanitizer drops what the validator would refuse (pasted from word
        # processors, invisible, meaningless in HTML) rather than bouncing the editor's work.
        assert field.sanitize("<p>a\x1bb\ufffe\x85c\td</p>") == "<p>abc\td</p>"
        return
    if field.choices:
        # Kinds and statuses: only the listed values pass.
        return
    expected = (
        validate_multiline_text if isinstance(field, models.TextField) else validate_single_line
    )
    assert [v for v in field.validators if isinstance(v, PlainTextValidator)] == [expected]


def test_the_field_list_covers_every_app():
    labels = {param.values[0].model._meta.app_label for param in text_fields()}
    assert labels == set(OUR_APPS)
