import json
import random
import secrets
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import CoachLink, Profile, Role, User
from apps.assessments import schedule
from apps.assessments.models import Assessment, Instrument, RedFlagCheck
from apps.plans import adherence, services
from apps.plans.models import Plan, SetLog, StretchSession
from apps.runs.models import Run
from apps.sitting.models import SittingDay

DEMO_RUNNER = "runner@demo.psoas.test"
DEMO_COACH = "coach@demo.psoas.test"


class Command(BaseCommand):
    help = "Create (idempotently) a demo runner and a demo coach linked to each other."

    def add_arguments(self, parser):
        parser.add_argument(
            "--credentials-file",
            default=str(settings.BASE_DIR / ".demo-credentials.json"),
            help="Where the generated demo passwords are kept (git-ignored).",
        )

    @transaction.atomic
    def handle(self, *args, credentials_file, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo is for development: run it with DEBUG=1.")
        passwords = self._passwords(Path(credentials_file))
        runner = self._user(DEMO_RUNNER, "Demo Runner", passwords[DEMO_RUNNER], Role.RUNNER)
        coach = self._user(DEMO_COACH, "Demo Coach", passwords[DEMO_COACH], Role.COACH)
        if not CoachLink.objects.active().filter(runner=runner, coach=coach).exists():
            CoachLink.objects.create(
                runner=runner,
                coach=coach,
                direction=CoachLink.Direction.RUNNER_INVITES_COACH,
                status=CoachLink.Status.ACTIVE,
                accepted_at=timezone.now(),
            )
        self._seed_tests(runner)
        self._seed_plan(runner, coach)
        self._seed_sitting(runner)
        self._seed_runs(runner)
        self.stdout.write("Demo accounts (passwords are kept in .demo-credentials.json):")
        for email in (DEMO_RUNNER, DEMO_COACH):
            self.stdout.write(f"  {email:28} password: {passwords[email]}")

    def _seed_tests(self, runner):
        """A year of weekly tests, as a runner would see them: the left hip clearly tight at
        first and the right about level, both easing to about level and below; knees within
        what athletes measure, creeping up; tender at the front of the hip early on, and the
        red-flag questions answered (none) at the first test. Idempotent."""
        if Assessment.objects.owned_by(runner).exists():
            return
        rng = random.Random(20261124)
        today = runner.profile.today()
        last_test = schedule.test_week_start(today, runner.profile.test_weekday) - timedelta(days=7)
        weeks = 52
        tests = []
        for week in range(weeks):
            progress = week / (weeks - 1)
            tests.append(
                Assessment(
                    runner=runner,
                    taken_on=last_test - timedelta(weeks=weeks - 1 - week),
                    # The first six weeks with a goniometer, then the phone: shown, not mixed.
                    instrument=Instrument.GONIOMETER if week < 6 else Instrument.PHONE,
                    hip_angle_left=round(11 - 15 * progress + rng.uniform(-1.5, 1.5), 1),
                    hip_angle_right=round(3 - 9 * progress + rng.uniform(-1.5, 1.5), 1),
                    knee_angle_left=round(54 + 14 * progress + rng.uniform(-2, 2), 1),
                    knee_angle_right=round(62 + 8 * progress + rng.uniform(-2, 2), 1),
                    knee_to_chest_left="lifted" if progress < 0.5 else "stayed_down",
                    knee_to_chest_right="stayed_down",
                    pain_hip=max(0, round(5 - 6 * progress)),
                    tender_to_touch=progress < 0.15,
                    hip_trials=3 if week % 4 == 0 else 1,
                )
            )
        Assessment.objects.bulk_create(tests)
        RedFlagCheck.objects.create(
            runner=runner,
            assessment=tests[0],
            answered_at=timezone.make_aware(
                datetime.combine(tests[0].taken_on, time(19, 0)), runner.profile.zone
            ),
        )

    def _seed_plan(self, runner, coach):
        """A plan from the coach, started four weeks ago, mostly followed; idempotent."""
        if Plan.objects.owned_by(runner).exists():
            return
        today = runner.profile.today()
        monday = today - timedelta(days=today.weekday())
        plan = services.start_plan(
            runner=runner,
            author=coach,
            draft_fields={
                "title": "Left hip catch-up",
                "notes": "Extra set on the left until the difference stays under 5 degrees.",
                "starts_on": monday - timedelta(weeks=4),
                "weeks": 8,
                "sessions_per_week": 4,
            },
            items=services.default_items(extra_set_side="left"),
            today=today,
        )
        schedule = plan.schedule
        skipped = {2, 5, 6, 9}  # a few missed days, so the weeks are not all green
        for number, day in enumerate(adherence.session_days(schedule, plan.starts_on, today)):
            if number in skipped or day == today:
                continue
            session = StretchSession.objects.create(
                runner=runner,
                plan=plan,
                performed_on=day,
                finished_at=timezone.now(),
                discomfort=rng_discomfort(number),
                sets_planned=services.sets_in(plan, day),
            )
            SetLog.objects.bulk_create(
                SetLog(session=session, item=item, side=side, set_number=set_number)
                for item in plan.items.select_related("stretch")
                for side in item.stretch.sides
                for set_number in range(1, item.sets_for(side) + 1)
            )

    def _seed_sitting(self, runner):
        """Six months of daily logs: sitting eases off as the hips improve; idempotent."""
        if SittingDay.objects.owned_by(runner).exists():
            return
        rng = random.Random(7)
        today = runner.profile.today()
        days = []
        for back in range(1, 183):
            day = today - timedelta(days=back)
            weekday = day.weekday() < 5
            base = 560 if weekday else 300  # office days sit more
            trend = back * 0.6  # six months ago, about 110 minutes more a day
            days.append(
                SittingDay(
                    runner=runner,
                    day=day,
                    minutes_seated=int(min(900, base + trend + rng.randint(-45, 45))),
                    standing_breaks=rng.randint(2, 9),
                    core_reps=rng.choice([0, 0, 30, 60]) if weekday else 0,
                    run_minutes=rng.choice([None, 35, 45, 60]) if day.weekday() != 0 else None,
                    run_hills=day.weekday() == 5,
                )
            )
        SittingDay.objects.bulk_create(days)

    def _seed_runs(self, runner):
        """Eight weeks of runs as a watch imports them: easy runs at about 165 steps a minute,
        a hilly long run on Saturdays, ground contact balance a touch long on the left and
        evening out; idempotent. Import a file on the Runs page to add a real one."""
        if Run.objects.owned_by(runner).exists():
            return
        rng = random.Random(11)
        today = runner.profile.today()
        zone = runner.profile.zone
        runs = []
        for back in range(1, 57):
            day = today - timedelta(days=back)
            if day.weekday() not in (1, 3, 5):
                continue
            long_run = day.weekday() == 5
            minutes = (75 if long_run else 40) + rng.randint(-5, 5)
            pace = rng.uniform(330, 360)  # seconds a km
            cadence = rng.uniform(160, 170)
            moving = minutes * 60
            climbs = (
                [
                    {
                        "start_offset_s": offset,
                        "duration_s": 150,
                        "distance_m": 380.0,
                        "gain_m": 23.0,
                        "grade_pct": 6.0,
                    }
                    for offset in (900, 2400, 3600)
                ]
                if long_run
                else []
            )
            runs.append(
                Run(
                    runner=runner,
                    started_at=datetime.combine(day, time(7, 0), tzinfo=zone),
                    day=day,
                    sport="running",
                    elapsed_seconds=moving + 120,
                    moving_seconds=moving,
                    distance_m=round(moving / pace * 1000),
                    elevation_gain_m=95.0 if long_run else 12.0,
                    climbing_seconds=sum(climb["duration_s"] for climb in climbs),
                    climbs=climbs,
                    steps=round(cadence * minutes),
                    cadence_spm=round(cadence, 1),
                    step_length_m=round(1000 / pace / (cadence / 60), 2),
                    gct_balance_left_pct=round(50.4 + back / 56 * 1.2 + rng.uniform(-0.3, 0.3), 1),
                    device="Garmin Forerunner 265 (demo)",
                    file_format="fit",
                    file_name=f"demo-{day.isoformat()}.fit",
                    sha256=f"demo-{day.isoformat()}".ljust(64, "0"),
                )
            )
        Run.objects.bulk_create(runs)

    def _passwords(self, path: Path) -> dict:
        """Random passwords made on the first run and reused after, so none is in the repo."""
        stored = json.loads(path.read_text()) if path.exists() else {}
        for email in (DEMO_RUNNER, DEMO_COACH):
            stored.setdefault(email, secrets.token_urlsafe(12))
        path.write_text(json.dumps(stored, indent=2))
        path.chmod(0o600)
        return stored

    def _user(self, email, display_name, password, role):
        user = User.objects.filter(email=email).first()
        if user is None:
            return User.objects.create_user(email, password, display_name=display_name, role=role)
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        Profile.objects.filter(user=user).exclude(role=role).update(role=role)
        return user


def rng_discomfort(number: int) -> int:
    return 2 + number % 3
