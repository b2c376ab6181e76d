"""The long fuzz run: the suite's fuzz test with 20,000 requests (or --examples N).

    .venv/bin/python bench/fuzz.py [--examples N]

Runs tests/cco_council/test_fuzz.py through pytest, with the suite's settings: debug-mode
development settings, the embedded PostgreSQL unless DATABASE_URL names a server (the test
database is created and dropped there, as in any test run).
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--examples", type=int, default=20_000)
args = parser.parse_args()

env = dict(os.environ, FUZZ_EXAMPLES=str(args.examples))
# What ./dev test exports (tests/environment.py gives the same default to any pytest run).
env.setdefault("DEBUG", "1")

started = time.monotonic()
result = subprocess.run(
    [
        sys.executable,
        "-m",
        "pytest",
        "tests/cco_council/test_fuzz.py",
        "-q",
        "-p",
        "no:cacheprovider",
    ],
    cwd=ROOT,
    env=env,
)
outcome = "passed" if result.returncode == 0 else "FAILED"
elapsed = time.monotonic() - started
print(f"{args.examples} fuzzed requests, none may answer 500 or more: {outcome} in {elapsed:.0f} s")
sys.exit(result.returncode)
