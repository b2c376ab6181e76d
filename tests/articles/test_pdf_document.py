"""The converter and the document layout, over plain data (no database)."""

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from articles.pdf.document import ItemDoc, Person, SeriesDoc, Turn, render_item, render_series
from articles.pdf.html import ListBlock, Para, Quote, html_to_blocks, plain_paragraphs

SITE = "https://ccocouncil.example"

# The CVE-2023-33733 proof of concept; MARKER becomes a file it would create if it ran.
CVE_POC = (
    "<para><font color=\"[ [ getattr(pow,Word('__globals__'))['os'].system('touch MARKER') "
    "for Word in [orgTypeFun('Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: "
    "False, '__eq__': lambda self,x: self.mutate() and self.mutated < 0 and str(self) == x, "
    "'mutate': lambda self: {setattr(self, 'mutated', self.mutated - 1)}, '__hash__': "
    "lambda self: hash(str(self)) })] ] for orgTypeFun in [type(type(1))] ] and 'red'\">"
    "exploit</font></para>"
)
UNICODE = "Łódź, Győr, façade, Straße; Ελληνικά; Кириллица – — “quoted” ‘single’ … • end"


def read(data: bytes) -> PdfReader:
    assert data[:5] == b"%PDF-"
    return PdfReader(io.BytesIO(data))


def text_of(reader: PdfReader, *, footers: bool = False) -> str:
    """The document's text with whitespace runs collapsed (line breaks are layout, not text);
    without ``footers``, each page's footer (drawn last) is left out so text runs on."""
    pages = []
    for page in reader.pages:
        lines = page.extract_text().splitlines()
        if not footers and len(lines) >= 3 and lines[-1].startswith("Page "):
            lines = lines[:-3]
        pages.append(" ".join(lines))
    return " ".join(" ".join(pages).split())


def assert_in_order(text: str, expected: list[str]):
    position = 0
    for piece in expected:
        found = text.find(" ".join(piece.split()), position)
        assert found >= 0, f"{piece!r} missing (or out of order) after position {position}"
        position = found + 1


def outline_titles(reader: PdfReader) -> list[str]:
    titles = []

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)

    walk(reader.outline)
    return titles


def item(**overrides) -> ItemDoc:
    values = {
        "title": "Customer engagement models",
        "kind_label": "Article",
        "summary": "How three councils measure engagement.",
        "authors": [Person("Maria Lopez", "Chief Customer Officer, Northwind")],
        "date_text": "Published March 4, 2025",
        "body_html": "<p>First paragraph.</p><h2>Findings</h2><p>Second paragraph.</p>",
        "tags": ["engagement", "retention"],
        "url": f"{SITE}/library/customer-engagement-models/",
        "year": 2025,
    }
    values.update(overrides)
    return ItemDoc(**values)


# --- converter -------------------------------------------------------------------------------


def test_html_to_blocks_escapes_text_and_keeps_allowed_inline_markup():
    blocks = html_to_blocks(
        '<p>A &lt;b&gt; &amp; <strong>bold</strong> <em>it</em> <a href="https://x.org/?a=1&amp;b=2">'
        "link</a><br>next</p>"
    )

    assert blocks == [
        Para(
            markup='A &lt;b&gt; &amp; <b>bold</b> <i>it</i> <a href="https://x.org/?a=1&amp;b=2" '
            'color="#1d4e89">link</a><br/>next',
            text="A <b> & bold it link next",
        )
    ]


def test_html_to_blocks_drops_attributes_images_and_unsafe_links():
    blocks = html_to_blocks(
        '<p style="color:red"><font color="red" face="x">f</font> <img src="/etc/passwd"> '
        '<a href="javascript:alert(1)">js</a> <a href="file:///etc/passwd">file</a> '
        '<a href="mailto:press@example.org">mail</a></p>'
    )

    assert blocks == [
        Para(
            markup='f js file <a href="mailto:press@example.org" color="#1d4e89">mail</a>',
            text="f js file mail",
        )
    ]


