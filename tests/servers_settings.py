"""Settings for app servers a test starts in processes of their own (tests/cco_council/
test_varnish.py): the site's settings, DEBUG off, with two things a test box needs.

Static files are collected into the test's own directory (STATIC_ROOT from the environment),
cookies go over plain HTTP, which the test speaks to its loopback servers, and the cache is a
table in the test database, which the servers and the test share as app servers share Redis.
"""

import os

from cco_council.settings import *  # noqa: F403

STATIC_ROOT = os.environ["TEST_STATIC_ROOT"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": os.environ["TEST_CACHE_TABLE"],
    }
}
