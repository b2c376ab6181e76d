"""An embedded PostgreSQL for machines with nothing but Python.

When DATABASE_URL is unset, settings call ``database_url()``, which starts (or joins) a
PostgreSQL server from the ``pgserver`` wheel whose data lives in ``.pgdata/`` of the checkout.
pgserver counts the processes using the server and stops it when the last one exits, so
``runserver`` (two processes), ``migrate`` and a pytest run each leave no server behind.
"""

import logging
import warnings
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"


def database_url() -> str:
    # pgserver logs every pg_ctl call at INFO; platformdirs warns about XDG_RUNTIME_DIR.
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", module="platformdirs")
    import pgserver

    server = pgserver.get_server(DATA_DIR, cleanup_mode="stop")
    # get_uri() names a unix socket; dj-database-url reads host from the query string.
    return server.get_uri()
