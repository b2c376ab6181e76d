import django_filters
from django import forms
from django.db.models import Max, Min
from django.utils import timezone

from articles.models import Article, Author, Series
from articles.selectors import published_tags


def published_years():
    """Every year from the first published item to the last, newest first.

    Two index lookups (the first and the last date) rather than a scan for distinct years:
    a year in between with nothing in it simply lists nothing.
    """
    span = Article.objects.published().aggregate(
        first=Min("published_at"), last=Max("published_at")
    )
    if span["first"] is None:
        return []
    first, last = (timezone.localtime(span[key]).year for key in ("first", "last"))
    return [(str(year), str(year)) for year in range(last, first - 1, -1)]


class ArticleFilter(django_filters.FilterSet):
    """The library's filters. Every value lives in the URL, so a filtered view can be shared.

    An unknown value (a kind, tag, author or series that does not exist, a year with nothing
    published) makes the form invalid; the views answer 400 and show the form's errors.
    """

    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Article.Kind.choices, empty_label="Any kind"
    )
    tag = django_filters.ModelChoiceFilter(
        label="Tag",
        field_name="tags",
        to_field_name="slug",
        queryset=lambda request: published_tags(),
        empty_label="Any tag",
    )
    author = django_filters.ModelChoiceFilter(
        label="Author",
        field_name="author_links__author",
        to_field_name="slug",
        queryset=lambda request: Author.objects.published(),
        empty_label="Any author",
    )
    series = django_filters.ModelChoiceFilter(
        label="Series",
        to_field_name="slug",
        queryset=lambda request: Series.objects.published(),
        empty_label="Any series",
    )
    year = django_filters.ChoiceFilter(
        label="Year",
        field_name="published_at",
        lookup_expr="year",
        choices=published_years,
        empty_label="Any year",
    )

    access = django_filters.ChoiceFilter(
        label="Access",
        choices=[("open", "Open to all"), ("members", "Members only")],
        empty_label="Any access",
        method="filter_access",
    )

    class Meta:
        model = Article
        fields = ["kind", "tag", "author", "series", "year", "access"]

    def filter_access(self, queryset, name, value):
        return queryset.members_only() if value == "members" else queryset.open_access()

    @property
    def active(self) -> bool:
        """Whether any filter is applied."""
        return self.is_valid() and any(self.form.cleaned_data.get(name) for name in self.filters)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search the library", required=False, strip=True)

    def clean_q(self):
        # Over-long queries are cut rather than refused; NUL never reaches here (middleware).
        return self.cleaned_data["q"][:200]
