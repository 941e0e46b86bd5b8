"""Server time of the main pages as a ratio to a minimal logged-in page, measured in one run.

Runs in-process through the full middleware stack (Django's test client) against a throwaway
PostgreSQL database, with a runner holding 1 year and then 10 years of weekly tests. Ratios, not
absolute times: the machines are shared and noisy.

    make bench            # or: python bench/pages.py [--repeat N]
"""

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psoas_tracker.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.accounts.models import CoachLink, User  # noqa: E402
from apps.assessments.models import Assessment  # noqa: E402
from apps.dashboard.models import RunnerGroup  # noqa: E402
from apps.plans import services  # noqa: E402
from apps.plans.models import (  # noqa: E402
    BlockDecision,
    MorningCheck,
    Plan,
    PlanItem,
    ReturnCause,
    ReturnToRun,
    Stretch,
    StretchSession,
    WalkRun,
)
from apps.portability import account_data  # noqa: E402
from apps.sitting.models import SittingDay  # noqa: E402

PAGES = [
    ("minimal page", "/bench/minimal/", {}),
    ("tests page (12 weeks)", "/tests/", {}),
    ("charts, all (htmx)", "/tests/?range=all", {"HX-Request": "true", "HX-Target": "charts"}),
    ("tests page, all", "/tests/?range=all", {}),
    ("history page 2 (htmx)", "/tests/?page=2", {"HX-Request": "true"}),
    ("record form", "/tests/new/", {}),
    ("dashboard", "/", {}),
    ("plan page", "/plan/", {}),
    ("session page", "/plan/session/", {}),
    ("sitting week", "/sitting/", {}),
    ("insights", "/insights/", {}),
    ("coach roster (30 runners)", "/coach/", {}),
    # A club's coach: 200 runners, the first page of 50 in alerts order (all 200 are read).
    ("coach roster (200 runners)", "/coach/?club", {}),
    ("squad report (30 runners)", "/coach/report/", {}),
    ("squad report (200 runners)", "/coach/report/?club", {}),
]


def seed_coach(runner, count=30, name="coach"):
    """A coach with `count` linked runners (the bench runner among them), each with a plan and
    a test, the first 10 in a group of their own and every runner in the coach's squad."""
    coach = User.objects.create_user(f"{name}@example.com", "bench-passphrase-2026")
    runners = [runner] + [
        User.objects.create_user(f"{name}-runner{n}@example.com", "bench-passphrase-2026")
        for n in range(count - 1)
    ]
    for member in runners:
        CoachLink.objects.create(
            runner=member,
            coach=coach,
            direction="runner",
            status="active",
            accepted_at=timezone.now(),
        )
        services.start_plan(
            runner=member,
            author=coach,
            draft_fields={
                "title": "Plan",
                "starts_on": member.profile.today() - timedelta(weeks=8),
                "weeks": 52,
                "sessions_per_week": 4,
            },
            items=services.default_items(),
            today=member.profile.today(),
        )
        if member == runner:
            continue  # its history comes from seed()
        Assessment.objects.create(
            runner=member,
            taken_on=member.profile.today() - timedelta(days=len(member.email) % 10),
            instrument="phone",
            hip_angle_left=4 + len(member.email) % 9,
            hip_angle_right=2,
        )
    links = list(CoachLink.objects.filter(coach=coach).order_by("pk"))
    RunnerGroup.objects.create(coach=coach, name="Marathon squad").links.set(links[:10])
    RunnerGroup.objects.create(coach=coach, name="Everyone").links.set(links)
    return coach


