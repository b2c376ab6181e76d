from django import forms

from cco_council.core.validators import validate_multiline_text, validate_single_line
from media_relations.models import INQUIRY_MESSAGE_MAX, PHONE_VALIDATOR, Inquiry

HONEYPOT_FIELD = "website"


class InquiryForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=120)
    outlet = forms.CharField(label="Outlet", max_length=160, help_text="Publication or programme.")
    email = forms.EmailField(label="E-mail", max_length=254)
    phone = forms.CharField(label="Phone", max_length=40, required=False, help_text="Optional.")
    deadline = forms.DateField(
        label="Deadline",
        required=False,
        help_text="Optional: the date you need an answer by.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    topic = forms.ChoiceField(label="Topic", choices=Inquiry.Topic.choices)
    message = forms.CharField(
        label="Your question",
        max_length=INQUIRY_MESSAGE_MAX,
        validators=[validate_multiline_text],
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Up to {INQUIRY_MESSAGE_MAX:,} characters.",
    )
    # Humans never see this field (hidden by CSS, out of the tab order, hidden from screen
    # readers); form-filling bots do, and fill it.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "outlet", "email"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "name": "name",
                "outlet": "organization",
                "email": "email",
            }[name]
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")

    # Single-line fields: a line break has no business there, and collapsing it keeps it out
    # of anything later built from them (the e-mail subject). A journalist who pasted a name
    # over two lines gets it on one rather than an error; a control character, which no paste
    # of a name explains, is refused by the validator every model text field carries.
    def clean_name(self):
        return self._single_line("name")

    def clean_outlet(self):
        return self._single_line("outlet")

    def clean_phone(self):
        phone = self._single_line("phone")
        if phone:
            PHONE_VALIDATOR(phone)
        return phone

    def clean_message(self):
        return self.cleaned_data["message"].replace("\r\n", "\n").replace("\r", "\n")

    def _single_line(self, name):
        # Collapsed first, so only what no collapsing explains is left for the validator.
        value = " ".join(self.cleaned_data.get(name, "").split())
        if self.fields[name].required and not value:
            raise forms.ValidationError("This field is required.", code="required")
        validate_single_line(value)
        return value

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
