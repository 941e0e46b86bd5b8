"""The coach's roster: each linked runner's week at a glance, in a constant number of queries."""

import json
from collections import namedtuple
from datetime import date, datetime, timedelta
from functools import lru_cache
from html import escape
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from apps.accounts.models import CoachLink, shown_name
from apps.accounts.scoping import coached_runner_ids
from apps.assessments import scoring, verdicts
from apps.dashboard import alerts
from apps.dashboard.models import RunnerFacts
from apps.plans import adherence
from psoas_tracker.rendering import html_list, url_maker

QUIET_DAYS = alerts.QUIET_DAYS


def pending_invites(coach):
    """The invites the coach sent that wait for an answer, as plain dicts, newest first."""
    return [
        dict(zip(LINK_FIELDS, values, strict=True))
        for values in CoachLink.objects.filter(
            coach=coach,
            status=CoachLink.Status.PENDING,
            direction=CoachLink.Direction.COACH_INVITES_RUNNER,
        )
        .order_by("-created_at")
        .values_list(*LINK_FIELDS)
    ]


LINK_FIELDS = ("pk", "token", "created_at", "expires_at", "sent_to")


def runner_rows(coach):
    """One row per active link, with what the roster sorts and counts by: this week's
    adherence, the latest imbalance and the alerts the coach has not marked seen (alerts.py).
    The words and links of a row are added by drawn(), for the page shown only.

    One query whatever the number of runners (_facts); each runner's row is worked out once for
    the same facts on the same day (_computed). Adherence counts as on the runner's own plan
    page: every session of the week, whichever plan it followed, against the schedule each week
    had.
    """
    # Three weeks of sessions: this week and the two before (adherence), the 14 quiet days.
    since = timezone.localdate() - timedelta(days=QUIET_DAYS + 7)
    todays = {}  # time zone name: today's date there (most runners share a few zones)
    limits_of = {}  # the instruments of the latest two tests: what they can tell apart
    rows = []
    for facts, seen in _facts(coach, since):
        today = todays.get(facts.zone) or todays.setdefault(
            facts.zone, timezone.localdate(timezone=ZoneInfo(facts.zone))
        )
        instruments = (facts.test_instrument, facts.previous_instrument or facts.test_instrument)
        limits = limits_of.get(instruments) or limits_of.setdefault(
            instruments, verdicts.thresholds(*instruments)
        )
        items, all_alerts = _computed(today, facts, limits)
        row = dict(items)
        row["name"] = shown_name(facts.display_name, facts.email)
        row["runner_id"] = facts.runner_id
        row["link_pk"] = facts.link_pk
        row["alerts"] = (
            [alert for alert in all_alerts if alert.key not in seen] if seen else [*all_alerts]
        )
        rows.append(row)
    return rows


# Rows kept by _computed, per process: about 2 KB each (measured), a club of 200 runners takes
# 200, so some 20 clubs' rosters in 8 MB.
COMPUTED_ROWS = 4096


@lru_cache(maxsize=COMPUTED_ROWS)
def _computed(today, facts, limits):
    """What _row makes of a runner's facts on a day: the row's (key, value) pairs and its
    alerts, as tuples (kept, so never changed by a caller). A pure function of
    its arguments, which every request reads afresh: a runner whose facts have not changed since
    the coach's last request (a club's roster is sorted, filtered and paged one request at a
    time) is not worked out again, and a change shows at once, since it changes the key."""
    accepted = facts.accepted_at
    linked_on = accepted and accepted.astimezone(ZoneInfo(facts.zone)).date()
    row, all_alerts = _row(today, facts, limits, linked_on=linked_on)
    return tuple(row.items()), tuple(all_alerts)


