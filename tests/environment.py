"""Environment defaults for any pytest run, loaded as a plugin (``-p tests.environment``).

pytest-django imports the settings before any conftest.py is read, so defaults set in a conftest
come too late. A plugin named with ``-p`` in pyproject's ``addopts`` is imported earlier, which
lets plain ``pytest`` (an IDE, bench/fuzz.py) run with what ``./dev test`` exports: debug-mode
settings (development SECRET_KEY and hosts, the embedded PostgreSQL when DATABASE_URL is unset).
Values already in the environment win.
"""

import os

os.environ.setdefault("DEBUG", "1")