def test_html_to_blocks_nested_lists_quotes_and_headings():
    blocks = html_to_blocks(
        "<h2>Head</h2><ul><li>one<ol start='3'><li>inner</li></ol></li><li>two</li></ul>"
        "<blockquote><p>quoted</p></blockquote><h4>Small</h4>"
    )

    assert blocks == [
        Para(markup="Head", text="Head", heading=2),
        ListBlock(
            ordered=False,
            items=[
                [
                    Para(markup="one", text="one"),
                    ListBlock(ordered=True, start=3, items=[[Para(markup="inner", text="inner")]]),
                ],
                [Para(markup="two", text="two")],
            ],
        ),
        Quote(blocks=[Para(markup="quoted", text="quoted")]),
        Para(markup="Small", text="Small", heading=4),
    ]


@pytest.mark.parametrize(
    "html",
    [
        "<p>unclosed <b>bold <i>both",
        "</p></b></ul></li></blockquote>stray closers",
        "<li>item without a list<li>another",
        "<ul>" * 200 + "<li>deep",
        "<blockquote>" * 100 + "deep quote",
        "<p>a <a href='https://x.org'>link <a href='https://y.org'>nested</a> after</p>",
        "<b><i></b></i>crossed",
        "<p>\x00\x01\x0b control \ud800 characters</p>",
        "<script>alert(1)</script><p>after script</p>",
        "text < not a tag & > also not",
    ],
)
def test_html_to_blocks_malformed_input_gives_markup_reportlab_accepts(html):
    blocks = html_to_blocks(html)

    def paragraphs(blocks):
        for block in blocks:
            if isinstance(block, Para):
                yield block
            elif isinstance(block, Quote):
                yield from paragraphs(block.blocks)
            else:
                for entry in block.items:
                    yield from paragraphs(entry)

    found = list(paragraphs(blocks))
    assert found
    for para in found:
        Paragraph(para.markup)  # raises ValueError on markup it cannot parse


def test_html_to_blocks_script_content_is_dropped_as_the_sanitizer_does():
    assert plain_paragraphs(html_to_blocks("<script>alert(1)</script><p>after</p>")) == ["after"]


def test_html_to_blocks_empty():
    assert html_to_blocks("") == []
    assert html_to_blocks(None) == []
    assert html_to_blocks("<p> </p><p></p>") == []


# --- document --------------------------------------------------------------------------------


def test_render_item_prints_front_matter_body_and_end_in_order():
    reader = read(
        render_item(
            item(
                series_line="Part 2 of 3 \u00b7 Engagement in practice",
                source_outlet="Harvard Business Review",
                source_url="https://hbr.example/engagement",
            ),
            site_url=SITE,
        )
    )

    assert_in_order(
        text_of(reader),
        [
            "CCO Council",
            "Article",
            "Customer engagement models",
            "How three councils measure engagement.",
            "Maria Lopez, Chief Customer Officer, Northwind",
            "Published March 4, 2025",
            "Part 2 of 3 \u00b7 Engagement in practice",
            "First paragraph.",
            "Findings",
            "Second paragraph.",
            "Originally published at Harvard Business Review: https://hbr.example/engagement",
            "Tags: engagement, retention",
        ],
    )
    assert_in_order(
        text_of(reader, footers=True),
        [
            "Tags: engagement, retention",
            "https://ccocouncil.example",
            "\u00a9 2025 CCO Council. All rights reserved.",
            "Page 1 of 1",
        ],
    )


def test_render_item_sets_metadata_and_language():
    reader = read(render_item(item(), site_url=SITE))

    assert reader.metadata.title == "Customer engagement models"
    assert reader.metadata.author == "Maria Lopez"
    assert reader.metadata.subject == "How three councils measure engagement."
    assert reader.metadata["/Keywords"] == "engagement, retention"
    assert reader.metadata.creator == "CCO Council library (reportlab)"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


def test_render_item_numbers_every_page_of_a_long_article():
    body = "".join(f"<p>Paragraph {n} " + "word " * 120 + "</p>" for n in range(60))
    reader = read(render_item(item(body_html=body), site_url=SITE))

    total = len(reader.pages)
    assert total > 5
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {total}" in page.extract_text()


def test_render_item_outline_holds_title_and_headings():
    body = "<h2>One</h2><p>a</p><h3>One point one</h3><p>b</p><h4>Deeper</h4><h2>Two</h2><p>c</p>"
    reader = read(render_item(item(body_html=body), site_url=SITE))

    assert outline_titles(reader) == [
        "Customer engagement models",
        "One",
        "One point one",
        "Deeper",
        "Two",
    ]


