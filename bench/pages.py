"""What each page costs the app server, as a multiple of a trivial view, cache off and on.

    .venv/bin/python bench/pages.py                     # demo content (seed_demo)
    .venv/bin/python bench/pages.py --items 100000      # the search bench's 100k corpus

Starts one gunicorn sync worker, DEBUG off, pinned to CPU 0 (``taskset``), against its own
database (created, migrated and filled on the first run, then reused), beside a trivial
``HttpResponse("ok")`` view that only the bench's settings expose and that passes through the
same middleware. Each page is driven by ``wrk`` pinned to CPU 1. For every page it prints
requests per second, p50 and p99 latency, the worker's CPU time per request (utime + stime
of the worker from /proc, before and after, over the requests wrk completed), the ratio of
that to the trivial view's in the same run, and the queries the page runs. The page cache is
off for the first set of rows (``PUBLIC_PAGE_CACHE_SECONDS=0``), on for the second, with the
server restarted between them; the trivial view is measured in both. Rounds are interleaved
(every page once, then again) and medians reported, since the machine is shared.

The demo database gets two long items besides the demo content: a 5,000-word article and a
40-exchange conversation of about 5,000 words, the longest read pages the targets speak of.

Needs ``wrk`` (Debian: ``apt-get install wrk``) and a PostgreSQL server (``--database-url``).
The shared cache is Redis when ``--redis-url`` answers (keys under a prefix of this run's own,
deleted at the end), else each worker's local memory.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = sys.executable
HOST = "127.0.0.1"
DEMO_URL = "postgres://postgres@127.0.0.1:5432/cco_pages_bench"
CORPUS_URL = "postgres://postgres@127.0.0.1:5432/cco_bench"  # search_bench.py's
TRIVIAL = "/__bench__/trivial"
LONG_ARTICLE = "bench-long-article"
LONG_CONVERSATION = "bench-long-conversation"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Worker CPU per request ÷ the trivial view's, as issue 12 sets them (cache off unless said).
TARGETS = {
    "read": 6,
    "page": 8,
    "library": 12,
    "feed": 10,
    "search": 12,
    "cached": 2,
}


@dataclass
class Target:
    label: str
    path: str
    kind: str  # a key of TARGETS; "trivial" for the yardstick
    cached_too: bool = False  # served through the page cache: also measured with it on


@dataclass
class Row:
    target: Target
    cache: str
    rps: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    queries: int | None = None

    def median(self, name):
        values = getattr(self, name)
        return statistics.median(values) if values else float("nan")


def server_env(args, cache_seconds: int, prefix: str) -> dict:
    env = dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY="bench-pages-" + "k" * 60,
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=args.database_url,
        SECURE_SSL_REDIRECT="0",
        SITE_URL=f"http://{HOST}",
        PUBLIC_PAGE_CACHE_SECONDS=str(cache_seconds),
        LOG_LEVEL="WARNING",
        AXES_ENABLED="1",
        DJANGO_SETTINGS_MODULE="pages_settings",
        PYTHONPATH=os.pathsep.join([str(BENCH), str(ROOT)]),
        CACHE_KEY_PREFIX=prefix,
    )
    env.pop("REDIS_URL", None)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    return env


def redis_answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def delete_own_keys(url: str, prefix: str) -> None:
    """Only this run's keys: the Redis is shared with other people's work."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])


def ensure_database(url: str) -> None:
    sys.path.insert(0, str(BENCH))
    from search_bench import ensure_database as create

    create(url)


def prepare(args, env) -> None:
    """Migrate, fill once, collect static files, and pick the pages to measure."""
    ensure_database(args.database_url)
    for command in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True)
    fill = [PY, str(Path(__file__).resolve()), "--fill-only", "--items", str(args.items)]
    subprocess.run(fill, cwd=ROOT, env=env, check=True)