def _facts(coach, since):
    """Each runner's latest two tests, red flags and plan schedule, one row a runner from a view
    (dashboard_runner_facts), with the runner's name, time zone and test day, the coach's active
    link with them, their sessions since `since` as arrays, and the keys of the alerts the coach
    marked seen: RosterFacts, in one query.

    SQL, scoped by the one scoping path's subquery (coached_runner_ids, which coached_by
    filters by everywhere): a club's roster built from querysets cost more in compiling them,
    and in round trips, than PostgreSQL took to run them. Tuples, because a club's hundreds of
    model instances or dicts cost milliseconds."""
    scope, scope_params = coached_runner_ids(coach).query.sql_with_params()
    sql = f"""
        SELECT {FACT_COLUMNS}, link.id, link.accepted_at, u.email, p.display_name, p.timezone,
               p.test_weekday, s.performed_on, s.finished, s.sets_done, s.sets_planned,
               s.discomfort, s.ids, seen.keys
        FROM dashboard_runner_facts f
        JOIN accounts_coachlink link
            ON link.runner_id = f.runner_id AND link.coach_id = %s AND link.status = %s
        JOIN accounts_user u ON u.id = f.runner_id
        JOIN accounts_profile p ON p.user_id = f.runner_id
        -- sets_done counts a session's set logs, as StretchSessionQuerySet.annotate_sets_done.
        LEFT JOIN (
            SELECT session.runner_id, array_agg(session.performed_on) AS performed_on,
                   array_agg(session.finished_at IS NOT NULL) AS finished,
                   array_agg((
                       SELECT count(*) FROM plans_setlog set_log
                       WHERE set_log.session_id = session.id
                   )) AS sets_done,
                   array_agg(session.sets_planned) AS sets_planned,
                   array_agg(session.discomfort) AS discomfort,
                   array_agg(session.id) AS ids
            FROM plans_stretchsession session
            WHERE session.runner_id IN ({scope}) AND session.performed_on >= %s
            GROUP BY session.runner_id
        ) AS s ON s.runner_id = f.runner_id
        LEFT JOIN (
            SELECT runner_id, array_agg(key) AS keys
            FROM dashboard_seenalert
            WHERE coach_id = %s
            GROUP BY runner_id
        ) AS seen ON seen.runner_id = f.runner_id
        WHERE f.runner_id IN ({scope})
    """
    params = (
        coach.pk,
        CoachLink.Status.ACTIVE.value,
        *scope_params,
        since,
        coach.pk,
        *scope_params,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # Hashable, for _computed's key: arrays as tuples; jsonb stays text (Django's connection
    # reads it so) until _row parses it.
    array_at = [RosterFacts._fields.index(name) for name in ARRAY_FIELDS]
    make = RosterFacts._make
    for *row, seen in rows:
        for at in array_at:
            if row[at] is not None:
                row[at] = tuple(row[at])
        yield make(row), seen


FACT_FIELDS = [
    field.attname for field in RunnerFacts._meta.concrete_fields if field.attname != "runner_id"
] + ["runner_id"]
FACT_COLUMNS = ", ".join(f"f.{name}" for name in FACT_FIELDS)
# What _facts() joins to each row of the view, in its SELECT's order: the link, the runner, and
# the sessions as parallel arrays (None without a session). The alerts marked seen come apart.
JOINED = (
    "link_pk", "accepted_at", "email", "display_name", "zone", "test_weekday",
    "session_days", "session_finished", "session_sets_done", "session_sets_planned",
    "session_discomfort", "session_ids",
)  # fmt: skip
RosterFacts = namedtuple("RosterFacts", [*FACT_FIELDS, *JOINED])
ARRAY_FIELDS = ("flags", *(name for name in JOINED if name.startswith("session_")))


def schedule_of(facts):
    """The active plan's schedule in a row of RunnerFacts, or None without an active plan."""
    if facts.plan_starts_on is None:
        return None
    return adherence.Schedule(
        starts_on=facts.plan_starts_on,
        weeks=facts.plan_weeks,
        sessions_per_week=facts.plan_sessions_per_week,
        maintenance_from_week=facts.plan_maintenance_from_week,
        maintenance_sessions_per_week=facts.plan_maintenance_sessions_per_week,
    )


def _alert_url(alert, urls, targets):
    """Where an alert links: its test or session when it names one, else the runner's page or
    the plan form."""
    if alert.test_id:
        return urls["test"](alert.test_id)
    if alert.session_id:
        return urls["session"](alert.session_id)
    return targets[alert.target]


# An alert on the roster: its kind, what triggered it (linked), and its "Seen" button, which
# submits the table's one form without JavaScript and posts itself with htmx.
# Its values: 0 kind, 1 link, 2 what triggered it, 3 the runner's "seen" address, 4 the key,
# 5 the runner's name.
ALERT_ITEM = (
    '<li><strong class="flag">{0}</strong> <a href="{1}">{2}</a> <button type="submit" '
    'form="seen-alerts" formaction="{3}" name="key" value="{4}" hx-post="{3}" '
    'class="secondary outline small">Seen<span class="visually-hidden">: {0}, {5}</span>'
    "</button></li>"
)


def drawn(rows) -> SafeString:
    """The table rows of the page shown, as one string of HTML, every value escaped. A page of
    dozens of runners may hold a hundred alerts; a template loop over them cost more than the
    rest of the page (the rows not shown are sorted and counted, never drawn)."""
    urls = {
        "runner": url_maker("dashboard:runner"),
        "assign": url_maker("plans:assign_plan"),
        "test": url_maker("assessments:detail"),
        "session": url_maker("plans:session_detail"),
        "end": url_maker("accounts:end_link"),
        "seen": url_maker("dashboard:alert_seen"),
    }
    return mark_safe("".join(_drawn_row(row, urls) for row in rows))  # escaped in _drawn_row


def _drawn_row(row, urls) -> str:
    runner_id, name = row["runner_id"], row["name"]
    runner_url, assign_url = urls["runner"](runner_id), urls["assign"](runner_id)
    week, last_week, imbalance = row["week"], row["last_week"], row["imbalance"]
    if row["alerts"]:
        targets = {"runner": runner_url, "plan": assign_url}
        seen_url = urls["seen"](runner_id)
        items = html_list(
            ALERT_ITEM,
            (
                (
                    alerts.KINDS[alert.kind],
                    _alert_url(alert, urls, targets),
                    alert.text,
                    seen_url,
                    alert.key,
                    name,
                )
                for alert in row["alerts"]
            ),
        )
        alerts_cell = f'<ul class="alerts">{items}</ul>'
    else:
        alerts_cell = NONE
    last_week_cell = (
        BADGE.format(escape(last_week.badge), escape(last_week.summary()))
        if last_week and last_week.planned
        else NONE
    )
    if row["paused"]:
        week_cell = BADGE.format("paused", "paused: red flag")
    elif week:
        week_cell = BADGE.format(escape(week.badge), escape(week.summary(" sessions")))
    else:
        week_cell = f'<a href="{escape(assign_url)}">No plan: assign one</a>'
    last_week_cell = (
        BADGE.format("paused", "paused: red flag")
        if last_week and last_week.paused
        else last_week_cell
    )
    if imbalance:
        test_on = row["test_on"]
        imbalance_cell = (
            f'<a href="{escape(urls["test"](row["test_pk"]))}">{escape(imbalance.short_text)}</a>'
            + (' <strong class="flag">real</strong>' if imbalance.is_real else "")
            + f' <span class="helptext">({test_on.day} {test_on:%b})</span>'
        )
    else:
        imbalance_cell = "No test yet"
    return ROW.format(
        runner_url=escape(runner_url),
        name=escape(name),
        alerts=alerts_cell,
        last_week=last_week_cell,
        week=week_cell,
        imbalance=imbalance_cell,
        end_url=escape(urls["end"](row["link_pk"])),
    )


# A row of the roster's table. Its cells arrive as HTML, built from escaped values above.
ROW = (
    '<tr><th scope="row"><a href="{runner_url}">{name}</a></th>'
    '<td data-label="Alerts">{alerts}</td>'
    '<td data-label="Last week">{last_week}</td>'
    '<td data-label="This week">{week}</td>'
    '<td data-label="Latest imbalance">{imbalance}</td>'
    '<td><button type="submit" form="end-links" formaction="{end_url}" '
    'class="secondary outline">Stop coaching {name}</button></td></tr>'
)
NONE = "&ndash;"  # an empty cell
BADGE = '<span class="badge badge-{0}">{1}</span>'


SORTS = {
    "alerts": "Alerts first",
    "name": "Name",
    "test": "Oldest last test",
    "imbalance": "Largest imbalance",
    "adherence": "Fewest sessions this week",
}


def sort_rows(rows, sort: str, only_alerts: bool = False):
    """The roster in the order the coach asked for; ties by name."""
    if only_alerts:
        rows = [row for row in rows if row["alerts"]]
    by_name = sorted(rows, key=lambda row: row["name"].casefold())
    keys = {
        "alerts": lambda row: -len(row["alerts"]),
        "name": lambda row: 0,
        "test": lambda row: row["test_on"] or date.min,
        "imbalance": lambda row: -row["imbalance_size"],
        "adherence": lambda row: row["week_percent"] if row["week_percent"] is not None else 101,
    }
    return sorted(by_name, key=keys.get(sort, keys["alerts"]))


def _row(today, facts, limits, *, linked_on=None):
    """What the roster sorts and counts a runner by, and every alert it has (the ones marked seen
    included); drawn() adds the words and links. `limits`: the wider thresholds of the latest
    two tests' instruments."""
    schedule = schedule_of(facts)
    weeks = []
    done_days = []
    uncomfortable = []
    if facts.session_days:
        for day, finished, sets_done, sets_planned, discomfort, session_id in zip(
            facts.session_days,
            facts.session_finished,
            facts.session_sets_done,
            facts.session_sets_planned,
            facts.session_discomfort,
            facts.session_ids,
            strict=True,
        ):
            if adherence.is_session_done(
                finished=finished, sets_done=sets_done, sets_planned=sets_planned
            ):
                done_days.append(day)
            if discomfort is not None:
                uncomfortable.append((day, discomfort, session_id))
    pauses = _pauses(_json(facts.pauses), ZoneInfo(facts.zone))
    if schedule:
        # Each session carries its own planned set count: the plan's items are not needed.
        weeks = adherence.weekly_adherence(
            schedule,
            done_days,
            today,
            weeks=3,
            earlier=_revisions(_json(facts.plan_revisions)),
            pauses=pauses,
        )
    week = weeks[-1] if weeks else None
    imbalance = None
    if facts.test_id:
        imbalance = scoring.hip_imbalance(facts.hip_angle_left, facts.hip_angle_right, limits)
    row = {
        "test_pk": facts.test_id,
        "test_on": facts.test_taken_on,
        "week": week,
        "last_week": weeks[-2] if weeks else None,
        "week_percent": week.percent if week else None,
        "imbalance": imbalance,
        "imbalance_size": abs(imbalance.left_minus_right) if imbalance else 0.0,
        "paused": bool(facts.flags),
    }
    latest = _test(
        facts.test_id,
        facts.test_taken_on,
        facts.hip_angle_left,
        facts.hip_angle_right,
        facts.pain,
    )
    previous = _test(
        facts.previous_test_id,
        facts.previous_taken_on,
        facts.previous_hip_angle_left,
        facts.previous_hip_angle_right,
        facts.previous_pain,
    )
    all_alerts = alerts.alerts_for(
        alerts.Facts(
            today=today,
            test_weekday=facts.test_weekday,
            latest=latest,
            previous=previous,
            red_flags=facts.flags or (),
            red_flag_id=facts.red_flag_id,
            red_flag_test_id=facts.red_flag_test_id,
            resumed_on=max((cleared for _first, cleared in pauses if cleared), default=None),
            has_plan=schedule is not None,
            plan_starts_on=facts.plan_starts_on,
            done_days=done_days,
            uncomfortable=uncomfortable,
            weeks=[week.colour for week in weeks[:-1]],
            linked_on=linked_on,
        ),
        limits,
    )
    return row, all_alerts


def _pauses(pauses, zone) -> list[adherence.Pause]:
    """The runner's recent red flags as (first day, day cleared or None), in their own dates
    (timestamps arrive as ISO text in the JSON)."""
    return [
        (
            datetime.fromisoformat(raised_at).astimezone(zone).date(),
            cleared_at and datetime.fromisoformat(cleared_at).astimezone(zone).date(),
        )
        for raised_at, cleared_at in pauses or ()
    ]


def _revisions(plan_revisions) -> list[adherence.Revision]:
    """The active plan's earlier schedules (dates arrive as ISO text in the JSON)."""
    return [
        adherence.Revision(
            valid_until=date.fromisoformat(fields["valid_until"]),
            schedule=adherence.Schedule(
                **{key: value for key, value in fields.items() if key != "valid_until"}
                | {"starts_on": date.fromisoformat(fields["starts_on"])}
            ),
        )
        for fields in plan_revisions or ()
    ]


def _test(test_id, taken_on, hip_left, hip_right, pain):
    """The latest test or the one before it, as the alert rules read it (None without one)."""
    if test_id is None:
        return None
    return alerts.Test(test_id, taken_on, hip_left, hip_right, _json(pain) or {})


def _json(value):
    """A jsonb column's value: Django's connection reads jsonb as text."""
    return json.loads(value) if isinstance(value, str) else value