def test_render_item_links_are_clickable():
    reader = read(
        render_item(
            item(body_html='<p>See <a href="https://example.org/report">it</a>.</p>'), site_url=SITE
        )
    )

    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/A", {}).get("/URI")
    ]
    assert "https://example.org/report" in uris


def test_render_item_unicode_round_trips():
    reader = read(
        render_item(
            item(
                title=f"Title {UNICODE}",
                summary=UNICODE,
                authors=[Person("Łukasz Żółć", "Directeur, Société Générale")],
                body_html=f"<p>{UNICODE}</p><p><b>{UNICODE}</b> <i>{UNICODE}</i></p>",
            ),
            site_url=SITE,
        )
    )

    text = text_of(reader)
    assert text.count(UNICODE) == 5
    assert "Łukasz Żółć, Directeur, Société Générale" in text
    assert reader.metadata.title == f"Title {UNICODE}"


def test_render_item_characters_without_a_glyph_become_replacement_characters():
    # Ethiopic and Gothic: no face of ours draws them.
    reader = read(
        render_item(
            item(title="Growth \u1230\u120b\u121d plan", body_html="<p>Up \U00010330 ok</p>"),
            site_url=SITE,
        )
    )

    text = text_of(reader)
    assert "Growth \ufffd\ufffd\ufffd plan" in text
    assert "Up \ufffd ok" in text


def test_render_item_conversation_sets_turns_apart_in_order():
    turns = [
        Turn("Dana Reyes", True, "<p>What changed first?</p>"),
        Turn("Sam Okafor", False, "<p>We listened.</p><ul><li>Calls</li><li>Surveys</li></ul>"),
        Turn("Dana Reyes", True, "<p>And then?</p>"),
        Turn("Sam Okafor", False, "<p>We acted on it.</p>"),
    ]
    reader = read(
        render_item(
            item(
                kind_label="Conversation",
                interviewee=Person("Sam Okafor", "Chief Customer Officer, Contoso"),
                interviewer="Dana Reyes",
                introduction_html="<p>An introduction.</p>",
                body_html="",
                turns=turns,
            ),
            site_url=SITE,
        )
    )

    assert_in_order(
        text_of(reader),
        [
            "Conversation",
            "Customer engagement models",
            "A conversation with Sam Okafor, Chief Customer Officer, Contoso at the time of the "
            "interview",
            "Interviewed by Dana Reyes",
            "An introduction.",
            "Dana Reyes",
            "What changed first?",
            "Sam Okafor",
            "We listened.",
            "Calls",
            "Surveys",
            "Dana Reyes",
            "And then?",
            "Sam Okafor",
            "We acted on it.",
        ],
    )


@pytest.mark.parametrize(
    "body",
    [
        "",
        "<p>" + "x" * 5000 + "</p>",
        "<ul>" + "".join(f"<li>Row {n}</li>" for n in range(300)) + "</ul>",
        "<p>" + " ".join(["word"] * 10_000) + "</p>",
        "<ul>" * 200 + "<li>deep" + "</ul>" * 3,
        "<p>unclosed <b>bold <i>both <a href='https://x.org'>link",
        "<h2>" + "Long heading " * 200 + "</h2>",
    ],
    ids=[
        "empty",
        "long-word",
        "300-rows",
        "10000-words",
        "deep-nesting",
        "unclosed",
        "huge-heading",
    ],
)
def test_render_item_hostile_or_huge_bodies_give_valid_pdfs(body):
    reader = read(render_item(item(body_html=body), site_url=SITE))

    assert len(reader.pages) >= 1
    assert "Customer engagement models" in reader.pages[0].extract_text()


def test_render_item_wraps_a_5000_character_word():
    word = "abcdefghij" * 500
    reader = read(render_item(item(body_html=f"<p>{word}</p>"), site_url=SITE))

    assert word in "".join(text_of(reader).split())


