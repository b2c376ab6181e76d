from html import escape

import django_filters
from django import forms
from django.utils.safestring import mark_safe

from articles.models import Article, Facet
from articles.selectors import filter_choices, filter_options

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

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, choices=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        # ``choices``: the facets' choices when the caller has them (else one query).
        self.choices = {**FIXED_CHOICES, **(filter_choices() if choices is None else choices)}
        # Given to the form's own fields, once built: a choice list on the filter would be
        # deep-copied into every form, a thousand series and all.
        for name, field in self.form.fields.items():
            if name not in FIXED_CHOICES:
                field.choices = self.choices[name]

    def filter_tag(self, queryset, name, value):
        return queryset.with_tag(value)

    def filter_author(self, queryset, name, value):
        return queryset.by_author(value)

    def get_form_class(self):
        # django-filter builds a new form class for every filterset; these filters never
        # change, so one class serves every request (each form copies its fields as usual).
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def options(self, name: str) -> list[tuple[str, str]]:
        """A filter's choices as its select lists them: the empty choice first."""
        return [("", self.filters[name].extra["empty_label"]), *self.choices[name]]


NAMES = tuple(ArticleFilter.base_filters)
LABELS = {name: ArticleFilter.base_filters[name].label for name in NAMES}
EMPTY_LABELS = {name: ArticleFilter.base_filters[name].extra["empty_label"] for name in NAMES}
FIXED_OPTIONS = {
    name: "".join(f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in pairs)
    for name, pairs in FIXED_CHOICES.items()
}


class LibraryFilters:
    """``ArticleFilter`` as a list page uses it: the same choices, the same rule for a valid
    value (one of the choices, exactly), the same form, without building the FilterSet
    unless a value is unknown or the ORM must filter.

    A FilterSet deep-copies its filters and builds its form for every request, and the form
    was written field by field through the template engine: together more than the page's
    queries. Here the facets' options come written (``selectors.filter_options()``), the
    chosen value marked, and the fields are written in Python as the template wrote them.
    When a value is unknown, ``ArticleFilter`` decides and its form gives the errors, so a
    400 says what the FilterSet says. ``hidden``: filters a list does not offer;
    ``searching``: whether the list is searched too (filters then go through the queryset).
    """

    def __init__(self, data, *, hidden=(), searching=False):
        self.data = data
        self.names = [name for name in NAMES if name not in hidden]
        self.hidden = hidden
        # What a select reads from the query: the last value of the parameter.
        self.values = {name: data.get(name) or "" for name in self.names}
        chosen = {name: value for name, value in self.values.items() if value}
        # The FilterSet filters the queryset where the statements cannot (see facets()): it
        # then needs the choices.
        self.pairs = "access" in chosen or (searching and bool(chosen))
        self.options = filter_options(
            {name: value for name, value in chosen.items() if name in Facet.CHOICES},
            pairs=self.pairs,
        )
        self.filterset = None
        self.errors = {}
        if all(self.offered(name, value) for name, value in chosen.items()):
            self.chosen = chosen
        else:
            self.pairs = True  # sent with an unknown value
            self.filterset = self.build(Article.objects.none())
            self.chosen = {}
            if self.filterset.is_valid():  # never, unless the two disagree
                self.chosen = {k: v for k, v in self.filterset.form.cleaned_data.items() if v}
            else:
                form = self.filterset.form
                self.errors = {name: form[name].errors for name in self.names if form[name].errors}

    def offered(self, name: str, value: str) -> bool:
        if name in FIXED_CHOICES:
            return any(value == choice for choice, _label in FIXED_CHOICES[name])
        return self.options[name].known

    def build(self, queryset) -> ArticleFilter:
        """The FilterSet of these values, given the choices already fetched."""
        choices = None  # not fetched: the FilterSet asks
        if self.pairs:
            choices = {kind: self.options[kind].choices for kind in Facet.CHOICES}
        filterset = ArticleFilter(self.data, queryset=queryset, choices=choices)
        for name in self.hidden:
            filterset.form.fields.pop(name, None)
            filterset.filters.pop(name, None)
        return filterset

    def is_valid(self) -> bool:
        return not self.errors

    @property
    def active(self) -> bool:
        """Whether any filter is applied."""
        return not self.errors and bool(self.chosen)

    def facet(self) -> tuple[str, str] | None:
        """The one facet the valid filters amount to (the whole library with none, a kind with
        only a kind, ...), whose count ``selectors.facet_count()`` knows; None for two or more."""
        if len(self.chosen) > 1:
            return None
        if not self.chosen:
            return ("all", "")
        ((name, value),) = self.chosen.items()
        # Open or members-only is no facet: such a list is counted from scratch.
        return None if name == "access" else (name, value)

    def facets(self) -> dict[str, str] | None:
        """The valid filters as facets (kind: slug) that ``selectors.filtered_count()`` and
        ``filtered_page_ids()`` combine; None with the access filter, which only the
        queryset knows (``Article.objects.members_only()``)."""
        if "access" in self.chosen:
            return None
        return dict(self.chosen)

    def queryset(self, queryset):
        """``queryset`` filtered by the FilterSet, for what the statements do not cover."""
        return self.build(queryset).qs if self.chosen else queryset

    def select_options(self, name: str) -> str:
        """The select's options, the chosen one (or the empty one) selected."""
        empty = f'<option value="">{escape(EMPTY_LABELS[name])}</option>'
        markup = empty + (FIXED_OPTIONS[name] if name in FIXED_OPTIONS else self.options[name].html)
        option = f'<option value="{escape(self.values[name])}">'
        return markup.replace(option, option[:-1] + " selected>", 1)

    def fields_html(self) -> str:
        """The form's selects, labels and errors, as the template wrote them field by field."""
        parts = []
        for name in self.names:
            label = escape(LABELS[name])
            errors = self.errors.get(name)
            invalid = f' aria-invalid="true" aria-describedby="id_{name}-errors"' if errors else ""
            listed = ""
            if errors:
                items = "".join(f"<li>{label}: {escape(str(error))}</li>" for error in errors)
                listed = f'<ul class="errorlist" id="id_{name}-errors">{items}</ul>'
            parts.append(
                f'\n          <label for="id_{name}">{label}</label>'
                f'\n          <select name="{name}" id="id_{name}"{invalid}>'
                f"{self.select_options(name)}</select>\n          {listed}\n        "
            )
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped

    def error_list(self) -> list[tuple[str, str]]:
        """(label, message) of every error, in the form's order."""
        return [(LABELS[name], error) for name, errors in self.errors.items() for error in errors]


class SearchForm(forms.Form):
    q = forms.CharField(label="Search the library", required=False, strip=True)

    def clean_q(self):
        # Over-long queries are cut rather than refused; NUL never reaches here (middleware).
        return self.cleaned_data["q"][:200]
