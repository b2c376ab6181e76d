"""An embedded PostgreSQL for machines with nothing but Python.

When DATABASE_URL is unset, settings call ``database_url()``, which starts (or joins) a
PostgreSQL server from the ``pgserver`` wheel whose data lives in ``.pgdata/`` of the checkout.
pgserver counts the processes using the server and stops it when the last one exits, so
``runserver`` (two processes), ``migrate`` and a pytest run each leave no server behind.
"""

import atexit
import logging
import signal
import sys
import threading
import warnings
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"


def database_url() -> str:
    # pgserver logs every pg_ctl call at INFO; platformdirs warns about XDG_RUNTIME_DIR.
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", module="platformdirs")
    import pgserver
    from pgserver.utils import process_is_running

    server = pgserver.get_server(DATA_DIR, cleanup_mode="stop")
    # pgserver stops the server when the last process on its list exits; a process that was
    # killed outright stays on the list and would keep the server alive for ever. Forget those.
    # runserver's reloader SIGKILLs its child on the way out, so forget the dead again at exit
    # (atexit runs this before pgserver's own hook, registered earlier).
    handles = server.global_process_id_list

    def forget_dead_processes():
        handles.put([pid for pid in handles.get() if process_is_running(pid)])

    forget_dead_processes()
    atexit.register(forget_dead_processes)
    # pgserver stops the server from an atexit hook, which SIGTERM would skip: turn SIGTERM
    # and SIGHUP into a normal exit so a killed runserver or test run leaves nothing behind.
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(signum) in (signal.SIG_DFL, None):
                signal.signal(signum, _exit_normally)
    # get_uri() names a unix socket; dj-database-url reads host from the query string.
    return server.get_uri()


def _exit_normally(signum, frame):
    sys.exit(128 + signum)
