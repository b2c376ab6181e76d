"""The site's settings, plus the page bench's trivial view and query count (bench/pages.py)."""

from cco_council.settings import *  # noqa: F403
from cco_council.settings import MIDDLEWARE

ROOT_URLCONF = "pages_app"
MIDDLEWARE = ["pages_app.count_queries", *MIDDLEWARE]