def fill_database(items: int) -> None:
    """Run inside the bench's settings (``--fill-only``): demo content or the 100k corpus."""
    import django

    django.setup()
    from django.core.management import call_command

    from articles.models import Article

    if items:
        sys.path.insert(0, str(BENCH))
        from search_bench import fill

        if Article.objects.count() != items:
            print(f"filling {items:,} items...", flush=True)
            fill(items)
        return
    if not Article.objects.exists():
        print("loading the demo content...", flush=True)
        call_command("seed_demo", verbosity=0, force=True)  # the bench runs DEBUG off
    add_long_items()


def add_long_items() -> None:
    """A 5,000-word article and a 40-exchange conversation: the longest read pages."""
    from django.utils import timezone

    from articles import services
    from articles.models import Article, Author, Exchange, Series

    if Article.objects.filter(slug__in=[LONG_ARTICLE, LONG_CONVERSATION]).count() == 2:
        return
    sentence = (
        "A chief customer officer earns authority by proving value to the board with "
        "loyalty, retention and revenue history, one customer at a time"
    )  # 24 words
    paragraph = "<p>" + ". ".join([sentence] * 5) + ".</p>"  # 120 words
    authors = list(Author.objects.order_by("pk")[:2])
    series = Series.objects.order_by("pk").first()
    now = timezone.now()
    article = Article.objects.create(
        title="The long read: authority, value and the board",
        slug=LONG_ARTICLE,
        summary="Five thousand words on proving the customer officer's value. " * 3,
        body="<h2>Part one</h2>" + paragraph * 42,
        status=Article.Status.PUBLISHED,
        published_at=now,
        series=series,
        part_number=90,
    )
    conversation = Article.objects.create(
        title="A long conversation about earned authority",
        slug=LONG_CONVERSATION,
        kind=Article.Kind.CONVERSATION,
        summary="Forty exchanges with a customer executive on earning authority.",
        interviewee_name="Pat Example",
        interviewee_title="Chief Customer Officer",
        interviewee_organisation="Example Mutual",
        interviewer=authors[0],
        introduction="<p>An introduction to the conversation.</p>",
        status=Article.Status.PUBLISHED,
        published_at=now,
    )
    for position in range(40):
        Exchange.objects.create(
            article=conversation,
            speaker="interviewer" if position % 2 == 0 else "interviewee",
            text=paragraph,
            position=position,
        )
    for item in (article, conversation):
        for position, author in enumerate(authors):
            item.author_links.create(author=author, position=position)
        item.tags.add("Authority", "Customer value")
    services.item_changed(article_ids=[article.pk, conversation.pk])


