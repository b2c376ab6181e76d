"""The long fuzz run: the suite's fuzz test with 20,000 requests (or --examples N).

DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cco_fuzz .venv/bin/python bench/fuzz.py
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
    env=dict(os.environ, FUZZ_EXAMPLES=str(args.examples)),
)
outcome = "passed" if result.returncode == 0 else "FAILED"
elapsed = time.monotonic() - started
print(f"{args.examples} fuzzed requests, none may answer 500 or more: {outcome} in {elapsed:.0f} s")
sys.exit(result.returncode)
