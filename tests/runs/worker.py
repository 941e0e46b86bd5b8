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


def start_worker(**settings_env: str) -> subprocess.Popen:
    """The worker, with settings read from the environment (RUNS_PARSE_CPU_SECONDS="1") set."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "1",
        "CONN_MAX_AGE": "0",
        **settings_env,
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


def children(pid: int) -> dict[int, float]:
    """{pid: CPU seconds used} of the live processes whose parent is `pid` (Linux's /proc)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        state, parent, utime, stime = fields[0], int(fields[1]), int(fields[11]), int(fields[12])
        if parent == pid and state != "Z":
            found[int(stat.parent.name)] = (utime + stime) / os.sysconf("SC_CLK_TCK")
    return found


def is_gone(pid: int) -> bool:
    """Ended: no such process, or one ended that nobody has reaped yet (a zombie)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
