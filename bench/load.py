"""Load, fault and soak benchmark: gunicorn on the local PostgreSQL and Redis.

    .venv/bin/python bench/load.py                      # 50 clients, 60 s, mixed traffic
    .venv/bin/python bench/load.py --restart-db-at 20   # restart PostgreSQL 20 s in
    .venv/bin/python bench/load.py --duration 600 --soak  # 10-minute soak, worker memory

Mix: 85% pages, 10% PDFs, 5% press inquiries (GET the form, POST it). A trivial Django view
(/.well-known/security.txt: no database) is measured with the same clients on the same server
in the same run, for comparison. Only loopback addresses are used; every loop is bounded.
"""

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psutil

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOST, PORT = "127.0.0.1", 8765
MARKER = "bench-inquiry-marker"


def server_env(args):
    return dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        SECURE_SSL_REDIRECT="0",
        SITE_URL=f"http://{HOST}:{PORT}",
        NUM_PROXIES="1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="cco_council.settings",
    )


def prepare(env, args):
    dbname = urlsplit(args.database_url).path.lstrip("/")
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], capture_output=True)
    for command in (
        ["migrate", "--noinput", "-v", "0"],
        ["seed_demo", "-v", "0"],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True)
    subprocess.run(["redis-cli", "-n", args.redis_url.rsplit("/", 1)[-1], "flushdb"], check=True)


def start_server(env, workers):
    process = subprocess.Popen(
        [PY, "-m", "gunicorn", "cco_council.wsgi", f"--bind={HOST}:{PORT}",
         f"--workers={workers}", "--access-logfile=-", "--error-logfile=-", "--log-level=warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection(HOST, PORT, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
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


def restart_postgres():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )
    for _ in range(600):
        if subprocess.run(["pg_isready", "-h", HOST, "-q"]).returncode == 0:
            return time.monotonic()
        time.sleep(0.05)
    raise SystemExit("PostgreSQL did not come back")


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
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/cco_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    args = parser.parse_args()

    env = server_env(args)
    prepare(env, args)
    server = start_server(env, args.workers)
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
            ready_at = restart_postgres()
            print(f"PostgreSQL restarted; accepting connections at t+{args.restart_db_at:.0f}s")
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


if __name__ == "__main__":
    main()