def test_render_item_prints_injection_payloads_literally_and_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    poc = CVE_POC.replace("MARKER", str(marker))
    payloads = [poc, "<img src=/etc/passwd>", "<script>alert(1)</script>"]
    as_html_text = "".join(
        f"<p>{p.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</p>"
        for p in payloads
    )
    reader = read(
        render_item(
            item(
                title=poc,
                summary=" ".join(payloads),
                authors=[Person("<img src=/etc/passwd>", poc)],
                body_html=as_html_text,
                tags=["<script>alert(1)</script>"],
                source_outlet=poc,
                turns=[Turn(poc, True, as_html_text)],
            ),
            site_url=SITE,
        )
    )

    text = text_of(reader)
    assert not marker.exists()
    assert text.count("exploit</font></para>") >= 5
    assert "<img src=/etc/passwd>" in text
    assert "<script>alert(1)</script>" in text
    assert reader.metadata.title == poc


def test_render_item_a4_and_letter_page_sizes():
    letter = read(render_item(item(), site_url=SITE, page_size="letter"))
    a4 = read(render_item(item(), site_url=SITE, page_size="A4"))

    assert [round(float(v)) for v in letter.pages[0].mediabox.upper_right] == [612, 792]
    assert [round(float(v)) for v in a4.pages[0].mediabox.upper_right] == [595, 842]


def test_render_series_has_contents_and_a_bookmark_per_part():
    parts = [
        item(
            title=f"Part title {n}",
            part_number=n,
            body_html=f"<h2>Section {n}</h2><p>Body {n}.</p>",
        )
        for n in (1, 2, 3)
    ]
    reader = read(
        render_series(
            SeriesDoc(
                title="Engagement in practice", description_html="<p>Three parts.</p>", parts=parts
            ),
            site_url=SITE,
        )
    )

    text = text_of(reader)
    first_page = " ".join(reader.pages[0].extract_text().split())
    assert "Contents" in first_page
    for n in (1, 2, 3):
        assert f"Part title {n}" in first_page
    assert_in_order(
        text,
        [
            piece
            for n in (1, 2, 3)
            for piece in (f"Part {n} \u00b7 Article", f"Part title {n}", f"Body {n}.")
        ],
    )
    assert outline_titles(reader) == [
        "Engagement in practice",
        "Part title 1",
        "Section 1",
        "Part title 2",
        "Section 2",
        "Part title 3",
        "Section 3",
    ]
    assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()


# --- scripts -----------------------------------------------------------------------------------

# A name and a title in each script the council's members write in.
SCRIPTS = {
    "chinese": ("王小明", "客户体验战略"),
    "japanese": ("山田花子", "顧客体験の戦略"),
    "korean": ("김민준", "고객 경험 전략"),
    "arabic": ("ليلى حداد", "استراتيجية تجربة العملاء"),
    "hebrew": ("נועה כהן", "אסטרטגיית חוויית לקוח"),
    "thai": ("สมชาย ใจดี", "กลยุทธ์ประสบการณ์ลูกค้า"),
    "emoji": ("Ana \U0001f680", "Growth \U0001f4c8 plan \U0001f44d"),
}
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def lines_of(reader: PdfReader) -> list[str]:
    """Each page's lines, NFKC-normalised (Arabic is drawn in presentation forms) and stripped
    (pypdf starts a right-aligned line with a space)."""
    return [
        unicodedata.normalize("NFKC", line).strip()
        for page in reader.pages
        for line in page.extract_text().splitlines()
    ]


def script_item(name: str, title: str) -> ItemDoc:
    return item(
        title=title,
        kind_label="Conversation",
        summary="",
        date_text="",
        authors=[Person(name)],
        body_html=f"<p>{title}</p>",
        turns=[Turn(name, False, f"<p>{title}</p>")],
    )


@pytest.mark.parametrize("name,title", SCRIPTS.values(), ids=SCRIPTS.keys())
def test_render_item_scripts_read_back_as_written(name, title):
    reader = read(render_item(script_item(name, title), site_url=SITE))

    lines = lines_of(reader)
    start = lines.index(unicodedata.normalize("NFKC", title))
    # title, author, body, speaker, what the speaker says
    assert lines[start : start + 5] == [title, name, title, name, title]
    assert reader.metadata.title == title
    assert reader.metadata.author == name
    assert outline_titles(reader) == [title]


def test_render_item_right_to_left_paragraph_breaks_lines_in_reading_order():
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    words = [f"كلمة{first}{second}" for first in letters[:3] for second in letters]
    reader = read(render_item(item(body_html=f"<p>{' '.join(words)}</p>"), site_url=SITE))

    lines = [line for line in lines_of(reader) if "كلمة" in line]
    assert len(lines) >= 3
    # pypdf gives each line back in reading order: the paragraph's words, first line first.
    assert " ".join(lines).split() == words


