"""A real worker process (manage.py runs_worker) on the test database, for tests that need
the background import to run as it does in production. The test must use transaction=True:
the worker reads only what is committed."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database's address, for a process of its own."""
    params = connection.get_connection_params()
    user = quote(params.get("user") or "")
    password = f":{quote(params['password'])}" if params.get("password") else ""
    query = {key: params[key] for key in ("host", "port") if params.get(key)}
    return f"postgresql://{user}{password}@/{params['dbname']}?{urlencode(query)}"


def start_worker() -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "1",
        "CONN_MAX_AGE": "0",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "runs_worker", "--", "--interval", "0.1", "--no-reload",
         "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def stop(worker, sig=signal.SIGTERM):
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(timeout=30)
    return worker.stdout.read().decode(errors="replace")
