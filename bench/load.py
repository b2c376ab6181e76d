"""Load, fault and soak benchmark: gunicorn on a PostgreSQL of its own, with Redis as its cache.

    .venv/bin/python bench/load.py                      # 50 clients, 60 s, mixed traffic
    .venv/bin/python bench/load.py --restart-db-at 20   # restart its PostgreSQL 20 s in
    .venv/bin/python bench/load.py --duration 600 --soak  # 10-minute soak, worker memory

Mix: 85% pages, 10% PDFs, 5% press inquiries (GET the form, POST it). A trivial Django view
(/.well-known/security.txt: no database) is measured with the same clients on the same server
in the same run, for comparison. Only loopback addresses are used; every loop is bounded.

It touches nothing it did not make: gunicorn listens on a free port (or --port); PostgreSQL is
its own server (pgserver's binaries, in a temporary directory, deleted at the end), so the
restart stops no one else's database (--database-url uses an existing database instead, without
--restart-db-at); in the Redis server that --redis-url (default: REDIS_URL, else local db 0)
names it writes under a key prefix of its own and deletes only those keys at the end. Needs the
`bench` extra (psutil), which ./dev installs.
"""

import argparse
import contextlib
import http.client
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psutil
import redis

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOST = "127.0.0.1"
PORT = 0  # set by main(): --port or a free one
MARKER = "bench-inquiry-marker"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class OwnPostgres:
    """A PostgreSQL server of the benchmark's own, from pgserver's binaries in a temporary
    directory: restarting it disturbs no one, and it is stopped and deleted at exit."""

    def __init__(self, workdir: Path):
        import pgserver

        self.pgserver = pgserver
        self.server = pgserver.get_server(workdir / "pgdata", cleanup_mode="delete")
        self.server.psql("CREATE DATABASE cco_load;")
        self.url = self.server.get_uri("cco_load")

    def pg_ctl(self, *args):
        self.pgserver.pg_ctl(
            ["-w", "-m", "fast", *args],
            pgdata=self.server.pgdata,
            user=self.server.system_user,
            timeout=120,
        )

    def restart(self) -> float:
        """Restart it (fast shutdown: open connections are cut); when it accepts connections."""
        self.pg_ctl("-l", str(self.server.log), "restart")
        return time.monotonic()

    def remove(self):
        # pgserver stops the server it started; after a restart that is another process, so stop
        # it here, then let pgserver delete the data directory.
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self.pg_ctl("stop")
        self.server.cleanup()


def server_env(args, database_url, cache_prefix):
    return dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=args.redis_url,
        CACHE_KEY_PREFIX=cache_prefix,
        SECURE_SSL_REDIRECT="0",
        SITE_URL=f"http://{HOST}:{PORT}",
        NUM_PROXIES="1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="cco_council.settings",
    )


def prepare(env):
    for command in (
        ["migrate", "--noinput", "-v", "0"],
        ["seed_demo", "--force", "-v", "0"],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True)


def delete_own_keys(redis_url, prefix) -> int:
    """The benchmark's cache entries, and only those (the Redis database may be shared)."""
    with redis.Redis.from_url(redis_url) as client:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        return sum(client.delete(*keys[i : i + 500]) for i in range(0, len(keys), 500))