def test_render_item_right_to_left_with_a_latin_name_and_a_number_inside():
    text = "قال Maria Lopez إن 42 عضوا حضروا"
    reader = read(render_item(item(body_html=f"<p>{text}</p>"), site_url=SITE))

    # Drawn right to left, with the Latin name and the number in their own order. pypdf reads
    # the line from the left and turns each right-to-left run back into reading order, so the
    # runs come back in display order: right-most run last.
    assert "عضوا حضروا 42 إن Maria Lopez قال" in lines_of(reader)


@pytest.mark.parametrize(
    "name,title,name_read,title_read",
    [
        ("प्रिया शर्मा", "ग्राहक अनुभव की रणनीति", "या शमा", "ाहक अनुभव क रणनीत"),
        ("ที่นี่ ใจดี", "ผู้นำที่ดี", "ทีนี ใจดี", "ผู้นำทีดี"),
    ],
    ids=["devanagari", "thai"],
)
def test_render_item_shaped_scripts_read_back_but_for_their_shaped_glyphs(
    name, title, name_read, title_read
):
    reader = read(render_item(script_item(name, title), site_url=SITE))

    # HarfBuzz puts conjuncts, reordered vowel signs and raised tone marks in glyphs that have
    # no code point of their own; reportlab maps each to a private-use one in the PDF's text
    # layer (it holds one character per glyph), so a reader of the PDF gets everything else.
    lines = [PRIVATE_USE.sub("", line) for line in lines_of(reader)]
    name_read, title_read = (unicodedata.normalize("NFKC", t) for t in (name_read, title_read))
    start = lines.index(title_read)
    assert lines[start : start + 5] == [title_read, name_read, title_read, name_read, title_read]
    assert "\ufffd" not in "".join(lines)
    assert reader.metadata.title == title


def test_render_item_latin_text_is_set_in_the_base_family_alone():
    blocks = html_to_blocks(f"<p>{UNICODE} <b>bold</b></p>")

    assert "<font" not in blocks[0].markup


