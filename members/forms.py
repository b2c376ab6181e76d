from django import forms

from cco_council.core.validators import validate_multiline_text, validate_single_line
from members.models import REASON_MAX, Member

HONEYPOT_FIELD = "website"


class SingleLineMixin:
    """One-line fields: a pasted line break is collapsed, a control character refused."""

    single_line_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.single_line_fields:
            if name in cleaned and isinstance(cleaned[name], str):
                value = " ".join(cleaned[name].split())
                try:
                    validate_single_line(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
                else:
                    cleaned[name] = value
        return cleaned


class ApplicationForm(SingleLineMixin, forms.Form):
    single_line_fields = ("name", "job_title", "company")

    name = forms.CharField(label="Your name", max_length=120)
    email = forms.EmailField(
        label="Work e-mail",
        max_length=254,
        help_text="We write to you here, and you sign in with it once you are a member.",
    )
    job_title = forms.CharField(label="Job title", max_length=160)
    company = forms.CharField(label="Company", max_length=160)
    link = forms.URLField(
        label="LinkedIn profile or website",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Optional: helps us see your role.",
    )
    reason = forms.CharField(
        label="Why do you want to join?",
        max_length=REASON_MAX,
        validators=[validate_multiline_text],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"A few sentences, up to {REASON_MAX:,} characters.",
    )
    # Hidden from people (CSS, tab order, screen readers); form-filling bots fill it.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete = {
            "name": "name",
            "email": "email",
            "job_title": "organization-title",
            "company": "organization",
            "link": "url",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value

    def clean_reason(self):
        return self.cleaned_data["reason"].replace("\r\n", "\n").replace("\r", "\n")

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


class ProfileForm(SingleLineMixin, forms.ModelForm):
    single_line_fields = ("name", "job_title", "company")

    class Meta:
        model = Member
        fields = ["name", "job_title", "company", "photo"]
        labels = {"name": "Your name", "job_title": "Job title"}


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["digest_opt_in"]
        labels = {"digest_opt_in": "Send me the weekly digest of new resources"}
        help_texts = {
            "digest_opt_in": "One e-mail a week, only when something new was published. Every "
            "digest has a one-click unsubscribe link."
        }


class CloseAccountForm(forms.Form):
    confirm = forms.CharField(
        label="Type CLOSE to confirm",
        max_length=20,
        help_text="Your profile, preferences and applications are deleted; this cannot be undone.",
    )

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().upper() != "CLOSE":
            raise forms.ValidationError("Type the word CLOSE to confirm.", code="confirm")
        return "CLOSE"
