"""PDF downloads of the library, built with reportlab's platypus.

- ``build_article_pdf(article) -> bytes`` and ``build_series_pdf(series) -> bytes`` build a
  document (no cache);
- ``articles.pdf.cache`` serves them from Django's cache, one entry per item holding the
  version it was built from;
- ``articles.pdf.views`` answers the download URLs.

reportlab and the fonts load on the first build, not on import, so a worker that only
answers cached downloads (or none) never pays for them.
"""

from django.conf import settings

__all__ = ["build_article_pdf", "build_series_pdf"]


def _options() -> dict:
    return {"site_url": settings.SITE_URL, "page_size": getattr(settings, "PDF_PAGE_SIZE", "")}


def build_article_pdf(article) -> bytes:
    """The PDF of one item, whatever its status (visibility is the caller's business)."""
    from articles.models import Article
    from articles.pdf import content
    from articles.pdf.document import render_item

    doc = content.article_doc(article.pk)
    if doc is None:
        raise Article.DoesNotExist(f"No library item has the id {article.pk}.")
    return render_item(doc, **_options())


def build_series_pdf(series) -> bytes:
    """One PDF of every published part of ``series``, in order, with a contents page."""
    from articles.pdf import content
    from articles.pdf.document import render_series

    return render_series(content.series_doc(series), **_options())
