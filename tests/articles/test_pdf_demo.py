"""Every PDF of the demo library, read back: no page of end matter alone, covers printed."""

import io

import pytest
from pypdf import PdfReader

from articles.models import Article, Series
from articles.pdf import build_article_pdf, build_series_pdf
from articles.pdf.cache import article_version
from tests.articles.test_pdf_document import pages_of_end_matter_alone
from tests.pictures import attach, photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo(seeded_demo):
    return seeded_demo


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def test_no_page_of_a_demo_pdf_holds_only_end_matter():
    # Members-only items too: the PDF members download.
    documents = {
        article.slug: build_article_pdf(article)
        for article in Article.objects.published().order_by("pk")
    }
    documents |= {
        f"series {series.slug}": build_series_pdf(series) for series in Series.objects.published()
    }

    alone = {}
    for name, data in documents.items():
        if pages := pages_of_end_matter_alone(read(data)):
            alone[name] = pages

    assert len(documents) > 40
    assert alone == {}


def test_every_demo_pdf_prints_its_cover_on_its_first_page():
    counts = {
        article.slug: len(read(build_article_pdf(article)).pages[0].images)
        for article in Article.objects.published()
    }

    assert counts == dict.fromkeys(counts, 1)


def test_a_new_cover_makes_a_new_pdf():
    article = Article.objects.published().filter(members_only=False).first()
    before = article_version(article.slug)[1].key

    attach(article, "cover_image", photo((1800, 1200), mark=(0.3, 0.3)), alt="Another cover")

    assert article_version(article.slug)[1].key != before