def start_server(env, workers, log: Path):
    # The server's log (the 503s while PostgreSQL restarts, say) goes to a file, not the report.
    with log.open("w") as output:
        process = subprocess.Popen(
            [PY, "-m", "gunicorn", "cco_council.wsgi", f"--bind={HOST}:{PORT}",
             f"--workers={workers}", "--access-logfile=-", "--error-logfile=-",
             "--log-level=warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=output,
        )  # fmt: skip
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection(HOST, PORT, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            raise SystemExit("gunicorn exited on start")
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def discover(connection):
    """Pages and PDFs from the sitemap, plus the list and search pages."""
    connection.request("GET", "/sitemap.xml")
    body = connection.getresponse().read().decode()
    paths = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", body)]
    pages = [*paths, "/library/?page=2", "/library/?kind=conversation", "/search/?q=customer",
             "/library/?q=authority", "/events/", "/press/"]  # fmt: skip
    pdfs = [p[:-1] + ".pdf" for p in paths if p.startswith("/library/") and p != "/library/"]
    return pages, pdfs[:30]


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []  # (kind, status, seconds, finished_at)

    def add(self, *row):
        with self.lock:
            self.rows.append(row)


def inquiry(connection, client_ip, number):
    headers = {"X-Forwarded-For": client_ip}
    connection.request("GET", "/press/inquiry/", headers=headers)
    response = connection.getresponse()
    page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    if not token or not cookie:
        return response.status
    form = {
        "csrfmiddlewaretoken": token.group(1), "name": "Load Tester", "outlet": "Bench Weekly",
        "email": "load@example.org", "topic": "other",
        "message": f"{MARKER} {number}: a question about the summit.",
    }  # fmt: skip
    headers |= {"Cookie": f"csrftoken={cookie.group(1)}",
                "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
    connection.request("POST", "/press/inquiry/", body=urlencode(form), headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status


def client_loop(number, stop_at, mix, pages, pdfs, recorder, acked):
    rng = random.Random(number)
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    sent = 0
    while time.monotonic() < stop_at and sent < 1_000_000:
        sent += 1
        kind = rng.choices(list(mix), weights=list(mix.values()))[0]
        started = time.monotonic()
        try:
            if kind == "inquiry":
                # One address per request: the proxy's X-Forwarded-For, so the per-address
                # limit (5 in 10 minutes) is exercised without throttling the benchmark.
                status = inquiry(connection, f"10.{number}.{sent // 250 % 250}.{sent % 250}", sent)
                if status == 302:
                    acked.append(1)
            else:
                path = {
                    "page": rng.choice(pages),
                    "pdf": rng.choice(pdfs or pages),
                    "trivial": "/.well-known/security.txt",
                    "library": "/library/",
                }[kind]
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
        except (OSError, http.client.HTTPException):
            status = 599
            connection.close()
            connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        recorder.add(kind, status, time.monotonic() - started, time.monotonic())


def run_phase(seconds, clients, mix, pages, pdfs):
    recorder, acked = Recorder(), []
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client_loop, args=(n, stop_at, mix, pages, pdfs, recorder, acked))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    return threads, recorder, acked, stop_at


def summarise(rows, seconds, since=None):
    report = {}
    for kind in sorted({row[0] for row in rows}):
        times = sorted(row[2] for row in rows if row[0] == kind)
        errors = [row for row in rows if row[0] == kind and row[1] >= 500]
        if since is not None:
            errors = [row for row in errors if row[3] > since]
        report[kind] = {
            "requests": len(times),
            "rps": round(len(times) / seconds, 1),
            "median_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 1),
            "errors": len(errors),
        }
    return report


def worker_memory(server):
    return {child.pid: child.memory_info().rss for child in psutil.Process(server.pid).children()}


def count_inquiries(env):
    code = (
        "import django; django.setup();"
        "from media_relations.models import Inquiry;"
        f"print(Inquiry.objects.filter(message__startswith='{MARKER}').count())"
    )
    result = subprocess.run([PY, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    return int(result.stdout.strip() or -1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--restart-db-at", type=float, default=None)
    parser.add_argument("--soak", action="store_true", help="report worker memory growth")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument(
        "--database-url",
        help="an existing database to use instead of a PostgreSQL of the benchmark's own",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    )
    args = parser.parse_args()
    if args.database_url and args.restart_db_at is not None:
        parser.error("--restart-db-at restarts the benchmark's own PostgreSQL: drop --database-url")

    global PORT
    PORT = args.port or free_port()
    try:
        redis.Redis.from_url(args.redis_url).ping()
    except redis.exceptions.RedisError as error:
        raise SystemExit(f"no Redis at {args.redis_url}: {error}") from error
    workdir = Path(tempfile.mkdtemp(prefix="cco-load-"))
    postgres = None if args.database_url else OwnPostgres(workdir)
    try:
        run(args, workdir, postgres)
    finally:
        if postgres is not None:
            postgres.remove()
        shutil.rmtree(workdir)


def run(args, workdir, postgres):
    database_url = args.database_url or postgres.url
    cache_prefix = f"cco-bench-{uuid.uuid4().hex[:12]}"
    env = server_env(args, database_url, cache_prefix)
    print(f"gunicorn on {HOST}:{PORT}; database {database_url}; cache prefix {cache_prefix}")
    prepare(env)
    log = workdir / "gunicorn.log"
    server = start_server(env, args.workers, log)
    try:
        pages, pdfs = discover(http.client.HTTPConnection(HOST, PORT, timeout=10))
        print(f"{len(pages)} pages, {len(pdfs)} PDFs; {args.clients} clients")

        # Warm-up, then the trivial view alone, then the mix.
        for phase, seconds, mix in (
            ("warm-up", 5, {"page": 85, "pdf": 15}),
            ("trivial view", 10, {"trivial": 1}),
            ("library page", 10, {"library": 1}),
        ):
            threads, recorder, _, _ = run_phase(seconds, args.clients, mix, pages, pdfs)
            for thread in threads:
                thread.join()
            if phase != "warm-up":
                print(phase, summarise(recorder.rows, seconds))

        stored_before = count_inquiries(env)
        before = worker_memory(server)
        threads, recorder, acked, _ = run_phase(
            args.duration, args.clients, {"page": 85, "pdf": 10, "inquiry": 5}, pages, pdfs
        )
        ready_at = None
        if args.restart_db_at is not None:
            time.sleep(args.restart_db_at)
            began = time.monotonic()
            ready_at = postgres.restart()
            print(f"PostgreSQL restarted at t+{args.restart_db_at:.0f}s; accepting connections "
                  f"{ready_at - began:.1f} s later")  # fmt: skip
        for thread in threads:
            thread.join()
        after = worker_memory(server)

        print("mix", summarise(recorder.rows, args.duration))
        if ready_at is not None:
            late = summarise(recorder.rows, args.duration, since=ready_at + 2)
            print("errors from 2 s after PostgreSQL was back:",
                  sum(kind["errors"] for kind in late.values()))  # fmt: skip
        stored = count_inquiries(env) - stored_before
        print(f"inquiries acknowledged: {len(acked)}, stored: {stored}")
        if args.soak:
            for pid in before:
                if pid in after:
                    growth = (after[pid] - before[pid]) / before[pid] * 100
                    print(f"worker {pid}: {before[pid] >> 20} MiB -> {after[pid] >> 20} MiB "
                          f"({growth:+.1f}%)")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
        print(f"deleted the benchmark's {delete_own_keys(args.redis_url, cache_prefix)} cache keys")
        if errors := [
            line for line in log.read_text().splitlines() if "Service Unavailable" in line
        ]:
            print(f"gunicorn logged {len(errors)} 503 responses")


if __name__ == "__main__":
    main()