def seed_programme(runner):
    """The bench runner's plan as issue 26 made it: strength on two days a week beside the
    stretches, a decision of the tests announced, the next-morning checks of a month, and a
    return to running a few outings in."""
    today = runner.profile.today()
    plan = Plan.objects.get(runner=runner, status="active")
    Plan.objects.filter(pk=plan.pk).update(strength_sessions_per_week=2)
    start = PlanItem.objects.filter(plan=plan).count()
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            stretch=stretch,
            order=start + n,
            sets=stretch.default_sets,
            hold_seconds=stretch.default_hold_seconds,
            reps=stretch.default_reps,
        )
        for n, stretch in enumerate(Stretch.objects.catalogue().strength()[:4], start=1)
    )
    BlockDecision.objects.create(
        plan=plan, kind="physio", reason="No real change after 6 weeks.", made_on=today
    )
    MorningCheck.objects.bulk_create(
        MorningCheck(runner=runner, day=today - timedelta(days=day), pain=day % 4)
        for day in range(1, 31)
    )
    block = ReturnToRun.objects.create(
        runner=runner, cause=ReturnCause.PAIN_PAUSE, started_on=today - timedelta(days=20)
    )
    WalkRun.objects.bulk_create(
        WalkRun(block=block, day=today - timedelta(days=day), pain_during=1)
        for day in range(19, 0, -2)
    )


def seed(runner, weeks):
    today = runner.profile.today()
    plan = Plan.objects.filter(runner=runner, status="active").first()
    existing = Assessment.objects.filter(runner=runner).count()
    Assessment.objects.bulk_create(
        Assessment(
            runner=runner,
            taken_on=today - timedelta(weeks=week + 1),
            instrument="phone" if week % 9 else "goniometer",
            hip_angle_left=5 + week % 7,
            hip_angle_right=week % 5,
            knee_angle_left=60 + week % 11,
            knee_angle_right=65 + week % 9,
        )
        for week in range(existing, weeks)
    )
    SittingDay.objects.bulk_create(
        SittingDay(
            runner=runner,
            day=today - timedelta(days=day + 1),
            minutes_seated=300 + day % 200,
            run_minutes=30,
        )
        for day in range(existing * 7, weeks * 7)
    )
    if plan:
        StretchSession.objects.bulk_create(
            StretchSession(
                runner=runner,
                plan=plan,
                performed_on=today - timedelta(days=day + 1),
                sets_planned=12,
            )
            for day in range(existing * 7, min(weeks * 7, 8 * 7))
        )


def csv_of_tests(rows):
    """A spreadsheet of `rows` tests, one a day back from 2020-01-01."""
    start = date(2020, 1, 1)
    lines = [
        f"{start + timedelta(days=n)},phone,{n % 9},{n % 7},{60 + n % 20},{65 + n % 15},"
        f"after run {n}"
        for n in range(rows)
    ]
    header = "date,instrument,hip_angle_left,hip_angle_right,knee_angle_left,knee_angle_right,notes"
    return (header + "\n" + "\n".join(lines) + "\n").encode()


