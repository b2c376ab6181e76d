"""Form widgets the editors' admin shares."""

from django import forms
from django.conf import settings


class SearchableSelect(forms.Select):
    """A select with a search box (the admin's own select2, started by
    editors/searchable-select.js): for long lists such as the world's time zones."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["class"] = (attrs.get("class", "") + " searchable-select").strip()
        attrs.setdefault("data-theme", "admin-autocomplete")
        return attrs

    @property
    def media(self):
        extra = "" if settings.DEBUG else ".min"
        return forms.Media(
            js=[
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                "admin/js/jquery.init.js",
                "editors/searchable-select.js",
            ],
            css={
                "screen": [
                    f"admin/css/vendor/select2/select2{extra}.css",
                    "admin/css/autocomplete.css",
                ]
            },
        )
