"""The download endpoints: /library/<slug>.pdf and /series/<slug>.pdf.

The public gets published items only (``Article.objects.published()``), with an ETag and a
Last-Modified from one cheap version query, so a repeat request is a 304 and a download is
served from the cache; a HEAD never builds a document. Editors (``articles.view_article``)
may add ``?preview=1`` to fetch any item, drafts included, built fresh and never stored in
the shared cache or by the browser.
"""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from articles.models import Article
from articles.pdf import cache as pdf_cache

PREVIEW_PERMISSION = "articles.view_article"


def _wants_preview(request) -> bool:
    return "preview" in request.GET


def _can_preview(request) -> bool:
    return request.user.is_staff and request.user.has_perm(PREVIEW_PERMISSION)


def _article_version(request, slug):
    """(id, version) of the published item, computed once per request; None if none."""
    if not hasattr(request, "_pdf_article_version"):
        request._pdf_article_version = (
            None
            if _wants_preview(request) and _can_preview(request)
            else pdf_cache.article_version(slug)
        )
    return request._pdf_article_version


def _series_version(request, slug):
    if not hasattr(request, "_pdf_series_version"):
        request._pdf_series_version = pdf_cache.series_version(slug)
    return request._pdf_series_version


def _etag(found) -> str | None:
    return f'"{found[1].key}"' if found else None


def _last_modified(found):
    return found[1].modified if found else None


def _pdf_response(request, data: bytes | None, *, filename: str) -> HttpResponse:
    if request.method == "HEAD" and data is None:
        # Nothing built yet: say what a GET would send, without building it (and without a
        # Content-Length of 0, which a streaming response leaves out).
        response = StreamingHttpResponse(iter(()), content_type="application/pdf")
    elif request.method == "HEAD":
        response = HttpResponse(content_type="application/pdf")
        response.headers["Content-Length"] = str(len(data))
    else:
        response = HttpResponse(data, content_type="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
@condition(
    etag_func=lambda request, slug: _etag(_article_version(request, slug)),
    last_modified_func=lambda request, slug: _last_modified(_article_version(request, slug)),
)
def article_pdf(request, slug):
    """The item as a PDF, or an editor's fresh preview of any item with ``?preview=1``."""
    if _wants_preview(request) and _can_preview(request):
        article = get_object_or_404(Article, slug=slug)
        data = None
        if request.method != "HEAD":
            from articles.pdf import build_article_pdf

            data = build_article_pdf(article)
        response = _pdf_response(request, data, filename=f"{slug}-preview.pdf")
        return _private(response)
    found = _article_version(request, slug)
    if found is None:
        raise Http404("No published item has this address.")
    pk, version = found
    if request.method == "HEAD":
        data = pdf_cache.cached_article_pdf(pk, version)
    else:
        data = pdf_cache.get_or_build_article_pdf(Article(pk=pk, slug=slug), version)
    response = _pdf_response(request, data, filename=f"{slug}.pdf")
    if _wants_preview(request):
        return _private(response)
    patch_cache_control(response, public=True, no_cache=True)
    return response


@require_safe
@condition(
    etag_func=lambda request, slug: _etag(_series_version(request, slug)),
    last_modified_func=lambda request, slug: _last_modified(_series_version(request, slug)),
)
def series_pdf(request, slug):
    """Every published part of a series in one PDF; 404 until one part is published."""
    found = _series_version(request, slug)
    if found is None:
        raise Http404("No series with published parts has this address.")
    series, version = found
    if request.method == "HEAD":
        data = pdf_cache.cached_series_pdf(series.pk, version)
    else:
        data = pdf_cache.get_or_build_series_pdf(series, version)
    response = _pdf_response(request, data, filename=f"{slug}.pdf")
    patch_cache_control(response, public=True, no_cache=True)
    return response
