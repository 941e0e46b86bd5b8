"""A runner with a realistic year: weekly tests with pain scores, red flags raised and cleared
(one still open), a coach's plan with the last four weeks of sessions and their notes, sitting
every day, runs from a watch. For the runner's whole picture and its printed report."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from apps.assessments.models import Assessment, ClearedHow, RedFlag
from apps.plans import services
from apps.plans.models import StretchSession
from apps.sitting.models import SittingDay
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import complete_session
from tests.runs.factories import RunFactory

WEEKS = 52
NOTES = (
    "Left side tight after the long run; eased by the second set.",
    "Felt fine.",
    "Short on time: did the lunges only once.",
    "",
)


def year_of_history(runner, coach):
    today = runner.profile.today()
    tests = Assessment.objects.bulk_create(
        AssessmentFactory.build(
            runner=runner,
            taken_on=today - timedelta(weeks=week),
            instrument="phone",
            hip_angle_left=9 - week % 6 * 0.5 + (WEEKS - week) * -0.1,
            hip_angle_right=1 + week % 4 * 0.5,
            knee_angle_left=58 + week % 5,
            knee_angle_right=64 + week % 3,
            knee_to_chest_left="lifted" if week % 3 else "stayed_down",
            knee_to_chest_right="stayed_down",
            pain_low_back=2 + week % 3,
            pain_hip=3 + week % 4,
            pain_groin=1 + week % 2,
            pain_glute=week % 3,
            pain_hamstring=2,
            pain_uphill=week % 2 == 0,
            notes="After a hilly week." if week % 4 == 0 else "",
        )
        for week in range(WEEKS)
    )
    by_week = {(today - test.taken_on).days // 7: test for test in tests}
    zone = runner.profile.zone
    for weeks_ago, key, how in (
        (40, "lasting", ClearedHow.ANSWER),
        (30, "night_or_rest", ClearedHow.CLINICIAN),
        (20, "numbness", ClearedHow.ANSWER),
        (12, "injury", ClearedHow.CLINICIAN),
    ):
        raised = datetime.combine(by_week[weeks_ago].taken_on, time(9), tzinfo=zone)
        RedFlag.objects.create(
            runner=runner,
            key=key,
            test=by_week[weeks_ago],
            raised_at=raised,
            cleared_at=raised + timedelta(days=10),
            cleared_how=how,
        )
    RedFlag.objects.create(runner=runner, key="lasting", test=by_week[0], raised_at=timezone.now())
    plan = services.start_plan(
        runner=runner,
        author=coach,
        draft_fields={
            "title": "Spring block: length, then keep it",
            "starts_on": today - timedelta(weeks=10),
            "weeks": 16,
            "sessions_per_week": 5,
            "maintenance_from_week": 7,
            "maintenance_sessions_per_week": 3,
            "notes": "Easy on the left after the marathon; lunges only when the hip is quiet.",
        },
        items=services.default_items(),
        today=today - timedelta(weeks=10),
    )
    for day in range(1, 29):
        if day % 7 in (2, 5):
            continue  # two rest days a week
        session = complete_session(plan, today - timedelta(days=day))
        StretchSession.objects.filter(pk=session.pk).update(
            discomfort=2 + day % 6, notes=NOTES[day % len(NOTES)]
        )
    SittingDay.objects.bulk_create(
        SittingDay(
            runner=runner, day=today - timedelta(days=day), minutes_seated=360 + day % 5 * 30
        )
        for day in range(WEEKS * 7)
    )
    start = datetime.combine(today, time(7), tzinfo=zone)
    for number in range(12):
        RunFactory(runner=runner, started_at=start - timedelta(days=2 * number + 1))
    return plan
