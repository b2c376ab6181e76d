"""Library search and list latency at 100,000 items.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cco_bench .venv/bin/python bench/search_bench.py

Fills its own database (created if missing; filled once, reused on later runs) with
authors, series, tags, articles and conversations through COPY, computes every search vector
with the library's one UPDATE, then times the search itself (``search_with_correction``: the
capped count, the typo correction when nothing matches, 20 ranked rows with headlines) over a
fixed mix of terms (one in about half the items, rare ones, near-universal ones, prefixes and
misspellings; the share of the items each matches is printed), and full requests through
Django's test client with the page cache off: those searches as library pages with and
without filters and as the site-wide search page, library pages 1 and 1,000, filtered pages,
tag and author pages and a read page. Prints median and p95 per group against issue 12's aims
and writes them to bench/results/search_bench.json.

Options: --items N (default 100000), --repeat N (timed runs per URL, default 15),
--refill (drop the library's rows and fill again).
"""

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cco_bench"
# Issue 12's aims at 100,000 items, page cache off.
TARGET_SEARCH_P95_MS = 60
TARGET_LIBRARY_P95_MS = 40
TARGET_MAX_MS = 120

COUNCIL_WORDS = [
    "customer",
    "engagement",
    "loyalty",
    "retention",
    "authority",
    "earned",
    "borrowed",
    "positional",
    "crisis",
    "response",
    "metrics",
    "revenue",
    "strategy",
    "culture",
    "innovation",
    "renewal",
    "onboarding",
    "advocacy",
    "experience",
    "executive",
    "officer",
    "council",
    "insight",
    "community",
    "churn",
    "value",
    "trust",
    "journey",
    "feedback",
    "survey",
    "segment",
    "account",
    "success",
    "support",
    "service",
    "pricing",
    "board",
    "sponsor",
]
RARE_WORDS = ["zephyrine", "quillfeather", "marrowdale", "vintrosque"]


