"""A reader downloads an item's PDF from its read page, in Chromium."""

import io

import pytest
from pypdf import PdfReader

from articles.models import Exchange
from tests.articles.factories import AuthorFactory, ConversationFactory, ExchangeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_downloads_the_pdf_from_the_read_page(live_server, page):
    interviewer = AuthorFactory(name="Curtis Bingham")
    talk = ConversationFactory(
        title="Earned authority through transparency",
        slug="earned-authority",
        interviewer=interviewer,
        authors=[interviewer],
        interviewee_name="Jay Topper",
    )
    ExchangeFactory(article=talk, speaker=Exchange.Speaker.INTERVIEWER, text="<p>Why open?</p>")
    ExchangeFactory(article=talk, speaker=Exchange.Speaker.INTERVIEWEE, text="<p>Trust.</p>")

    page.goto(live_server.url + talk.get_absolute_url())
    link = page.get_by_role("link", name="Download PDF")
    href = link.get_attribute("href")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    fetched = page.request.get(live_server.url + href)

    assert href == "/library/earned-authority.pdf"
    assert download.suggested_filename == "earned-authority.pdf"
    with open(download.path(), "rb") as downloaded:
        data = downloaded.read()
    assert fetched.status == 200
    assert fetched.headers["content-type"] == "application/pdf"
    assert fetched.body() == data
    assert data[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert reader.metadata.title == "Earned authority through transparency"
    for piece in ("Curtis Bingham Why open?", "Jay Topper Trust."):
        assert piece in text
