"""A small pytest session of its own, run by tests/test_caching.py in a subprocess.

Its tests cache things the way the site does; the session's clean-up (between the tests and at
the end, from tests/conftest.py) must delete those entries and leave every other key in the
Redis database alone. Not collected by the suite itself (not named test_*.py).
"""

import os
from pathlib import Path

from django.core.cache import cache

from media_relations import services
from tests.caching import SESSION_PREFIX, own_redis_keys


def test_rate_limit_counts_in_the_cache():
    Path(os.environ["CCO_SESSION_PREFIX_FILE"]).write_text(SESSION_PREFIX)
    assert services.inquiry_allowed(ip="192.0.2.77") is True
    assert own_redis_keys("media_relations:inquiry-rate:*") != []


def test_previous_test_entries_are_gone():
    assert own_redis_keys() == []
    cache.set("articles:page:left-for-the-session-end", "x", timeout=600)
