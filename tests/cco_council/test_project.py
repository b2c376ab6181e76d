"""Production settings refuse to start without what production needs.

Lint, import contracts, the migrations check and the production deploy check are steps of
./dev test that run before pytest (see README), not tests.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DEBUG="0",
        SECRET_KEY="x" * 20 + "a-long-production-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="ccocouncil.example",
        DATABASE_URL=os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:9/unused",
    )
    env.update(extra)
    return env


def test_production_refuses_to_start_without_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run("manage.py", "check", env=env)
    assert result.returncode == 1
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = production_env()
    del env["ALLOWED_HOSTS"]
    result = run("manage.py", "check", env=env)
    assert result.returncode == 1
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_templates_are_compiled_once_per_process_in_production():
    # Django's cached loader keeps each compiled template; without it every include was
    # parsed again on every page.
    code = (
        "from django.template import engines; "
        "engine = engines['django'].engine; "
        "print([loader.__class__.__module__ for loader in engine.template_loaders])"
    )
    result = run("manage.py", "shell", "-c", code, env=production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['django.template.loaders.cached']"
