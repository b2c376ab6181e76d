import django_filters
from django import forms
from taggit.models import Tag

from articles.models import Article, Author, Series


def published_tags():
    """Tags of published items only: a draft's tags are not shown to the public."""
    return Tag.objects.filter(article__in=Article.objects.published()).distinct().order_by("name")


def published_years():
    years = Article.objects.published().dates("published_at", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in years]


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
        queryset=Author.objects.all(),
        empty_label="Any author",
    )
    series = django_filters.ModelChoiceFilter(
        label="Series",
        to_field_name="slug",
        queryset=Series.objects.all(),
        empty_label="Any series",
    )
    year = django_filters.ChoiceFilter(
        label="Year",
        field_name="published_at",
        lookup_expr="year",
        choices=published_years,
        empty_label="Any year",
    )

    class Meta:
        model = Article
        fields = ["kind", "tag", "author", "series", "year"]

    @property
    def active(self) -> bool:
        """Whether any filter is applied."""
        return self.is_valid() and any(self.form.cleaned_data.get(name) for name in self.filters)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search the library", required=False, strip=True)

    def clean_q(self):
        # Over-long queries are cut rather than refused; NUL never reaches here (middleware).
        return self.cleaned_data["q"][:200]
