"""How fast the library's PDFs are: reportlab builds, WeasyPrint beside them, cached downloads.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/pdf_bench.py
    ... --runs 20 --redis redis://127.0.0.1:6379/5      # cached downloads through Redis

Creates (inside a transaction it rolls back) a 3,000-word article and a 40-exchange
conversation, then reports medians over ``--runs`` runs of:

- ``build_article_pdf()`` (the items' queries and the reportlab layout, what a cache miss costs);
- WeasyPrint rendering the same item's read page (its HTML from the test client, the site's
  CSS from static/), in this process if WeasyPrint imports here, else in the interpreter named by
  ``WEASYPRINT_PYTHON`` (a throwaway venv: ``python -m venv /tmp/wp && /tmp/wp/bin/pip install
  weasyprint``); skipped, saying so, when neither has it. WeasyPrint is not a dependency;
- a cached download: ``client.get()`` of the PDF URL once the first request has built it.

Aims: a 3,000-word article under 50 ms, at least 10x faster than WeasyPrint; a cached download
under 5 ms.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
import json, re, sys, time
from pathlib import Path
from weasyprint import HTML

html_path, static_dir, runs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
html = Path(html_path).read_text()

def inline(match):
    # The site's stylesheets go inline, so nothing is fetched (there is no server running).
    path = static_dir / match.group(1).split("?")[0]
    return f"<style>{path.read_text()}</style>" if path.is_file() else ""

html = re.sub(r'<link[^>]+href="/static/([^"]+\.css)"[^>]*>', inline, html)
HTML(string=html).write_pdf()
times = []
for _ in range(runs):
    start = time.perf_counter()
    HTML(string=html).write_pdf()
    times.append(time.perf_counter() - start)
print(json.dumps(times))
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


def timed(runs: int, fn) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def weasyprint_times(html: str, runs: int) -> tuple[list[float] | None, str]:
    static_dir = ROOT / "static"
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as handle:
        handle.write(html)
        html_path = handle.name
    try:
        try:
            import weasyprint  # noqa: F401

            python = sys.executable
        except ImportError:
            python = os.environ.get("WEASYPRINT_PYTHON", "")
            if not python:
                return None, "WeasyPrint is not importable here and WEASYPRINT_PYTHON is unset"
        result = subprocess.run(
            [python, "-c", WEASYPRINT_SNIPPET, html_path, str(static_dir), str(runs)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            return None, f"WeasyPrint failed: {result.stderr.strip().splitlines()[-1:]}"
        return json.loads(result.stdout.strip().splitlines()[-1]), python
    finally:
        os.unlink(html_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
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
    from articles.pdf import build_article_pdf
    from articles.pdf import cache as pdf_cache

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
        print(
            f"Cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; runs: {args.runs}"
        )

        for label, item in (("3,000-word article", article), ("40-exchange conversation", talk)):
            build_article_pdf(item)  # first build of the process: fonts parsed and registered
            build = timed(args.runs, lambda item=item: build_article_pdf(item))
            html = client.get(item.get_absolute_url()).content.decode()
            weasy, note = weasyprint_times(html, args.runs)
            # Only this item's entry: a shared Redis may hold anything else.
            cache.delete(pdf_cache.article_key(*pdf_cache.article_version(item.slug)))
            url = item.get_pdf_url()
            first = client.get(url)
            assert first.status_code == 200, first.status_code
            cached = timed(args.runs, lambda url=url: client.get(url))
            results[label] = {
                "reportlab_ms": median_ms(build),
                "weasyprint_ms": median_ms(weasy) if weasy else None,
                "cached_ms": median_ms(cached),
                "pdf_kib": len(first.content) / 1024,
                "note": note,
            }
        transaction.set_rollback(True)

    print()
    print(f"{'item':<26}{'reportlab':>12}{'WeasyPrint':>13}{'ratio':>8}{'cached':>10}{'size':>10}")
    for label, row in results.items():
        weasy = row["weasyprint_ms"]
        ratio = f"{weasy / row['reportlab_ms']:.0f}x" if weasy else "-"
        weasy_text = f"{weasy:.1f} ms" if weasy else "skipped"
        print(
            f"{label:<26}{row['reportlab_ms']:>9.1f} ms{weasy_text:>13}{ratio:>8}"
            f"{row['cached_ms']:>7.2f} ms{row['pdf_kib']:>6.0f} KiB"
        )
    notes = {row["note"] for row in results.values()}
    for note in notes:
        print(f"WeasyPrint: {note}")
    article_row = results["3,000-word article"]
    print()
    print(f"aim: 3,000-word article < 50 ms: {article_row['reportlab_ms'] < 50}")
    if article_row["weasyprint_ms"]:
        print(
            "aim: >= 10x faster than WeasyPrint: "
            f"{article_row['weasyprint_ms'] / article_row['reportlab_ms'] >= 10}"
        )
    print(f"aim: cached download < 5 ms: {article_row['cached_ms'] < 5}")


if __name__ == "__main__":
    main()