def export_of(records, today):
    """A JSON export of `records` records: weekly tests, daily logs, runs, and a plan whose
    sessions log their sets, dated back from `today`."""
    tests, days, sessions, runs = records // 20, records * 7 // 20, records // 12, records // 10
    set_logs = records - tests - days - 1 - 3 - sessions - runs
    sets_per_session = set_logs // sessions
    return {
        "format": "psoas-tracker-export",
        "version": account_data.VERSION,
        "exported_at": timezone.now().isoformat(),
        "email": "bench@example.com",
        "profile": {
            "display_name": "Bench", "timezone": "UTC", "test_weekday": 0,
            "dominant_leg": "", "cadence": 180, "reminders_opt_in": True,
        },
        "tests": [
            {
                "taken_on": (today - timedelta(weeks=n + 1)).isoformat(), "instrument": "phone",
                "hip_angle_left": n % 9, "hip_angle_right": n % 7, "knee_angle_left": 60,
                "knee_angle_right": 65, "knee_to_chest_left": "not_done",
                "knee_to_chest_right": "not_done", "abduction_left": None,
                "abduction_right": None, "pain_low_back": None, "pain_hip": 2,
                "pain_groin": None, "pain_glute": None, "pain_hamstring": None,
                "pain_uphill": False, "notes": f"test {n}", "created_at": timezone.now().isoformat(),
            }
            for n in range(tests)
        ],
        "plans": [
            {
                "author_name": "", "title": "Plan", "reason": "", "notes": "",
                "starts_on": (today - timedelta(days=sessions + 1)).isoformat(), "weeks": 52,
                "sessions_per_week": 6, "maintenance_from_week": None,
                "maintenance_sessions_per_week": None, "status": "ended",
                "ended_on": today.isoformat(), "created_at": timezone.now().isoformat(),
                "items": [
                    {"stretch": slug, "order": order, "sets": 3, "hold_seconds": 30, "reps": None,
                     "extra_set_side": ""}
                    for order, slug in enumerate(
                        ("edge-of-table", "warrior-one", "half-kneeling-lunge"), start=1
                    )
                ],
                "sessions": [
                    {
                        "performed_on": (today - timedelta(days=n + 1)).isoformat(),
                        "started_at": timezone.now().isoformat(), "finished_at": None,
                        "discomfort": None, "sets_planned": sets_per_session,
                        "sets": [
                            {"stretch": "edge-of-table", "side": ("left", "right")[k % 2],
                             "set_number": k // 2 + 1, "done_at": timezone.now().isoformat()}
                            for k in range(sets_per_session)
                        ],
                    }
                    for n in range(sessions)
                ],
            }
        ],
        "sitting_days": [
            {
                "day": (today - timedelta(days=n)).isoformat(), "minutes_seated": 300 + n % 200,
                "standing_breaks": 3, "core_reps": 0, "run_minutes": None, "run_hills": False,
                "notes": "",
            }
            for n in range(days)
        ],
        "runs": [
            {
                "started_at": f"{today - timedelta(days=n + 1)}T07:00:00+00:00",
                "day": (today - timedelta(days=n + 1)).isoformat(), "sport": "running",
                "elapsed_seconds": 2900, "moving_seconds": 2832, "distance_m": 9008.0,
                "elevation_gain_m": 64.0, "climbing_seconds": 180,
                "climbs": [{"start_offset_s": 600, "duration_s": 180, "distance_m": 420.0,
                            "gain_m": 25.0, "grade_pct": 6.0}],
                "steps": 15300, "cadence_spm": 162.0, "step_length_m": 1.18,
                "gct_balance_left_pct": 50.9, "device": "Garmin fenix 2", "file_format": "fit",
                "file_name": f"run-{n}.fit", "sha256": f"{n:064x}",
            }
            for n in range(runs)
        ],
    }  # fmt: skip


def measure_imports():
    """Seconds for a 2,000-row tests CSV (preview, then import) and a 20,000-record JSON
    export, each into a new account, through the whole stack (targets: 2 s and 10 s)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.portability import views as portability

    # One run asks far more than a person would: the hourly import limit is not measured here.
    unlimited = portability.throttle.Limit(10**9, timedelta(hours=1))
    portability.IMPORTS_PER_ACCOUNT = portability.IMPORTS_PER_CLIENT = unlimited
    results = {}
    csv_user = User.objects.create_user("csv@example.com", "bench-passphrase-2026")
    client = Client()
    client.force_login(csv_user)
    body = csv_of_tests(2000)
    start = time.perf_counter()
    for extra in ({}, {"confirm": "1"}):
        response = client.post(
            "/tests/import/", {"file": SimpleUploadedFile("t.csv", body), **extra}
        )
    results["tests CSV, 2,000 rows"] = (time.perf_counter() - start, 2.0)
    assert response.status_code == 302, response.status_code
    assert Assessment.objects.filter(runner=csv_user).count() == 2000

    json_user = User.objects.create_user("json@example.com", "bench-passphrase-2026")
    client = Client()
    client.force_login(json_user)
    export = export_of(20_000, json_user.profile.today())
    body = json.dumps(export).encode()
    start = time.perf_counter()
    response = client.post("/account/import/", {"file": SimpleUploadedFile("x.json", body)})
    results["JSON export, 20,000 records"] = (time.perf_counter() - start, 10.0)
    assert response.status_code == 302, response.content.decode()[-500:]
    return results


def measure(pages, repeat, before=None):
    """{name: (median seconds, queries, body)} for (name, client, url, headers) pages.

    Round-robin: each round requests every page once, so a slower or faster spell of this
    shared machine touches every page alike, the minimal one included. before: {name: a
    function called before each request of that page, untimed}.
    """
    before = before or {}
    for name, client, url, headers in pages:
        for _ in range(5):
            before.get(name, lambda: None)()
            client.get(url, headers=headers)
    times = {name: [] for name, *_ in pages}
    for _ in range(repeat):
        for name, client, url, headers in pages:
            before.get(name, lambda: None)()
            start = time.perf_counter()
            response = client.get(url, headers=headers)
            times[name].append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
    results = {}
    for name, client, url, headers in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers=headers)
        results[name] = (statistics.median(times[name]), len(queries), response.content)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--imports-only", action="store_true", help="skip the page timings")
    parser.add_argument("--only", help="time only the pages whose name contains this")
    args = parser.parse_args()
    # As in production: no debug, cached templates, and no test-client template instrumentation
    # (setup_test_environment would slow every render).
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        with override_settings(ROOT_URLCONF="bench.urls"):
            results = {}
            imports = {} if args.only else measure_imports()
            if args.imports_only:
                return report_imports(imports)
            runner = User.objects.create_user("bench@example.com", "bench-passphrase-2026")
            coach = seed_coach(runner)
            seed_programme(runner)
            club = seed_coach(runner, count=200, name="club")
            client = Client()
            client.force_login(runner)
            coach_client = Client()
            coach_client.force_login(coach)
            club_client = Client()
            club_client.force_login(club)
            clients = {
                "/coach/": coach_client,
                "/coach/?club": club_client,
                "/coach/report/": coach_client,
                "/coach/report/?club": club_client,
            }
            for years in (1, 10):
                seed(runner, 52 * years)
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # as autovacuum would have, in production
                pages = [
                    (name, clients.get(url, client), url, headers)
                    for name, url, headers in PAGES
                    if not args.only or args.only in name or name == "minimal page"
                ]
                for name, result in measure(pages, args.repeat).items():
                    results[(name, years)] = result
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    report(results, only=args.only)
    report_imports(imports)


def report_imports(imports):
    for name, (seconds, target) in imports.items():
        print(f"import {name}: {seconds:.2f} s (target under {target:g} s)")


def report(results, only=None):
    base_1, _, _ = results[("minimal page", 1)]
    base_10, _, _ = results[("minimal page", 10)]
    print(
        f"{'page':26} {'x minimal (1y)':>14} {'x minimal (10y)':>15} {'ms (10y)':>9} "
        f"{'queries 1y/10y':>15} {'HTML KB':>8} {'gzip KB':>8}"
    )
    for name, _url, _headers in PAGES:
        if (name, 1) not in results:
            continue
        t1, q1, _ = results[(name, 1)]
        t10, q10, html = results[(name, 10)]
        print(
            f"{name:26} {t1 / base_1:14.1f} {t10 / base_10:15.1f} {t10 * 1000:9.2f} {f'{q1}/{q10}':>15} "
            f"{len(html) / 1024:8.1f} {len(gzip.compress(html)) / 1024:8.1f}"
        )
    print(f"(minimal page median: {base_1 * 1000:.2f} ms at 1 year, {base_10 * 1000:.2f} ms at 10)")
    if only:
        return
    assets = ["vendor/pico/pico.min.css", "css/app.css", "vendor/htmx/htmx.min.js", "js/app.js"]
    static = Path(__file__).resolve().parent.parent / "static"
    asset_gzip = sum(len(gzip.compress((static / asset).read_bytes())) for asset in assets)
    dashboard_gzip = len(gzip.compress(results[("dashboard", 10)][2]))
    print(
        f"dashboard with its CSS and JS, gzipped: {(dashboard_gzip + asset_gzip) / 1024:.1f} KB "
        f"(page {dashboard_gzip / 1024:.1f} KB + assets {asset_gzip / 1024:.1f} KB; target 40 KB)"
    )


if __name__ == "__main__":
    main()