def pick_targets(items: int) -> list[Target]:
    """Run inside the bench's settings (``--targets-only``): the pages, as JSON on stdout."""
    import django

    django.setup()
    from django.utils import timezone

    from articles.models import Article, Author, Series
    from articles.selectors import published_tags
    from events.models import Event, Speaker
    from media_relations.models import PressRelease

    published = Article.objects.published()
    count = published.count()
    targets = [
        Target("trivial view", TRIVIAL, "trivial", cached_too=True),
        Target("home", "/", "page"),
    ]
    if items:
        sample = published.order_by("pk")[count // 2]
        tag = published_tags().first()
        author = Author.objects.published().order_by("pk").first()
        deep = min(1000, count // 20)
        year = timezone.localtime(published.first().published_at).year - 3
        targets += [
            Target("read page", sample.get_absolute_url(), "read", True),
            Target("library page 1", "/library/", "library", True),
            Target(f"library page {deep:,}", f"/library/?page={deep}", "library", True),
            Target("library, filtered", f"/library/?kind=conversation&tag={tag.slug}", "library",
                   True),
            Target("library, year", f"/library/?year={year}&page=3", "library", True),
            Target("tag page", f"/tags/{tag.slug}/", "page", True),
            Target("author page", author.get_absolute_url(), "page"),
            Target("search: customer", "/search/?q=customer", "search"),
            Target("search: rare word", "/search/?q=zephyrine", "search"),
            Target("feed", "/library/feed/", "feed"),
        ]  # fmt: skip
    else:
        long_article = Article.objects.get(slug=LONG_ARTICLE)
        long_conversation = Article.objects.get(slug=LONG_CONVERSATION)
        short = published.exclude(pk__in=[long_article.pk, long_conversation.pk])
        short_article = short.filter(kind="article").order_by("pk").first()
        series = Series.objects.published().first()
        tag = published_tags().first()
        author = Author.objects.published().order_by("pk").first()
        event = Event.objects.published().order_by("pk").first()
        speaker = Speaker.objects.with_published_talks().order_by("pk").first()
        release = PressRelease.objects.published().first()
        targets += [
            Target("read: 5,000-word article", long_article.get_absolute_url(), "read", True),
            Target("read: 40-exchange conversation", long_conversation.get_absolute_url(), "read",
                   True),
            Target("read: short article", short_article.get_absolute_url(), "read", True),
            Target("library (20 cards, filters)", "/library/", "library", True),
            Target("library, filtered", f"/library/?tag={tag.slug}", "library", True),
            Target("conversations", "/conversations/", "library", True),
            Target("event", event.get_absolute_url(), "page"),
            Target("events", "/events/", "page"),
            Target("press", "/press/", "page"),
            Target("press release", release.get_absolute_url(), "page"),
            Target("speaker", speaker.get_absolute_url(), "page"),
            Target("author", author.get_absolute_url(), "page"),
            Target("tag", f"/tags/{tag.slug}/", "page", True),
            Target("series", series.get_absolute_url(), "page", True),
            Target("series list", "/series/", "page", True),
            Target("search: customer", "/search/?q=customer", "search"),
            Target("library search: authority", "/library/?q=authority", "search"),
            Target("feed (library RSS)", "/library/feed/", "feed"),
            Target("sitemap", "/sitemap.xml", "feed"),
        ]  # fmt: skip
    return targets


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(port, path, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def start_server(env, port):
    process = subprocess.Popen(
        ["taskset", "-c", "0", PY, "-m", "gunicorn", "cco_council.wsgi", f"--bind={HOST}:{port}",
         "--workers=1", "--worker-class=sync", "--error-logfile=-", "--log-level=warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            response, _ = get(port, TRIVIAL)
            if response.status == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.terminate()
        raise SystemExit("gunicorn did not start")
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    if len(children) != 1:
        process.terminate()
        raise SystemExit(f"expected one gunicorn worker, found {children}")
    return process, int(children[0])


def worker_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # Fields 14 and 15 of stat(5) (utime, stime), counted from the state field (3).
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def warm(port, target: Target) -> int:
    """Check the page answers 200 and count its queries (after the first, cold request)."""
    for _ in range(5):
        response, _ = get(port, target.path)
        if response.status != 200:
            raise SystemExit(f"{target.path} answered {response.status}")
    response, _ = get(port, target.path, {"X-Bench-Queries": "1"})
    return int(response.getheader("X-Bench-Queries", "-1"))


_DURATION = re.compile(r"([\d.]+)(us|ms|s|m)")


def _ms(text: str) -> float:
    match = _DURATION.fullmatch(text)
    if match is None:
        raise SystemExit(f"wrk printed a duration this bench cannot read: {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def run_wrk(port, path, seconds, connections) -> tuple[int, float, float, float]:
    """(requests, req/s, p50 ms, p99 ms) from one wrk run; any non-2xx answer stops the bench."""
    output = subprocess.run(
        ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
         f"http://{HOST}:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if "Non-2xx" in output or "Socket errors" in output:
        raise SystemExit(f"wrk saw errors on {path}:\n{output}")
    if "Latency Distribution" not in output:
        raise SystemExit(f"wrk said nothing useful about {path}:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    return requests, rps, p50, p99


def measure(args, env, targets: list[Target], cache: str) -> list[Row]:
    port = free_port()
    process, worker = start_server(env, port)
    try:
        rows = [Row(target, cache) for target in targets]
        for row in rows:
            row.queries = warm(port, row.target)
        for _ in range(args.rounds):
            for row in rows:
                before = worker_cpu_seconds(worker)
                requests, rps, p50, p99 = run_wrk(
                    port, row.target.path, args.duration, args.connections
                )
                after = worker_cpu_seconds(worker)
                row.rps.append(rps)
                row.p50.append(p50)
                row.p99.append(p99)
                row.cpu_ms.append((after - before) * 1000 / max(requests, 1))
        return rows
    finally:
        process.terminate()
        process.wait(timeout=30)


def report(rows: list[Row]) -> list[dict]:
    print(
        f"\n{'page':34} {'cache':5} {'req/s':>7} {'p50':>8} {'p99':>8} {'CPU/req':>8} "
        f"{'ratio':>6} {'target':>6} {'queries':>7}"
    )
    results = []
    trivial = {row.cache: row.median("cpu_ms") for row in rows if row.target.kind == "trivial"}
    for row in rows:
        cpu = row.median("cpu_ms")
        ratio = cpu / trivial[row.cache]
        kind = "cached" if row.cache == "on" and row.target.kind != "trivial" else row.target.kind
        target = TARGETS.get(kind)
        verdict = "" if target is None else ("ok" if ratio <= target else "OVER")
        print(
            f"{row.target.label[:34]:34} {row.cache:5} {row.median('rps'):7.0f} "
            f"{row.median('p50'):6.1f}ms {row.median('p99'):6.1f}ms {cpu:6.2f}ms "
            f"{ratio:5.1f}x {('≤' + str(target) + 'x') if target else '':>6} "
            f"{row.queries:7} {verdict}"
        )
        results.append(
            {
                "page": row.target.label,
                "path": row.target.path,
                "cache": row.cache,
                "rps": round(row.median("rps"), 1),
                "p50_ms": round(row.median("p50"), 2),
                "p99_ms": round(row.median("p99"), 2),
                "cpu_ms_per_request": round(cpu, 3),
                "ratio": round(ratio, 2),
                "target": target,
                "queries": row.queries,
                "cpu_ms_rounds": [round(value, 3) for value in row.cpu_ms],
            }
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=0, help="0: demo content; else a corpus")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--duration", type=int, default=1, help="seconds of wrk per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per page (median)")
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--only", default="", help="measure only pages whose label has this")
    parser.add_argument("--cache", choices=["off", "on", "both"], default="both")
    parser.add_argument("--fill-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--targets-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.fill_only:
        fill_database(args.items)
        return 0
    if args.targets_only:
        print(json.dumps([t.__dict__ for t in pick_targets(args.items)]))
        return 0

    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    args.database_url = args.database_url or (CORPUS_URL if args.items else DEMO_URL)
    if args.redis_url and not redis_answers(args.redis_url):
        print(f"note: no Redis at {args.redis_url}; each worker caches in its own memory")
        args.redis_url = ""
    prefix = f"bench-pages-{os.getpid()}"
    env = server_env(args, 0, prefix)
    prepare(args, env)
    picked = subprocess.run(
        [PY, str(Path(__file__).resolve()), "--targets-only", "--items", str(args.items)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    targets = [Target(**item) for item in json.loads(picked.strip().splitlines()[-1])]
    targets = [t for t in targets if t.kind == "trivial" or args.only.lower() in t.label.lower()]
    rows = []
    try:
        if args.cache in ("off", "both"):
            rows += measure(args, server_env(args, 0, prefix), targets, "off")
        if args.cache in ("on", "both"):
            cached = [t for t in targets if t.cached_too]
            rows += measure(args, server_env(args, 60, prefix), cached, "on")
    finally:
        if args.redis_url:
            delete_own_keys(args.redis_url, prefix)
    results = report(rows)
    out = BENCH / "results"
    out.mkdir(parents=True, exist_ok=True)
    name = f"pages-{args.items}.json" if args.items else "pages.json"
    (out / name).write_text(json.dumps({"items": args.items, "rows": results}, indent=2))
    over = [r for r in results if r["target"] and r["ratio"] > r["target"]]
    print(f"\n{len(over)} page(s) over target" if over else "\nevery page within its target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