def font_names(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_render_item_bold_text_in_another_script_is_set_in_its_bold_face():
    reader = read(render_item(script_item("ليلى حداد", "استراتيجية تجربة العملاء"), site_url=SITE))

    # the title and the author's name bold, the body and the speaker's words regular
    assert {"NotoNaskhArabic-Bold", "NotoNaskhArabic-Regular"} <= font_names(reader)


@pytest.mark.parametrize(
    "html",
    [
        "<p>One.</p>",
        "<p>  Spaced \n out  &amp; &lt;escaped&gt; &quot;quoted&quot; </p>\n<p>Two.</p>",
        "<h2>Head</h2><p>Body</p><h4>Small</h4>",
        "<p> </p><p>After an empty one.</p>",
        "<p>ليلى حداد and 王小明 \U0001f680</p>",
    ],
)
def test_html_to_blocks_plain_paragraphs_take_the_short_way_to_the_same_blocks(html):
    from articles.pdf.html import _Converter

    parser = _Converter("")
    parser.feed(html)
    parser.close()

    blocks = html_to_blocks(html)

    assert blocks == parser.blocks
    assert [block.runs for block in blocks] == [block.runs for block in parser.blocks]


def all_runs(blocks) -> list:
    out = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(block.runs)
        elif isinstance(block, Quote):
            out += all_runs(block.blocks)
        else:
            for entry in block.items:
                out += all_runs(entry)
    return out


@pytest.mark.parametrize(
    "html",
    [
        '<p>A &lt;b&gt; &amp; <strong>bold</strong> <em>it</em> <a href="https://x.org/?a=1&amp;b'
        '=2">link</a><br>next</p>',
        '<h2>Head</h2><ul><li>one<ol start="3"><li>inner</li></ol></li><li>two</li></ul>'
        "<blockquote><p>quoted <b>bold</b></p></blockquote><h4>Small</h4>",
        '<P CLASS="x">Up<BR/>per</P><p>a<br />b</p>',
        '<p><a href="/relative">rel</a> <a title="t" href="mailto:a@b.org">mail</a> '
        '<a href="javascript:alert(1)">js</a> <a>bare</a></p>',
        "<p>nbsp&nbsp;&nbsp;here &#169; &#x263a; &bogus; & ;</p><p>\t lots \n\n of  space </p>",
        "<div><p>in a div</p>text after</div><table><tr><td>cell</td></tr></table>",
        "<p>unclosed <b>bold <i>both",
        "</p></b></ul></li></blockquote>stray closers<li>item<li>another",
        "<b><i></b></i>crossed <span>span</span>",
        "<p><strong>ليلى</strong>, <em>王小明</em> \U0001f680</p>",
        # Not as the sanitizer writes: html.parser reads these.
        "<p>a<!-- comment -->b</p>",
        "<p><a href='https://x.org'>single quotes</a></p>",
        "text < not a tag & > also not",
        "<script>alert(1)</script><p>after <my-tag>custom</my-tag></p>",
    ],
)
def test_html_to_blocks_sanitized_html_takes_the_short_way_to_the_same_blocks(html):
    from articles.pdf.html import _Converter

    parser = _Converter("https://ccocouncil.example")
    parser.feed(html)
    parser.close()

    blocks = html_to_blocks(html, base_url="https://ccocouncil.example")

    assert blocks == parser.blocks
    assert all_runs(blocks) == all_runs(parser.blocks)


def test_html_to_blocks_folds_each_run_of_whitespace_to_one_space():
    blocks = html_to_blocks("<p>\u00a0a\u00a0\u00a0b\t\nc\u2028\u3000d <b> e </b>\u202f</p>")

    assert blocks == [Para(markup=" a b c d <b>e </b>", text="a b c d e")]
    assert blocks[0].runs == ((" a b c d ", False, False, None), ("e ", True, False, None))


def page_texts(reader: PdfReader) -> list[str]:
    """Each page's text without its footer, whitespace collapsed."""
    out = []
    for page in reader.pages:
        lines = page.extract_text().splitlines()
        if len(lines) >= 3 and lines[-1].startswith("Page "):
            lines = lines[:-3]
        out.append(" ".join(" ".join(lines).split()))
    return out


def test_render_item_heading_never_ends_a_page_without_what_follows():
    # One filler paragraph more each time moves the heading down the page, past its foot.
    placements = set()
    for count in range(18, 34):
        filler = "".join(f"<p>Filler paragraph {n}.</p>" for n in range(count))
        body = f"{filler}<h2>Findings heading</h2><p>After the heading comes this.</p>"
        pages = page_texts(read(render_item(item(body_html=body), site_url=SITE)))

        [page] = [text for text in pages if "Findings heading" in text]
        assert "Findings heading After the heading comes this." in page
        placements.add(pages.index(page) + 1)
    assert placements == {1, 2}


def test_render_item_speaker_never_ends_a_page_without_their_words():
    placements = set()
    for count in range(14, 26):
        # one line each, then a paragraph one line longer each time: finer steps down the page
        introduction = "".join(f"<p>Introduction line {n}.</p>" for n in range(count))
        introduction += "<p>" + "Some longer words. " * 8 * (count % 4 + 1) + "</p>"
        doc = item(
            kind_label="Conversation",
            interviewer="Dana Reyes",
            introduction_html=introduction,
            body_html="",
            turns=[Turn("Sam Okafor", False, "<p>The only answer.</p>")],
        )
        pages = page_texts(read(render_item(doc, site_url=SITE)))

        [page] = [text for text in pages if "Sam Okafor" in text]
        assert "Sam Okafor The only answer." in page
        placements.add(pages.index(page) + 1)
    assert placements == {1, 2}


@pytest.mark.parametrize(
    "runs",
    [
        (("Plain words, one space apart.", False, False, None),),
        ((" Leading and trailing ", False, False, None),),
        (
            ("a ", False, False, None),
            ("bold", True, False, None),
            (" and ", False, False, None),
            ("both", True, True, None),
            (" then ", False, False, None),
            ("it", False, True, None),
        ),
        ((" bold first ", True, False, None), (" plain last ", False, False, None)),
        (("line", False, False, None), None, ("break", False, False, None), None),
        (("A & B < C > D &amp; &lt;", False, False, None), ("&x", True, False, None)),
        (("Łódź — “quoted” …", False, True, None),),
    ],
)
def test_paragraph_fragments_are_the_ones_reportlabs_parser_makes_of_the_markup(runs):
    from articles.pdf.document import _fragments, _styles
    from articles.pdf.html import inline_markup

    for style in (_styles()["body"], _styles()["h4"], _styles()["speaker"]):
        fragments = _fragments(runs, style)
        parsed = Paragraph(inline_markup(runs), style).frags

        assert [vars(fragment) for fragment in fragments] == [vars(f) for f in parsed]


@pytest.mark.parametrize(
    "runs",
    [
        (("a link", False, False, "https://example.org/"),),
        (("two  spaces", False, False, None),),
        (("no-break\u00a0space", False, False, None),),
        (("ليلى", False, False, None),),
    ],
)
def test_paragraph_fragments_leave_links_odd_spacing_and_other_scripts_to_the_parser(runs):
    from articles.pdf.document import _fragments, _styles

    assert _fragments(runs, _styles()["body"]) is None


END_MATTER = ("Tags:", "Read online:", "Originally published at", "http")


def pages_of_end_matter_alone(reader: PdfReader) -> list[int]:
    """Pages whose text (the footer aside) is only end matter: source, tags, link."""
    alone = []
    for number, page in enumerate(reader.pages, start=1):
        lines = page.extract_text().splitlines()
        if len(lines) >= 3 and lines[-1].startswith("Page "):
            lines = lines[:-3]
        if lines and all(line.startswith(END_MATTER) for line in lines):
            alone.append(number)
    return alone


def paragraphs(count: int) -> str:
    return "".join(
        f"<p>Paragraph {number} says a little about customers and their officers.</p>"
        for number in range(count)
    )


def test_render_item_never_leaves_the_end_matter_alone_on_a_page():
    # Bodies of 15 to 60 short paragraphs: the end matter falls at the foot of the first,
    # second and third pages for some of them (with the rule that kept 1.3 inches free for
    # it, those ended on a page holding the tags and the link alone).
    alone, spread = {}, set()
    for count in range(15, 61):
        document = item(
            body_html=paragraphs(count),
            source_outlet="CMSWire",
            source_url="https://www.cmswire.com/example",
        )
        reader = read(render_item(document, site_url=SITE))
        spread.add(len(reader.pages))
        if pages := pages_of_end_matter_alone(reader):
            alone[count] = pages
        assert "Paragraph" in reader.pages[-1].extract_text()

    assert (alone, spread) == ({}, {1, 2, 3})


def cover_jpeg(size=(1600, 1067)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "steelblue").save(buffer, "JPEG")
    return buffer.getvalue()


def drawn_images(page) -> list[tuple[float, float]]:
    """(width, height) in points of each picture drawn on ``page``."""
    stream = page.get_contents().get_data().decode("latin-1")
    return [
        (float(width), float(height))
        for width, height, name in re.findall(
            r"([\d.]+) 0 0 ([\d.]+) [-\d.]+ [-\d.]+ cm\s*/(\S+) Do", stream
        )
        if "PageNumber" not in name
    ]


def test_render_item_prints_the_cover_on_its_first_page_unchanged_and_scaled_for_print():
    jpeg = cover_jpeg()

    reader = read(render_item(item(cover=jpeg), site_url=SITE))

    first = reader.pages[0]
    assert [image.data == jpeg for image in first.images] == [True]
    # 3:2, 3.4 inches tall: 1600 pixels over 5.1 inches, some 314 dots an inch.
    assert drawn_images(first) == [(367.0853, 244.8)]
    assert_in_order(
        text_of(reader), ["Customer engagement models", "Maria Lopez", "First paragraph."]
    )


def test_render_item_sets_its_cover_smaller_rather_than_end_on_a_page_of_a_few_lines():
    # With the cover at full size, the last paragraph and the end matter would spill onto a
    # second page; a smaller cover keeps the item on one.
    reader = read(render_item(item(cover=cover_jpeg(), body_html=paragraphs(13)), site_url=SITE))

    assert len(reader.pages) == 1
    [(width, height)] = drawn_images(reader.pages[0])
    assert 1.6 * 72 <= height < 3.4 * 72
    assert round(width / height, 2) == 1.5
