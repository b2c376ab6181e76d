from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def library(request):
    return render(request, "placeholder.html", {"title": "Library"})


article_detail = article_preview = author_detail = tag_detail = library
conversations = series_list = series_detail = library


# PDF downloads (owned by the PDF work)


def article_pdf(request, slug):
    """/library/<slug>.pdf (GET and HEAD; ``?preview=1`` for editors): see articles.pdf.views."""
    # Imported here so that reportlab loads only in processes that serve PDFs.
    from articles.pdf import views as pdf_views

    return pdf_views.article_pdf(request, slug)


def series_pdf(request, slug):
    """/series/<slug>.pdf: every published part in one PDF; see articles.pdf.views."""
    from articles.pdf import views as pdf_views

    return pdf_views.series_pdf(request, slug)