def ensure_database(url: str) -> None:
    """Create the benchmark's database if the server does not have it yet."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")
    admin.close()


def make_vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    syllables = [
        "ka",
        "lo",
        "mi",
        "ter",
        "van",
        "sol",
        "ri",
        "pen",
        "dor",
        "ash",
        "ul",
        "bre",
        "ton",
        "is",
        "mar",
        "el",
        "qu",
        "fi",
        "go",
        "ne",
    ]
    words = set(COUNCIL_WORDS)
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    # Council words first, so the Zipf-like draw below makes them the common ones.
    rest = sorted(words - set(COUNCIL_WORDS))
    return COUNCIL_WORDS + rest


def words(rng: random.Random, vocabulary: list[str], n: int) -> str:
    # Index drawn from a heavy-tailed distribution: a few very common words, a long tail.
    size = len(vocabulary)
    return " ".join(vocabulary[min(int(rng.paretovariate(0.9)) - 1, size - 1)] for _ in range(n))


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    """COPY ``rows`` into ``table``; the model's other columns get the field's default (the
    database has none of its own), so a field added later does not break the fill."""
    import json

    from django.apps import apps

    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.column in columns or field.null or field.primary_key:
            continue
        value = field.get_default()
        defaults[field.column] = json.dumps(value) if isinstance(value, dict | list) else value
    columns = [*columns, *defaults]
    extra = tuple(defaults.values())
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(value) for value in (*row, *extra)) + "\n")
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    if hasattr(cursor.cursor, "copy"):  # psycopg 3, which Django uses when it is installed
        with cursor.cursor.copy(statement) as copy:
            copy.write(buffer.getvalue())
    else:
        buffer.seek(0)
        cursor.copy_expert(statement, buffer)


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def fill(items: int) -> None:
    """Authors, series, tags, items, credits, tags on items and exchanges, through COPY."""
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article
    from articles.services import refresh_search_vector

    rng = random.Random(20240501)  # noqa: S311 - fixed data, not security
    vocabulary = make_vocabulary(rng)
    content_type = ContentType.objects.get_for_model(Article).id
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_exchange, articles_articleauthor, articles_article, "
            "articles_author, articles_series, articles_titleword, taggit_taggeditem, "
            "taggit_tag RESTART IDENTITY CASCADE"
        )
        authors = 300
        copy_rows(
            cursor,
            "articles_author",
            ["id", "name", "slug", "job_title", "organisation", "bio", "headshot", "link",
             "updated_at"],
            (
                (i, f"Author {i} {vocabulary[i % 200].title()}", f"author-{i}", "CCO",
                 f"Company {i}", "A member of the council.", "", "", now)
                for i in range(1, authors + 1)
            ),
        )  # fmt: skip
        series_count = 1000
        copy_rows(
            cursor,
            "articles_series",
            ["id", "title", "slug", "description", "updated_at"],
            ((i, f"Series {i}", f"series-{i}", "Parts in order.", now)
             for i in range(1, series_count + 1)),
        )  # fmt: skip
        tags = 80
        copy_rows(
            cursor,
            "taggit_tag",
            ["id", "name", "slug"],
            ((i, f"Topic {vocabulary[i]}", f"topic-{vocabulary[i]}") for i in range(1, tags + 1)),
        )

        article_rows, credits, tagged, exchanges = [], [], [], []
        series_parts: dict[int, int] = {}
        start = now - datetime.timedelta(days=365 * 12)
        span = (now - start).total_seconds()
        for i in range(1, items + 1):
            conversation = rng.random() < 0.2
            title = words(rng, vocabulary, rng.randint(4, 8)).capitalize()
            if i % 10000 == 0:
                title += " " + RARE_WORDS[(i // 10000) % len(RARE_WORDS)]
            series_id = part = None
            if rng.random() < 0.05:
                series_id = rng.randint(1, series_count)
                part = series_parts[series_id] = series_parts.get(series_id, 0) + 1
            status = "published" if rng.random() < 0.97 else "draft"
            published = start + datetime.timedelta(seconds=rng.random() * span)
            if rng.random() < 0.01:
                published = now + datetime.timedelta(days=rng.randint(1, 90))
            body = "".join(
                f"<p>{words(rng, vocabulary, rng.randint(25, 40))}.</p>" for _ in range(3)
            )
            article_rows.append(
                (i, title[:200], f"item-{i}", "conversation" if conversation else "article",
                 words(rng, vocabulary, 25) + ".", "" if conversation else body, series_id,
                 part, "", "", rng.random() < 0.02, status,
                 published if status == "published" else None,
                 "Interviewee Name" if conversation else "", "", "", None,
                 "<p>Introduction.</p>" if conversation else "", now, now)
            )  # fmt: skip
            for position, author in enumerate(rng.sample(range(1, authors + 1), rng.randint(1, 2))):
                credits.append((i, author, position))
            for tag in rng.sample(range(1, tags + 1), rng.randint(1, 3)):
                tagged.append((i, content_type, tag))
            if conversation:
                for position in range(4):
                    speaker = "interviewer" if position % 2 == 0 else "interviewee"
                    exchanges.append(
                        (i, speaker, f"<p>{words(rng, vocabulary, 30)}.</p>", position)
                    )
        copy_rows(
            cursor,
            "articles_article",
            ["id", "title", "slug", "kind", "summary", "body", "series_id", "part_number",
             "source_name", "source_url", "featured", "status", "published_at",
             "interviewee_name", "interviewee_title", "interviewee_organisation",
             "interviewer_id", "introduction", "created_at", "updated_at"],
            article_rows,
        )  # fmt: skip
        copy_rows(
            cursor, "articles_articleauthor", ["article_id", "author_id", "position"], credits
        )
        copy_rows(cursor, "taggit_taggeditem", ["object_id", "content_type_id", "tag_id"], tagged)
        copy_rows(
            cursor, "articles_exchange", ["article_id", "speaker", "text", "position"], exchanges
        )
        for table in ("articles_article", "articles_author", "articles_series", "taggit_tag"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            )
    print(f"  rows copied in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    refresh_search_vector()  # one UPDATE for every item, then the title words
    print(f"  search vectors computed in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def time_calls(label, call, repeat) -> dict:
    for _ in range(2):
        call()  # warm caches
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return {"label": label, "samples_ms": samples}


def summarise(group: str, runs: list[dict]) -> dict:
    samples = [s for run in runs for s in run["samples_ms"]]
    return {
        "group": group,
        "requests": len(samples),
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
        "worst": max(runs, key=lambda run: percentile(run["samples_ms"], 0.95))["label"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--refill", action="store_true")
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    os.environ.setdefault("DEBUG", "1")  # templates and static files as in development
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cco_council.settings")
    # Uncached means uncached: no page comes from the page cache (see articles/caching.py).
    os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles.models import Article, Author
    from articles.selectors import build_search_query, query_words, search_with_correction

    setup_test_environment()
    settings.DEBUG = False  # no query log: measure what production runs
    assert settings.PUBLIC_PAGE_CACHE_SECONDS == 0
    call_command("migrate", verbosity=0)
    have = Article.objects.count()
    if args.refill or have != args.items:
        print(f"filling {args.items:,} items (had {have:,})...")
        fill(args.items)
        call_command("migrate", verbosity=0)
        from articles.services import refresh_facets

        refresh_facets()
    published = Article.objects.published().count()
    print(f"{Article.objects.count():,} items, {published:,} published")

    client = Client()

    def get(path):
        def call():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return call

    topic = "topic-" + Article.objects.published().first().tags.first().slug.split("-", 1)[1]
    author = Author.objects.published().order_by("pk").first()
    year = str(Article.objects.published().order_by("-published_at").first().published_at.year - 3)
    queries = {
        # "innovation" is in about half the items, "customer" in nearly all of them.
        "half": ["innovation"],
        "rare": [RARE_WORDS[0], RARE_WORDS[1]],
        "common": ["customer", "customer loyalty"],
        "prefix": ["retent", "onboard"],
        "typo": ["custmer engagment", "loyalti"],
    }
    print("\nshare of the published items each term matches:")
    for terms in queries.values():
        for term in terms:
            search_query = build_search_query(query_words(term))
            matched = Article.objects.published().filter(search_vector=search_query).count()
            print(f"  {term!r:24} {matched:7,}  {100 * matched / published:5.1f}%")
    filters = [{}, {"kind": "conversation"}, {"tag": topic}, {"year": year}]
    search_runs, selector_runs = [], []
    for kind, terms in queries.items():
        for term in terms:
            for extra in filters:
                path = "/library/?" + urlencode({"q": term, **extra})
                search_runs.append(time_calls(f"{kind}: {path}", get(path), args.repeat))
            path = "/search/?" + urlencode({"q": term})
            search_runs.append(time_calls(f"{kind}: {path}", get(path), args.repeat))
            selector_runs.append(
                time_calls(
                    f"search_with_correction: {term}",
                    lambda term=term: list(search_with_correction(term).results[:20]),
                    args.repeat,
                )
            )
    deep = min(1000, published // settings.LIBRARY_PAGE_SIZE)
    read_path = Article.objects.published().order_by("pk")[published // 2].get_absolute_url()
    page_runs = {
        "library page 1": [time_calls("/library/", get("/library/"), args.repeat)],
        f"library page {deep:,}": [
            time_calls(f"/library/?page={deep}", get(f"/library/?page={deep}"), args.repeat)
        ],
        "filtered pages": [
            time_calls(path, get(path), args.repeat)
            for path in (
                f"/library/?kind=conversation&tag={topic}",
                f"/library/?year={year}&page={1 + deep // 50}",
                f"/conversations/?page={max(1, deep // 6)}",
            )
        ],
        "tag and author pages": [
            time_calls(path, get(path), args.repeat)
            for path in (
                f"/tags/{topic}/",
                f"/tags/{topic}/?page=50",
                author.get_absolute_url(),
                f"{author.get_absolute_url()}?page=10",
            )
        ],
        "read page": [time_calls(read_path, get(read_path), args.repeat)],
    }

    summary = [
        summarise("search pages (all)", search_runs),
        summarise("search pages /library/?q=, unfiltered", [
            r for r in search_runs if "/library/" in r["label"] and "&" not in r["label"]]),
        summarise("search pages /library/?q=, filtered", [
            r for r in search_runs if "&" in r["label"]]),
        summarise("search pages /search/?q=", [r for r in search_runs if "/search/" in r["label"]]),
        summarise("search itself (count + 20 ranked rows)", selector_runs),
    ] + [summarise(group, runs) for group, runs in page_runs.items()]  # fmt: skip

    print(f"\n{'group':42} {'n':>5} {'median':>8} {'p95':>8} {'max':>8}")
    for row in summary:
        print(
            f"{row['group']:42} {row['requests']:5} {row['median_ms']:7.1f}ms "
            f"{row['p95_ms']:7.1f}ms {row['max_ms']:7.1f}ms"
        )
    for row in summary:
        print(f"  slowest in {row['group']}: {row['worst']}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "search_bench.json").write_text(
        json.dumps({"items": args.items, "published": published, "summary": summary}, indent=2)
    )
    search_p95 = summary[0]["p95_ms"]
    library_groups = [row for row in summary[5:] if row["group"] != "read page"]
    library_p95 = max(row["p95_ms"] for row in library_groups)
    slowest = max(row["max_ms"] for row in summary)
    ok = (
        search_p95 <= TARGET_SEARCH_P95_MS
        and library_p95 <= TARGET_LIBRARY_P95_MS
        and slowest <= TARGET_MAX_MS
    )
    print(
        f"\nsearch pages p95 {search_p95} ms (aim <= {TARGET_SEARCH_P95_MS}); library pages p95 "
        f"{library_p95} ms (aim <= {TARGET_LIBRARY_P95_MS}); slowest request {slowest} ms "
        f"(aim <= {TARGET_MAX_MS}): " + ("within every aim" if ok else "OVER AN AIM")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
