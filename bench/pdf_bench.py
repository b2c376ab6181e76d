"""How fast the library's PDFs are, measured against floors built in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/pdf_bench.py
    CACHE_KEY_PREFIX=pdf-bench-$$ ... --redis redis://127.0.0.1:6379/5   # cached downloads
                                                        # through Redis, under a prefix of its own
    WEASYPRINT_PYTHON=/tmp/wp/bin/python ...             # WeasyPrint beside them

Creates (inside a transaction it rolls back) a 3,000-word article and a 40-exchange
conversation, then reports the median CPU time (``time.process_time()``) over ``--runs``
runs, the runs of each comparison interleaved so that a busy machine slows both alike:

- ``build_article_pdf()``: the item's queries and our layout, what a cache miss costs; and
  ``render_item()`` alone (the layout, no database);
- the floor: a bare reportlab platypus build of the same text (every paragraph, heading, list
  item and exchange, plain ``Paragraph``s in a ``SimpleDocTemplate``) with the same embedded
  font, DejaVu Serif (the same files, registered as plain reportlab TTFonts under a face name
  of their own, so that none of our code runs in the floor and ours runs on its own font
  objects, as in production), and the same bold, italic and links (reportlab takes about twice
  as long over a paragraph holding any of them); "plain" is the same without them. The floor
  is lighter than the document: A4 with 1-inch margins and no space between paragraphs (so a
  page fewer), no band, footer, page numbers, bookmarks, metadata, italic quotations or shaded
  questions. Aim: ours within 1.3x of the floor;
- a cached download (``client.get()`` of the PDF once built) beside a trivial view
  (``/.well-known/security.txt``, no database), both through Django's test client; every
  response's status is checked. Aim: within 4x;
- WeasyPrint rendering the item's read page (its HTML from the test client, status 200; the
  site's screen stylesheets and scripts removed, a small print stylesheet instead), in the
  interpreter named by ``WEASYPRINT_PYTHON`` (a throwaway venv: ``python -m venv /tmp/wp &&
  /tmp/wp/bin/pip install weasyprint``) or this one if it imports WeasyPrint; skipped, saying
  so, when neither has it. WeasyPrint is not a dependency.
"""

import argparse
import html as html_lib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cco_council.settings")
# DEBUG keeps static files unhashed, so the read page renders without collectstatic.
os.environ.setdefault("DEBUG", "1")

WORDS = [
    "customer",
    "officer",
    "council",
    "retention",
    "loyalty",
    "journey",
    "renewal",
    "churn",
    "board",
    "executive",
    "growth",
    "engagement",
    "trust",
    "feedback",
    "survey",
    "success",
    "onboarding",
    "advocacy",
    "insight",
    "metric",
    "revenue",
    "team",
    "strategy",
    "listening",
    "program",
    "partner",
    "value",
    "outcome",
    "support",
    "community",
    "leader",
    "budget",
    "quarter",
    "experience",
    "account",
    "service",
    "promise",
    "data",
    "signal",
    "culture",
    "priority",
    "risk",
    "roadmap",
]

WEASYPRINT_SNIPPET = r"""
import json, sys, time
from pathlib import Path
from weasyprint import HTML

html, runs = Path(sys.argv[1]).read_text(), int(sys.argv[2])
HTML(string=html).write_pdf()
times = []
for _ in range(runs):
    start = time.process_time()
    HTML(string=html).write_pdf()
    times.append(time.process_time() - start)
print(json.dumps(times))
"""

PRINT_CSS = """
@page { size: letter; margin: 0.85in 0.95in 0.95in; }
body { font-family: "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.45; color: #1b1f24; }
h1 { font-size: 23pt; line-height: 1.2; } h2 { font-size: 15pt; } h3 { font-size: 12.5pt; }
nav, header, footer, form, .actions, .skip-link { display: none; }
blockquote { margin-left: 22pt; color: #5b6470; font-style: italic; }
"""


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 22))
        out.append(sentence(rng, n))
        left -= n
    return " ".join(out)


def article_body(rng: random.Random, words: int = 3000) -> str:
    """An editorial article: sections with h2/h3, mostly plain paragraphs, some with a link or
    bold/italic words, a bulleted list and a block quote now and then."""
    parts, count, n = [], 0, 0
    while count < words:
        if n % 6 == 0:
            parts.append(f"<h2>{sentence(rng, 5)[:-1]}</h2>")
        elif n % 6 == 3:
            parts.append(f"<h3>{sentence(rng, 4)[:-1]}</h3>")
        size = rng.randint(70, 110)
        text = paragraph(rng, size)
        if n % 4 == 1:
            text += f" <a href='https://example.org/report/{n}'>Read the report</a>."
        if n % 5 == 2:
            text = text.replace(" customer ", " <strong>customer</strong> ", 1)
            text = text.replace(" trust ", " <em>trust</em> ", 1)
        if n % 9 == 4:
            parts.append(f"<blockquote><p>{text}</p></blockquote>")
        else:
            parts.append(f"<p>{text}</p>")
        count += size
        n += 1
        if n % 10 == 5:
            items = "".join(f"<li>{sentence(rng, 9)}</li>" for _ in range(5))
            parts.append(f"<ul>{items}</ul>")
            count += 45
    return "".join(parts)


