"""Real servers for the deployment tests: gunicorn, a Redis of the test's own, a fresh database.

Each is started on a free loopback port and stopped (and waited for) when the test is done.
"""

import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = "/usr/bin/redis-server"


def connection_params() -> dict[str, str]:
    """libpq keywords for the server the tests use (a unix socket for the embedded one)."""
    db = settings.DATABASES["default"]
    params = {
        "host": db.get("HOST") or db.get("OPTIONS", {}).get("host", ""),
        "port": str(db.get("PORT") or ""),
        "user": db.get("USER") or "",
        "password": db.get("PASSWORD") or "",
    }
    return {key: value for key, value in params.items() if value}


def database_url(name: str | None = None) -> str:
    """A DATABASE_URL for the test database, or for database ``name`` on the same server."""
    params = connection_params()
    user = quote(params.get("user", ""), safe="")
    password = quote(params.get("password", ""), safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host, port = params.get("host", ""), params.get("port")
    dbname = quote(name or settings.DATABASES["default"]["NAME"], safe="")
    if host.startswith("/"):
        # A unix socket (the embedded PostgreSQL): dj-database-url reads it from the query.
        return f"postgres://{credentials}/{dbname}?host={quote(host, safe='')}"
    return f"postgres://{credentials}{host}{':' + port if port else ''}/{dbname}"


def server_env(**extra) -> dict[str, str]:
    """The environment of a development process of the site against the test database."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DEBUG="1",
        DATABASE_URL=database_url(),
        DJANGO_SETTINGS_MODULE="cco_council.settings",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(*args, env=None, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env or server_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """A running gunicorn; ``log`` holds everything it wrote once it has stopped."""

    def __init__(self, process, port):
        self.process = process
        self.port = port
        self.log = ""


@contextmanager
def gunicorn(**env):
    """gunicorn with one sync worker serving the site on a socket bound here.

    The listening socket is made before gunicorn starts and handed to it, so a request can be
    sent at once: it waits in the socket's backlog until the worker is ready to take it.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    fd = listener.fileno()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cco_council.wsgi", f"--bind=fd://{fd}",
         "--workers=1", "--timeout=60", "--graceful-timeout=5", "--error-logfile=-",
         "--access-logfile=-", "--log-level=info"],
        cwd=ROOT, env=server_env(**env), pass_fds=[fd], start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    server = Gunicorn(process, listener.getsockname()[1])
    listener.close()
    try:
        yield server
    finally:
        process.terminate()
        try:
            server.log, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            # The master and its worker: the session started for them above.
            os.killpg(process.pid, signal.SIGKILL)
            server.log, _ = process.communicate()


@contextmanager
def redis_server():
    """A Redis of the test's own (nothing saved to disk); yields (process, url)."""
    port = free_port()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--daemonize", "no", "--loglevel", "notice"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_output(process, b"Ready to accept connections", timeout=20)
        yield process, f"redis://127.0.0.1:{port}/0"
    finally:
        process.kill()
        process.wait(timeout=10)


def wait_for_output(process, needle: bytes, *, timeout: float) -> bytes:
    """Read the process's output until ``needle`` appears; fail after ``timeout`` seconds."""
    seen = b""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while needle not in seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise TimeoutError(f"no {needle!r} within {timeout} s: {seen.decode()!r}")
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError(f"exited before {needle!r}: {seen.decode()!r}")
            seen += chunk
    return seen
