import django_filters
from django import forms

from articles.models import Article
from articles.selectors import filter_choices

ACCESS_CHOICES = [("open", "Open to all"), ("members", "Members only")]
# The filters whose choices are fixed, not the library's facets.
FIXED_CHOICES = {"kind": list(Article.Kind.choices), "access": ACCESS_CHOICES}


class ArticleFilter(django_filters.FilterSet):
    """The library's filters. Every value lives in the URL, so a filtered view can be shared.

    An unknown value (a kind, tag, author or series that does not exist or has nothing
    published, a year with nothing published) makes the form invalid; the views answer 400
    and show the form's errors. The tag, author, series and year choices are the library's
    facets (``selectors.filter_choices()``: one query on a small table), and a chosen value
    filters by its slug, so a filtered page costs no query to look the value up.
    """

    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Article.Kind.choices, empty_label="Any kind"
    )
    tag = django_filters.ChoiceFilter(label="Tag", method="filter_tag", empty_label="Any tag")
    # Credited or interviewing, as on the author's own page.
    author = django_filters.ChoiceFilter(
        label="Author", method="filter_author", empty_label="Any author"
    )
    series = django_filters.ChoiceFilter(
        label="Series", field_name="series__slug", empty_label="Any series"
    )
    year = django_filters.ChoiceFilter(
        label="Year", field_name="published_at", lookup_expr="year", empty_label="Any year"
    )

    access = django_filters.ChoiceFilter(
        label="Access",
        choices=ACCESS_CHOICES,
        empty_label="Any access",
        method="filter_access",
    )

    class Meta:
        model = Article
        fields = ["kind", "tag", "author", "series", "year", "access"]

    def filter_access(self, queryset, name, value):
        return queryset.members_only() if value == "members" else queryset.open_access()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.choices = {**FIXED_CHOICES, **filter_choices()}
        # Given to the form's own fields, once built: a choice list on the filter would be
        # deep-copied into every form, a thousand series and all.
        for name, field in self.form.fields.items():
            if name not in FIXED_CHOICES:
                field.choices = self.choices[name]

    def filter_tag(self, queryset, name, value):
        return queryset.with_tag(value)

    def filter_author(self, queryset, name, value):
        return queryset.by_author(value)

    def facet(self) -> tuple[str, str] | None:
        """The one facet the valid filters amount to (the whole library with none, a kind with
        only a kind, ...), whose count ``selectors.facet_count()`` knows; None for two or more."""
        chosen = [(name, value) for name, value in self.form.cleaned_data.items() if value]
        if len(chosen) > 1:
            return None
        if not chosen:
            return ("all", "")
        name, value = chosen[0]
        # Open or members-only is no facet: such a list is counted from scratch.
        return None if name == "access" else (name, value)

    def get_form_class(self):
        # django-filter builds a new form class for every filterset; these filters never
        # change, so one class serves every request (each form copies its fields as usual).
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    @property
    def active(self) -> bool:
        """Whether any filter is applied."""
        return self.is_valid() and any(self.form.cleaned_data.get(name) for name in self.filters)

    def options(self, name: str) -> list[tuple[str, str]]:
        """A filter's choices as its select lists them: the empty choice first."""
        return [("", self.filters[name].extra["empty_label"]), *self.choices[name]]


class SearchForm(forms.Form):
    q = forms.CharField(label="Search the library", required=False, strip=True)

    def clean_q(self):
        # Over-long queries are cut rather than refused; NUL never reaches here (middleware).
        return self.cleaned_data["q"][:200]