def median_ms(times) -> float:
    return statistics.median(times) * 1000


def interleaved(runs: int, **functions) -> dict[str, list[float]]:
    """CPU seconds per run of each function, the functions taking turns."""
    times = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            start = time.process_time()
            function()
            times[name].append(time.process_time() - start)
    return times


_BLOCK = re.compile(r"<(h[1-6]|p|li)\b[^>]*>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def blocks(html: str, *, formatted: bool) -> list[tuple[str, str]]:
    """(tag, markup) of every heading, paragraph and list item: plain escaped text, or with
    ``formatted`` its bold, italic and links as reportlab's <b>, <i> and <a href>."""
    out = []
    for tag, inner in _BLOCK.findall(html):
        if formatted:
            inner = _BOLD.sub(r"<\1b>", inner)
            inner = _ITALIC.sub(r"<\1i>", inner)
            inner = _LINK.sub(r'<a href="\1">', inner)
            inner = _OTHER.sub("", inner)
        else:
            inner = escape(html_lib.unescape(_TAG.sub("", inner)))
        out.append((tag, inner.strip()))
    return out


_BOLD = re.compile(r"<(/?)(?:strong|b)>")
_ITALIC = re.compile(r"<(/?)(?:em|i)>")
_LINK = re.compile(r"<a\b[^>]*?href=[\"']([^\"']+)[\"'][^>]*>")
_OTHER = re.compile(r"<(?!/?(?:b|i)>|a href=|/a>)[^>]+>")


def floor_builder(item, *, formatted: bool):
    """A bare platypus build of the item's text in DejaVu Serif, as ours: plain Paragraphs,
    plain text or the same inline formatting, in a SimpleDocTemplate with its defaults."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from articles.pdf.fonts import FONT_DIR

    # The same files as ours, registered as reportlab's own TTFont: none of our code runs.
    # registerFont() hands every name of one face (the font's PostScript name) the object
    # registered first, so without a face name of its own the floor and our build would share
    # one font object: ours (then the floor runs our code) or the floor's (then ours runs
    # without it, unlike in production), whichever registered first.
    for suffix in ("", "-Bold", "-Italic", "-BoldItalic"):
        path = FONT_DIR / f"DejaVuSerif{suffix}.ttf"
        font = TTFont(f"FloorSerif{suffix}", str(path))
        font.face.name = b"Floor" + font.face.name
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(
        "FloorSerif",
        normal="FloorSerif",
        bold="FloorSerif-Bold",
        italic="FloorSerif-Italic",
        boldItalic="FloorSerif-BoldItalic",
    )
    body = ParagraphStyle("body", fontName="FloorSerif", fontSize=10.5, leading=15.5)
    heading = ParagraphStyle(
        "heading", parent=body, fontName="FloorSerif-Bold", fontSize=15, leading=19
    )
    texts = [("h1", escape(item.title)), ("p", escape(item.summary))]
    texts += [("p", escape(author.name)) for author in item.author_list]
    texts += blocks(item.introduction, formatted=formatted)
    texts += blocks(item.body, formatted=formatted)
    for exchange in item.exchanges.all():
        texts.append(("h4", exchange.get_speaker_display()))
        texts += blocks(exchange.text, formatted=formatted)

    def build() -> bytes:
        buffer = BytesIO()
        story = [Paragraph(text, heading if tag[0] == "h" else body) for tag, text in texts]
        SimpleDocTemplate(buffer).build(story)
        return buffer.getvalue()

    return build


def print_html(html: str) -> str:
    """The read page for print: no screen stylesheet or script, a print stylesheet instead."""
    html = re.sub(r"<link[^>]+rel=\"stylesheet\"[^>]*>", "", html)
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    return html.replace("</head>", f"<style>{PRINT_CSS}</style></head>", 1)


def weasyprint_times(html: str, runs: int) -> tuple[list[float] | None, str]:
    try:
        import weasyprint  # noqa: F401

        python = sys.executable
    except ImportError:
        python = os.environ.get("WEASYPRINT_PYTHON", "")
        if not python:
            return None, "WeasyPrint is not importable here and WEASYPRINT_PYTHON is unset"
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as handle:
        handle.write(html)
    try:
        result = subprocess.run(
            [python, "-c", WEASYPRINT_SNIPPET, handle.name, str(runs)],
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        os.unlink(handle.name)
    if result.returncode != 0:
        return None, f"WeasyPrint failed: {result.stderr.strip().splitlines()[-1:]}"
    return json.loads(result.stdout.strip().splitlines()[-1]), python


def get_ok(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--redis", default="", help="serve cached downloads from this Redis")
    args = parser.parse_args()
    if args.redis:
        os.environ["REDIS_URL"] = args.redis

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone
    from django.utils.html import strip_tags

    from articles.models import Article, ArticleAuthor, Author, Exchange
    from articles.pdf import build_article_pdf, content
    from articles.pdf import cache as pdf_cache
    from articles.pdf.document import render_item

    rng = random.Random(2024)  # noqa: S311 - fixed text for a repeatable benchmark
    client = Client()
    results = {}
    with transaction.atomic():
        author = Author.objects.create(
            name="Bench Author", slug="bench-author-pdf", job_title="CCO", organisation="Bench"
        )
        article = Article.objects.create(
            title="Benchmark: three thousand words on customers",
            slug="bench-pdf-article",
            summary=sentence(rng, 25),
            body=article_body(rng),
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        ArticleAuthor.objects.create(article=article, author=author, position=0)
        article.tags.add("benchmark", "retention")
        talk = Article.objects.create(
            title="Benchmark: a conversation in forty turns",
            slug="bench-pdf-conversation",
            kind=Article.Kind.CONVERSATION,
            summary=sentence(rng, 25),
            interviewee_name="Bench Interviewee",
            interviewee_title="SVP Customer Success",
            interviewee_organisation="Bench Corp",
            interviewer=author,
            introduction=f"<p>{paragraph(rng, 80)}</p>",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        Exchange.objects.bulk_create(
            Exchange(
                article=talk,
                position=n,
                speaker=Exchange.Speaker.INTERVIEWER
                if n % 2 == 0
                else Exchange.Speaker.INTERVIEWEE,
                text=f"<p>{paragraph(rng, 25 if n % 2 == 0 else 90)}</p>",
            )
            for n in range(40)
        )
        words = len(strip_tags(article.body).split())
        print(f"Items: article of {words} words, conversation of 40 exchanges")
        backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        print(f"Cache: {backend}; runs: {args.runs}; CPU time, median")

        trivial = "/.well-known/security.txt"
        for label, item in (("3,000-word article", article), ("40-exchange conversation", talk)):
            loaded = Article.objects.with_authors().prefetch_related("exchanges").get(pk=item.pk)
            doc = content.article_doc(item.pk)
            floor = floor_builder(loaded, formatted=True)
            plain = floor_builder(loaded, formatted=False)
            build_article_pdf(item)  # first build of the process: fonts parsed and registered
            floor(), plain()
            builds = interleaved(
                args.runs,
                plain=plain,
                floor=floor,
                render=lambda doc=doc: render_item(doc, site_url=settings.SITE_URL),
                build=lambda item=item: build_article_pdf(item),
            )
            page = get_ok(client, item.get_absolute_url()).content.decode()
            weasy, note = weasyprint_times(print_html(page), args.runs)
            # Only this item's entry: a shared Redis may hold anything else.
            cache.delete(pdf_cache.article_key(item.pk))
            url = item.get_pdf_url()
            first = get_ok(client, url)
            get_ok(client, trivial)
            downloads = interleaved(
                args.runs,
                trivial=lambda: get_ok(client, trivial),
                cached=lambda url=url: get_ok(client, url),
            )
            key = pdf_cache.article_key(item.pk)
            cache.delete_many([key, pdf_cache.size_key(key)])
            results[label] = {
                **{name: median_ms(times) for name, times in builds.items()},
                **{name: median_ms(times) for name, times in downloads.items()},
                "weasyprint": median_ms(weasy) if weasy else None,
                "kib": len(first.content) / 1024,
                "note": note,
            }
        transaction.set_rollback(True)

    print()
    print(
        f"{'item':<26}{'plain':>8}{'floor':>8}{'render':>8}{'build':>8}{'ratio':>7}"
        f"{'trivial':>9}{'cached':>8}{'ratio':>7}{'Weasy':>7}{'size':>9}"
    )
    for label, row in results.items():
        weasy = f"{row['weasyprint']:.0f}" if row["weasyprint"] else "-"
        print(
            f"{label:<26}{row['plain']:>8.1f}{row['floor']:>8.1f}{row['render']:>8.1f}"
            f"{row['build']:>8.1f}{row['build'] / row['floor']:>6.2f}x{row['trivial']:>9.2f}"
            f"{row['cached']:>8.2f}{row['cached'] / row['trivial']:>6.1f}x{weasy:>7}"
            f"{row['kib']:>5.0f} KiB"
        )
    print(
        "(milliseconds of CPU, medians. plain: the floor without bold, italic or links; floor:\n"
        " the same text and inline formatting; render: our layout alone; build: with the\n"
        " item's queries, a cache miss. Ratios: build / floor, cached download / trivial view)"
    )
    for note in {row["note"] for row in results.values()}:
        print(f"WeasyPrint: {note}")
    print()
    for label, row in results.items():
        print(
            f"{label}: build {row['build'] / row['floor']:.2f}x the floor (aim <= 1.3x; render "
            f"{row['render'] / row['floor']:.2f}x; {row['build'] / row['plain']:.2f}x the plain "
            f"floor); cached download {row['cached'] / row['trivial']:.1f}x a trivial view "
            "(aim <= 4x)"
            + (f"; WeasyPrint {row['weasyprint'] / row['build']:.1f}x our build"
               if row["weasyprint"] else "")
        )  # fmt: skip


if __name__ == "__main__":
    main()
