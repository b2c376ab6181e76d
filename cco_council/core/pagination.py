"""Page numbers in the URL, read one way on every list of the site."""

from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import render


class BadPageNumber(Exception):
    pass


def page_number(raw: str | None) -> int:
    """The page asked for: 1 when absent; BadPageNumber when not a positive whole number."""
    if raw is None or raw == "":
        return 1
    if not (raw.isascii() and raw.isdigit()) or int(raw[:12]) < 1:
        raise BadPageNumber(raw)
    if len(raw) > 9:  # more pages than could ever exist
        raise Http404("No such page.")
    return int(raw)


class DeferredJoinPaginator(Paginator):
    """Pages that stay fast deep into a long list.

    ``OFFSET 20000`` makes PostgreSQL fetch and discard twenty thousand full rows; here the
    page's ids are picked from the index alone and only those rows are fetched. With
    ``rows`` (a function of a list of ids returning the rows in that order), the ids are
    read first and the rows fetched by it; otherwise both happen in one query. With ``ids``
    too (a function of an offset and a limit returning the page's ids, for a list whose ids
    a statement of the caller's finds faster than the queryset), the ids come from it.
    """

    def __init__(self, *args, rows=None, ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.ids = ids

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.rows is not None:
            if self.ids is not None:
                ids = self.ids(bottom, top - bottom)
            else:
                ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
            return Page(self.rows(ids), number, self)
        ids = self.object_list.values("pk")[bottom:top]
        return Page(self.object_list.filter(pk__in=ids), number, self)


class PageNumberMixin:
    """For a ListView: a bad page number is a 400 that says why, a page past the end a 404."""

    paginator_class = DeferredJoinPaginator

    def dispatch(self, request, *args, **kwargs):
        # dispatch, not get: views that override get() must not bypass the check.
        try:
            return super().dispatch(request, *args, **kwargs)
        except BadPageNumber as error:
            message = (
                f"“{str(error)[:20]}” is not a page number. Pages are numbered 1, 2, 3 and so on; "
                "remove “page=” from the address to start at the first page."
            )
            return render(request, "400.html", {"message": message}, status=400)

    def paginate_queryset(self, queryset, page_size):
        number = page_number(self.request.GET.get("page"))
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        if number > paginator.num_pages:
            raise Http404("There is no page with that number.")
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()
