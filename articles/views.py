from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def library(request):
    return render(request, "placeholder.html", {"title": "Library"})


article_detail = article_preview = author_detail = tag_detail = library
conversations = series_list = series_detail = library


# PDF downloads (owned by the PDF work)


@require_GET
def article_pdf(request, slug):
    raise Http404("No PDF yet.")


@require_GET
def series_pdf(request, slug):
    raise Http404("No PDF yet.")
