"""The squad report: a group's (or every runner's) tests, adherence and alerts over the last
REPORT_WEEKS weeks, for one printed page. Built from the roster's rows (roster.py) and one query
of the tests, so its queries stay constant as the squad and its history grow."""

from datetime import timedelta
from typing import NamedTuple

from django.utils import timezone
from django.utils.formats import date_format

from apps.assessments import scoring, verdicts
from apps.assessments.models import Assessment
from apps.dashboard import alerts, roster
from apps.plans import adherence

REPORT_WEEKS = 4


class TestLine(NamedTuple):
    id: int
    taken_on: object  # date
    imbalance: scoring.Imbalance


class Line(NamedTuple):
    row: roster.Row
    tests: list[TestLine]  # of the report's weeks, oldest first
    weeks: list[tuple[str, adherence.WeekAdherence]]  # each week of the row's with its label


class Report(NamedTuple):
    since: object  # date: the Monday the report's first week starts
    lines: list[Line]
    tested: int  # runners with a test in the report's weeks
    weeks_on_track: int  # of the weeks that had sessions planned, over all runners
    weeks_planned: int
    alert_counts: list[tuple[str, int]]  # (severity, how many alerts), the most serious first


def squad_report(coach, group_id: int | None = None) -> Report:
    """The report of the coach's runners in group `group_id` (every runner without one), every
    open alert included (seen ones too: the report is a snapshot for the coach's meeting)."""
    since = adherence.monday_of(timezone.localdate()) - timedelta(weeks=REPORT_WEEKS - 1)
    rows = roster.filter_rows(
        roster.runner_rows(coach, weeks=REPORT_WEEKS, include_seen=True), group_id=group_id
    )
    rows = roster.sort_rows(rows, "alerts")
    tests = tests_by_runner(coach, since)
    # "Week of 30 Nov" names each week's cell on a phone, where the table stacks: written once
    # a week, not once a cell.
    labels = {}
    for row in rows:
        for week in row.weeks:
            if week.week_start not in labels:
                labels[week.week_start] = f"Week of {date_format(week.week_start, 'j M')}"
    lines = [
        Line(
            row,
            tests.get(row.runner_id, []),
            [(labels[week.week_start], week) for week in row.weeks],
        )
        for row in rows
    ]
    weeks = [week for row in rows for week in row.weeks if week.planned and not week.in_progress]
    counts = {}
    for row in rows:
        for alert in row.alerts:
            counts[alert.level] = counts.get(alert.level, 0) + 1
    return Report(
        since=since,
        lines=lines,
        tested=sum(1 for line in lines if line.tests),
        weeks_on_track=sum(1 for week in weeks if week.colour == adherence.GREEN),
        weeks_planned=len(weeks),
        alert_counts=[(level, counts[level]) for level in alerts.SEVERITIES if level in counts],
    )


def tests_by_runner(coach, since) -> dict[int, list[TestLine]]:
    """The tests of the coach's runners taken from `since` on, by runner, oldest first: one
    query."""
    limits = {}  # instrument: its thresholds
    by_runner = {}
    for runner_id, pk, taken_on, instrument, hip_left, hip_right in (
        Assessment.objects.coached_by(coach)
        .filter(taken_on__gte=since)
        .order_by("taken_on", "pk")
        .values_list(
            "runner_id", "pk", "taken_on", "instrument", "hip_angle_left", "hip_angle_right"
        )
    ):
        if instrument not in limits:
            limits[instrument] = verdicts.thresholds(instrument)
        imbalance = scoring.hip_imbalance(hip_left, hip_right, limits[instrument])
        by_runner.setdefault(runner_id, []).append(TestLine(pk, taken_on, imbalance))
    return by_runner
