"""core.forms.widget_html writes what Django's widget templates write, character for character."""

import pytest
from django import forms

from cco_council.core.forms import widget_html
from media_relations.forms import InquiryForm

BOUND = {
    "name": 'Dana "Reporter" <&>',
    "outlet": "",
    "email": "not-an-address",
    "phone": "+1 555 0100",
    "deadline": "2031-02-03",
    "topic": "nonsense",
    "message": "Line one\n<script>alert('x')</script> & more",
    "website": "",
}


@pytest.mark.parametrize("data", [None, BOUND, {**BOUND, "topic": "comment"}])
def test_inquiry_form_fields_are_written_as_django_writes_them(data):
    form = InquiryForm(data) if data is not None else InquiryForm()
    if data is not None:
        form.is_valid()
    for field in form:
        assert widget_html(field) == str(field), field.name


class Everything(forms.Form):
    grouped = forms.ChoiceField(
        choices=[("Fruit", [("a", "Apple"), ("b", "Banana")]), ("c", "Carrot & co")]
    )
    number = forms.IntegerField(initial=3)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="x")
    ticked = forms.BooleanField(required=False)
    many = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")])
    disabled = forms.CharField(disabled=True, initial="fixed")


@pytest.mark.parametrize("data", [None, {"grouped": "b", "number": "7", "many": ["2"]}])
def test_other_widgets_are_written_as_django_writes_them(data):
    form = Everything(data) if data is not None else Everything()
    for field in form:
        assert widget_html(field) == str(field), field.name
