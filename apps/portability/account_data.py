"""Everything a runner saved, as one JSON file or CSV files in a zip, and back (JSON only).

The JSON restores into an empty account: all or nothing, checked by the same model rules and
database constraints as the forms.
"""

import csv
import io
import json
import zipfile
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from apps.accounts.models import Profile
from apps.assessments import red_flags
from apps.assessments.models import Assessment, RedFlag, RedFlagCheck
from apps.conversation.models import Comment
from apps.plans import exercises
from apps.plans.models import (
    BlockDecision,
    EffortRating,
    MorningCheck,
    Plan,
    PlanItem,
    PlanTemplate,
    PlanTemplateItem,
    ReturnToRun,
    SetLog,
    Stretch,
    StretchSession,
    WalkRun,
)
from apps.portability.tests_csv import spreadsheet_cell
from apps.runs.models import Run
from apps.sitting.models import SittingDay

FORMAT = "psoas-tracker-export"
# 2 added tender_to_touch, hip_trials, gentle_weeks and the red-flag answers; 3 role; 4 the
# comments, the e-mail choices, a plan item's removed_on and a session's notes; 5 the comments on
# a stretch session (a comment's "session": the session's day, in the plan numbered "plan") and
# the coaches' own exercises (those in the plans, and the account's own); 6 the runs from a watch
# ("runs": an older file has none); 7 the red flags, each with when and how it cleared
# ("red_flags": from an older file, the latest answers' flags and a pain of 7+ on the latest
# test are open, as they held the plan then), a check's clinician_cleared, a test's
# knee_straightened_left and _right (Kendall's step), a plan item's stretch_changed_on (when
# its coach last changed the exercise), and a profile's cadence may be null (not known); 8 a
# coach's plan templates ("plan_templates", their items naming stretches as plan items do); 9 a
# profile's units ("km" or "mi": how pages read; the figures stay SI, their unit in each name);
# 10 a run's source ("file" or "strava") and strava_activity_id (an older file's runs: files).
# 11 the strength records: a plan's strength_sessions_per_week, an item's version and
# progressed_on, a session's "efforts" (the ratings of its strength sets, by stretch slug), and
# the next-morning checks ("morning_checks": an older file has none). 12 what the tests decided
# for a plan (a plan's "decisions", each naming its test by date and its session by day) and a
# plan's lighter_from (its lighter week), and the returns to running ("returns_to_run", each
# with its "walk_runs": an older file has none); and a coach's building blocks: a plan
# template's strength_sessions_per_week, a coach's exercise's kind (stretch or strength), tempo
# and rest_seconds (EXERCISE_ADDED_LATER: an older file's exercise is a stretch).
# The Strava connection and its tokens are never exported.
VERSION = 12
READABLE_VERSIONS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
# Before version 7 every profile had a cadence, 180 when nobody chose one: read as not known,
# as migration accounts 0006 did to the accounts.
OLD_DEFAULT_CADENCE, CADENCE_NULLABLE_FROM = 180, 7
# Fields an older export lacks, and what they were then.
ADDED_LATER = {
    "tender_to_touch": None,
    "hip_trials": 1,
    "gentle_weeks": 0,
    "role": "runner",
    "units": "km",
    "source": "file",
    "strava_activity_id": None,
    "email_comments": True,
    "email_plans": True,
    "email_links": True,
    "email_red_flags": True,
    "removed_on": None,
    "notes": "",
    "session": None,
    "clinician_cleared": False,
    "stretch_changed_on": None,
    "knee_straightened_left": "not_done",
    "knee_straightened_right": "not_done",
    "strength_sessions_per_week": None,
    "version": "standard",
    "progressed_on": None,
    "efforts": [],
    "lighter_from": None,
    "decisions": [],
}
# An exercise's fields from version 12 ("kind" names something else in other records).
EXERCISE_ADDED_LATER = {"kind": "stretch", "tempo": "", "rest_seconds": None}
# The export format, written out: it must not change when a form gains or loses a field.
PROFILE_FIELDS = [
    "display_name", "timezone", "test_weekday", "dominant_leg", "cadence", "reminders_opt_in",
    "role", "email_comments", "email_plans", "email_links", "email_red_flags", "units",
]  # fmt: skip
TEST_FIELDS = [
    "taken_on", "instrument", "hip_angle_left", "hip_angle_right", "knee_angle_left",
    "knee_angle_right", "knee_to_chest_left", "knee_to_chest_right", "knee_straightened_left",
    "knee_straightened_right", "abduction_left",
    "abduction_right", "pain_low_back", "pain_hip", "pain_groin", "pain_glute",
    "pain_hamstring", "pain_uphill", "tender_to_touch", "hip_trials", "notes", "created_at",
]  # fmt: skip
PLAN_FIELDS = [
    "author_name", "title", "reason", "notes", "starts_on", "weeks", "sessions_per_week",
    "maintenance_from_week", "maintenance_sessions_per_week", "status", "ended_on", "created_at",
    "gentle_weeks", "strength_sessions_per_week", "lighter_from",
]  # fmt: skip
DECISION_FIELDS = ["kind", "reason", "changed_plan", "made_on", "created_at"]
RETURN_FIELDS = ["cause", "started_on", "ended_on", "started_by", "created_at"]
WALK_RUN_FIELDS = ["day", "pain_during", "logged_at"]
ITEM_FIELDS = [
    "order", "sets", "hold_seconds", "reps", "extra_set_side", "removed_on", "stretch_changed_on",
    "version", "progressed_on",
]  # fmt: skip
TEMPLATE_FIELDS = [
    "title", "notes", "weeks", "sessions_per_week", "maintenance_from_week",
    "maintenance_sessions_per_week", "strength_sessions_per_week", "created_at", "updated_at",
]  # fmt: skip
TEMPLATE_ITEM_FIELDS = ["order", "sets", "hold_seconds", "reps", "extra_set_side"]
# A coach's exercise, whole: the catalogue is named by its slug alone.
EXERCISE_FIELDS = [
    "name", "summary", "instructions", "cues", "cautions", "dose_kind", "default_sets",
    "default_hold_seconds", "default_reps", "rep_hold_seconds", "per_side", "kind", "tempo",
    "rest_seconds",
]  # fmt: skip
SESSION_FIELDS = [
    "performed_on", "started_at", "finished_at", "discomfort", "sets_planned", "notes",
]  # fmt: skip
MORNING_CHECK_FIELDS = ["day", "pain", "answered_at"]
SITTING_FIELDS = [
    "day", "minutes_seated", "standing_breaks", "core_reps", "run_minutes", "run_hills", "notes",
]  # fmt: skip
# Not the upload a run came in (its report stays behind), nor when it was imported.
RUN_FIELDS = [
    "started_at", "day", "sport", "elapsed_seconds", "moving_seconds", "distance_m",
    "elevation_gain_m", "climbing_seconds", "climbs", "steps", "cadence_spm", "step_length_m",
    "gct_balance_left_pct", "device", "file_format", "file_name", "sha256", "source",
    "strava_activity_id",
]  # fmt: skip


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, for the runner."""


def _plain(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def _fields(obj, names):
    return {name: _plain(getattr(obj, name)) for name in names}


def export_data(user) -> dict:
    plans = (
        Plan.objects.owned_by(user)
        .order_by("starts_on", "created_at")
        .prefetch_related(
            Prefetch("items", queryset=PlanItem.objects.select_related("stretch")),
            Prefetch(
                "decisions",
                queryset=BlockDecision.objects.select_related("test", "session").order_by(
                    "made_on", "pk"
                ),
            ),
            Prefetch(
                "sessions",
                queryset=StretchSession.objects.order_by("performed_on").prefetch_related(
                    Prefetch("set_logs", queryset=SetLog.objects.select_related("item__stretch")),
                    Prefetch(
                        "efforts",
                        queryset=EffortRating.objects.select_related("item__stretch").order_by(
                            "item__order", "pk"
                        ),
                    ),
                ),
            ),
        )
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "email": user.email,
        "profile": _fields(user.profile, PROFILE_FIELDS),
        "tests": [
            _fields(test, TEST_FIELDS)
            for test in Assessment.objects.owned_by(user).order_by("taken_on")
        ],
        "plans": [
            {
                **_fields(plan, PLAN_FIELDS),
                "items": [
                    {"stretch": item.stretch.slug, **_fields(item, ITEM_FIELDS)}
                    for item in plan.items.all()
                ],
                "sessions": [
                    {
                        **_fields(session, SESSION_FIELDS),
                        "sets": [
                            {
                                "stretch": log.item.stretch.slug,
                                "side": log.side,
                                "set_number": log.set_number,
                                "done_at": log.done_at.isoformat(),
                            }
                            for log in sorted(
                                session.set_logs.all(),
                                key=lambda log: (log.item.order, log.side, log.set_number),
                            )
                        ],
                        "efforts": [
                            {
                                "stretch": rating.item.stretch.slug,
                                "effort": rating.effort,
                                "rated_at": rating.rated_at.isoformat(),
                            }
                            for rating in session.efforts.all()
                        ],
                    }
                    for session in plan.sessions.all()
                ],
                "decisions": [
                    {
                        **_fields(decision, DECISION_FIELDS),
                        "test": _plain(decision.test and decision.test.taken_on),
                        "session": _plain(decision.session and decision.session.performed_on),
                    }
                    for decision in plan.decisions.all()
                ],
            }
            for plan in plans
        ],
        "exercises": _exercises(user),
        "plan_templates": _templates(user),
        "sitting_days": [
            _fields(day, SITTING_FIELDS)
            for day in SittingDay.objects.owned_by(user).order_by("day")
        ],
        "comments": _comments(user, plans),
        "runs": _runs(user),
        "morning_checks": [
            _fields(check, MORNING_CHECK_FIELDS)
            for check in MorningCheck.objects.owned_by(user).order_by("day")
        ],
        "returns_to_run": [
            {
                **_fields(block, RETURN_FIELDS),
                "walk_runs": [
                    _fields(walk_run, WALK_RUN_FIELDS) for walk_run in block.walk_runs.all()
                ],
            }
            for block in ReturnToRun.objects.owned_by(user)
            .order_by("started_on", "pk")
            .prefetch_related(Prefetch("walk_runs", queryset=WalkRun.objects.order_by("day")))
        ],
        "red_flag_checks": [
            {
                "answered_at": answered_at.isoformat(),
                "flags": flags,
                "test": _plain(test),
                "clinician_cleared": clinician_cleared,
            }
            for answered_at, flags, test, clinician_cleared in RedFlagCheck.objects.owned_by(user)
            .order_by("answered_at", "pk")
            .values_list("answered_at", "flags", "assessment__taken_on", "clinician_cleared")
        ],
        "red_flags": [
            {
                "key": key,
                "raised_at": raised_at.isoformat(),
                "test": _plain(test),
                "cleared_at": _plain(cleared_at),
                "cleared_how": cleared_how,
                "cleared_by_test": _plain(cleared_by_test),
            }
            for key, raised_at, test, cleared_at, cleared_how, cleared_by_test in (
                RedFlag.objects.owned_by(user)
                .order_by("raised_at", "pk")
                .values_list(
                    "key",
                    "raised_at",
                    "test__taken_on",
                    "cleared_at",
                    "cleared_how",
                    "cleared_by_test__taken_on",
                )
            )
        ],
    }


def _runs(user):
    """Every run with its figures, in one query; its start in the runner's time zone, with the
    offset, as the runs page shows it."""
    zone = user.profile.zone
    return [
        {
            **run,
            "started_at": run["started_at"].astimezone(zone).isoformat(),
            "day": run["day"].isoformat(),
        }
        for run in Run.objects.owned_by(user).order_by("started_at").values(*RUN_FIELDS)
    ]


def _comments(user, plans):
    """Each comment on the runner's tests, stretch sessions and plans: a plan by its number in
    "plans" (from 1), a session by its day in the plan so numbered, the coach by name ("a former
    coach" once their account is gone, and after an import: links do not move with the data)."""
    plan_numbers = {plan.pk: number for number, plan in enumerate(plans, start=1)}
    return [
        {
            "test": _plain(test_day),
            "plan": plan_numbers.get(plan_id or session_plan_id),
            "session": _plain(session_day),
            "by_coach": by_coach,
            # The name only, never another person's address; the link does not come back.
            "coach": (name or "your coach") if linked_id else "a former coach",
            "body": body,
            "created_at": created_at.isoformat(),
            "edited_at": _plain(edited_at),
        }
        for (
            test_day,
            plan_id,
            session_day,
            session_plan_id,
            by_coach,
            name,
            linked_id,
            body,
            created_at,
            edited_at,
        ) in (
            Comment.objects.owned_by(user)
            .order_by("created_at", "pk")
            .values_list(
                "assessment__taken_on",
                "plan_id",
                "session__performed_on",
                "session__plan_id",
                "by_coach",
                "coach__profile__display_name",
                "coach_id",
                "body",
                "created_at",
                "edited_at",
            )
        )
    ]


def _exercises(user):
    """The coaches' own exercises in the account's plans (the runner's sessions need them
    whole) and, for a coach, the ones they wrote (`own`); plan items name them by slug."""
    in_plans = PlanItem.objects.filter(plan__in=Plan.objects.owned_by(user)).values("stretch")
    own = Stretch.objects.owned_by(user)
    wanted = (
        Stretch.objects.filter(is_catalogue=False, pk__in=in_plans)
        | Stretch.objects.filter(pk__in=own.values("pk"))
    ).order_by("name", "pk")
    own_pks = set(own.values_list("pk", flat=True))
    return [
        {"slug": exercise.slug, "own": exercise.pk in own_pks, **_fields(exercise, EXERCISE_FIELDS)}
        for exercise in wanted
    ]


def _templates(user):
    """A coach's plan templates, each with its stretches (by slug, as a plan's items)."""
    templates = PlanTemplate.objects.owned_by(user).prefetch_related(
        Prefetch("items", queryset=PlanTemplateItem.objects.select_related("stretch"))
    )
    return [
        {
            **_fields(template, TEMPLATE_FIELDS),
            "items": [
                {"stretch": item.stretch.slug, **_fields(item, TEMPLATE_ITEM_FIELDS)}
                for item in template.items.all()
            ],
        }
        for template in templates
    ]


def export_zip(user) -> bytes:
    """The same data as CSV files, one per kind of record, in a zip."""
    data = export_data(user)
    tables = {
        "profile.csv": [data["profile"]],
        "tests.csv": data["tests"],
        "plans.csv": [
            {k: v for k, v in plan.items() if k not in ("items", "sessions", "decisions")}
            | {"plan": number}
            for number, plan in enumerate(data["plans"], start=1)
        ],
        "plan_items.csv": [
            {"plan": number, **item}
            for number, plan in enumerate(data["plans"], start=1)
            for item in plan["items"]
        ],
        "stretch_sessions.csv": [
            {"plan": number, **{k: v for k, v in session.items() if k not in ("sets", "efforts")}}
            for number, plan in enumerate(data["plans"], start=1)
            for session in plan["sessions"]
        ],
        "set_logs.csv": [
            {"plan": number, "performed_on": session["performed_on"], **log}
            for number, plan in enumerate(data["plans"], start=1)
            for session in plan["sessions"]
            for log in session["sets"]
        ],
        "effort_ratings.csv": [
            {"plan": number, "performed_on": session["performed_on"], **rating}
            for number, plan in enumerate(data["plans"], start=1)
            for session in plan["sessions"]
            for rating in session["efforts"]
        ],
        "block_decisions.csv": [
            {"plan": number, **decision}
            for number, plan in enumerate(data["plans"], start=1)
            for decision in plan["decisions"]
        ],
        "returns_to_run.csv": [
            {k: v for k, v in block.items() if k != "walk_runs"} | {"block": number}
            for number, block in enumerate(data["returns_to_run"], start=1)
        ],
        "walk_runs.csv": [
            {"block": number, **walk_run}
            for number, block in enumerate(data["returns_to_run"], start=1)
            for walk_run in block["walk_runs"]
        ],
        "exercises.csv": data["exercises"],
        "plan_templates.csv": [
            {k: v for k, v in template.items() if k != "items"} | {"template": number}
            for number, template in enumerate(data["plan_templates"], start=1)
        ],
        "plan_template_items.csv": [
            {"template": number, **item}
            for number, template in enumerate(data["plan_templates"], start=1)
            for item in template["items"]
        ],
        "sitting_days.csv": data["sitting_days"],
        "morning_checks.csv": data["morning_checks"],
        "red_flag_checks.csv": [
            {**check, "flags": ";".join(check["flags"])} for check in data["red_flag_checks"]
        ],
        "red_flags.csv": data["red_flags"],
        "comments.csv": data["comments"],
        "runs.csv": [{**run, "climbs": json.dumps(run["climbs"])} for run in data["runs"]],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            text = io.StringIO()
            if rows:
                writer = csv.DictWriter(text, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(
                    {key: spreadsheet_cell(value) for key, value in row.items()} for row in rows
                )
            archive.writestr(name, text.getvalue())
    return buffer.getvalue()


def has_data(user) -> bool:
    return (
        Assessment.objects.owned_by(user).exists()
        or Plan.objects.owned_by(user).exists()
        or SittingDay.objects.owned_by(user).exists()
        or Run.objects.owned_by(user).exists()
        or MorningCheck.objects.owned_by(user).exists()
    )


def import_data(user, raw: bytes) -> dict:
    """Restore an export into `user`'s empty account; returns counts. Raises ImportRefused."""
    if has_data(user):
        raise ImportRefused(
            "This account already has data: import only into a new, empty account, so nothing "
            "you saved is overwritten."
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ImportRefused("The file is not a Psoas Tracker JSON export.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused("The file is not a Psoas Tracker JSON export.")
    if data.get("version") not in READABLE_VERSIONS:
        raise ImportRefused(f"Unknown export version {data.get('version')!r}.")
    try:
        with transaction.atomic():
            # Lock the profile: a double submit waits here, then finds the data and stops.
            Profile.objects.select_for_update().get(user=user)
            if has_data(user):
                raise ImportRefused("This account already has data: nothing was imported.")
            counts = _restore(user, data)
    except ImportRefused:
        raise
    except ValidationError as error:
        raise ImportRefused(f"The file has invalid data: {'; '.join(error.messages)}") from None
    except (
        IntegrityError,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        OverflowError,
    ) as error:
        raise ImportRefused(
            f"The file is damaged or incomplete ({type(error).__name__})."
        ) from None
    return counts


MAX_ROWS = 20_000
MAX_NESTING = 20
TEXT_LIMITS = {"notes": 2000, "reason": 2000, "instructions": 2000, "cues": 2000, "cautions": 2000}
RELATIONS = [
    *("runner", "plan", "session", "item", "stretch", "user", "assessment", "coach", "owner"),
    *("template", "test", "block"),
]
# Every database rule of the imported models, by name: a refused insert says which one.
IMPORTED_MODELS = (
    Profile, Assessment, Stretch, Plan, PlanItem, StretchSession, SetLog, EffortRating, SittingDay,
    RedFlagCheck, RedFlag, Comment, Run, PlanTemplate, PlanTemplateItem, MorningCheck,
    BlockDecision, ReturnToRun, WalkRun,
)  # fmt: skip
CONSTRAINTS = {
    constraint.name: constraint
    for model in IMPORTED_MODELS
    for constraint in model._meta.constraints
}


def _checked(instance):
    """Field rules in Python (types, choices, lengths), without a query; the relations are
    the import's own objects, and the database checks its rules when the rows go in."""
    instance.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
    for name, limit in TEXT_LIMITS.items():
        if len(getattr(instance, name, "") or "") > limit:
            raise ImportRefused(f"A {name} text is longer than {limit} characters.")
    return instance


def _not_after(day, today, what):
    if date.fromisoformat(str(day)) > today:
        raise ImportRefused(f"A {what} is dated {day}, after today.")


def _refuse_nul_and_deep_nesting(data):
    """PostgreSQL text holds no NUL character: say so rather than fail on insert. An export
    nests seven levels at most (plans, sessions, sets); far deeper is a damaged file. A walk
    with a stack of its own, not recursion: the JSON parser allows more levels than Python."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str) and "\x00" in value:
            raise ImportRefused("The file has text with a NUL character in it: it is damaged.")
        if depth > MAX_NESTING and isinstance(value, dict | list):
            raise ImportRefused(
                f"The file is damaged or incomplete (nested more than {MAX_NESTING} levels)."
            )
        if isinstance(value, dict):
            pending.extend((key, depth) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)


def _refused_by_database(error: IntegrityError) -> ImportRefused:
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    if name in CONSTRAINTS:
        message = CONSTRAINTS[name].get_violation_error_message()
        return ImportRefused(f"The file has invalid data: {message}")
    return ImportRefused("The file is damaged or incomplete (IntegrityError).")


def _restore(user, data):
    """Checks every record in Python, then inserts each kind in one bulk statement."""
    _refuse_nul_and_deep_nesting(data)
    checks_data = data.get("red_flag_checks", [])
    comments_data = data.get("comments", [])
    exercises_data = data.get("exercises", [])  # from version 5
    runs_data = data.get("runs", [])  # from version 6
    templates_data = data.get("plan_templates", [])  # from version 8
    checks_of_mornings = data.get("morning_checks", [])  # from version 11
    returns_data = data.get("returns_to_run", [])  # from version 12
    rows = (
        len(exercises_data)
        + sum(1 + len(template["items"]) for template in templates_data)
        + len(data["tests"])
        + len(comments_data)
        + len(runs_data)
        + len(data["sitting_days"])
        + len(checks_of_mornings)
        + sum(1 + len(block["walk_runs"]) for block in returns_data)
        + len(checks_data)
        + len(data.get("red_flags", []))
        + sum(
            1
            + len(plan["items"])
            + len(_field(plan, "decisions"))
            + sum(
                1 + len(session["sets"]) + len(_field(session, "efforts"))
                for session in plan["sessions"]
            )
            for plan in data["plans"]
        )
    )
    if rows > MAX_ROWS:
        raise ImportRefused(f"The file has more than {MAX_ROWS} records.")
    profile = Profile.objects.get(user=user)
    for name in PROFILE_FIELDS:
        setattr(profile, name, _field(data["profile"], name))
    if data["version"] < CADENCE_NULLABLE_FROM and profile.cadence == OLD_DEFAULT_CADENCE:
        profile.cadence = None
    _checked(profile)
    today = profile.today()
    tests = []
    for test in data["tests"]:
        _not_after(test["taken_on"], today, "test")
        tests.append(
            _checked(Assessment(runner=user, **{name: _field(test, name) for name in TEST_FIELDS}))
        )
    tests_by_date = {str(test.taken_on): test for test in tests}
    checks = [
        _checked(
            RedFlagCheck(
                runner=user,
                assessment=tests_by_date.get(check["test"]) if check["test"] else None,
                answered_at=check["answered_at"],
                flags=check["flags"],
                clinician_cleared=_field(check, "clinician_cleared"),
            )
        )
        for check in checks_data
    ]
    flags = _red_flags(user, data, checks, tests, tests_by_date)
    own_exercises = _imported_exercises(user, exercises_data)
    plans, items, sessions, set_logs, efforts, decisions = _plans(
        user, data["plans"], today, own_exercises, tests_by_date
    )
    templates, template_items = _imported_templates(user, templates_data, own_exercises)
    # A session is its plan's on its day (one a day in each plan).
    sessions_by_day = {
        (id(session.plan), str(session.performed_on)): session for session in sessions
    }
    days = []
    for day in data["sitting_days"]:
        _not_after(day["day"], today, "daily log")
        days.append(
            _checked(SittingDay(runner=user, **{name: day[name] for name in SITTING_FIELDS}))
        )
    mornings = []
    for check in checks_of_mornings:
        _not_after(check["day"], today, "next-morning check")
        mornings.append(
            _checked(
                MorningCheck(runner=user, **{name: check[name] for name in MORNING_CHECK_FIELDS})
            )
        )
    returns, walk_runs = _returns_to_run(user, returns_data, today)
    # The links do not move with the data: a coach's comments come back as a former coach's.
    for comment in comments_data:
        number = comment["plan"]
        if number is not None and not (isinstance(number, int) and 1 <= number <= len(plans)):
            raise ImportRefused(f"A comment is on plan {number!r}, which the file does not have.")
        if comment["test"] and comment["test"] not in tests_by_date:
            raise ImportRefused(f"A comment is on a test of {comment['test']}, not in the file.")
        day = _field(comment, "session")
        if day and (not number or (id(plans[number - 1]), day) not in sessions_by_day):
            raise ImportRefused(f"A comment is on a session of {day}, not in the file.")
    comments = [
        _checked(
            Comment(
                runner=user,
                coach=None,
                by_coach=bool(comment["by_coach"]),
                assessment=tests_by_date[comment["test"]] if comment["test"] else None,
                **_on_plan_or_session(comment, plans, sessions_by_day),
                body=comment["body"],
                created_at=comment["created_at"],
                edited_at=comment["edited_at"],
            )
        )
        for comment in comments_data
    ]
    runs = _runs_checked(user, runs_data, today)
    try:
        with transaction.atomic():
            profile.save()
            for model, objects in (
                (Assessment, tests),
                (Stretch, list(own_exercises.values())),
                (Plan, plans),
                (PlanItem, items),
                (StretchSession, sessions),
                (SetLog, set_logs),
                (EffortRating, efforts),
                (BlockDecision, decisions),
                (SittingDay, days),
                (MorningCheck, mornings),
                (ReturnToRun, returns),
                (WalkRun, walk_runs),
                (RedFlagCheck, checks),
                (RedFlag, flags),
                (Comment, comments),
                (Run, runs),
                (PlanTemplate, templates),
                (PlanTemplateItem, template_items),
            ):
                model.objects.bulk_create(objects, batch_size=2000)
    except IntegrityError as error:
        raise _refused_by_database(error) from None
    return {
        "tests": len(tests),
        "plans": len(plans),
        "sessions": len(sessions),
        "sitting_days": len(days),
        "runs": len(runs),
    }


def _red_flags(user, data, checks, tests, tests_by_date):
    """Checked, unsaved red flags: the file's own (from version 7), or, from an older file, the
    flags of the latest answers and a pain of 7+ on the latest test, open as they held the plan
    then."""
    if "red_flags" not in data:
        return _flags_held_by(user, checks, tests)

    def test_of(day):
        if day and day not in tests_by_date:
            raise ImportRefused(f"A red flag names a test of {day}, not in the file.")
        return tests_by_date[day] if day else None

    return [
        _checked(
            RedFlag(
                runner=user,
                key=record["key"],
                raised_at=record["raised_at"],
                test=test_of(record["test"]),
                cleared_at=record["cleared_at"],
                cleared_how=record["cleared_how"],
                cleared_by_test=test_of(record["cleared_by_test"]),
            )
        )
        for record in data["red_flags"]
    ]


def _flags_held_by(user, checks, tests):
    """The red flags an export from before version 7 held open: the latest check decided."""
    latest = max(checks, key=lambda check: str(check.answered_at), default=None)
    flags = {
        key: RedFlag(runner=user, key=key, raised_at=latest.answered_at, test=latest.assessment)
        for key in (latest.flags if latest else [])
    }
    newest = max(tests, key=lambda test: str(test.taken_on), default=None)
    pain = [score for _region, score in newest.pain_scores()] if newest else []
    if "severe" not in flags and "severe" in red_flags.flags_raised([], pain):
        flags["severe"] = RedFlag(
            runner=user, key="severe", raised_at=newest.created_at, test=newest
        )
    return [_checked(flag) for flag in flags.values()]


def _on_plan_or_session(comment, plans, sessions_by_day):
    """A comment's plan, or its session: the session's day in the plan it names."""
    if not comment["plan"]:
        return {}
    plan = plans[comment["plan"] - 1]
    day = _field(comment, "session")
    if day:
        return {"session": sessions_by_day[(id(plan), day)]}
    return {"plan": plan}


def _field(record, name):
    """A record's field; one an older export lacks gets the value it had then."""
    if name in ADDED_LATER and name not in record:
        return ADDED_LATER[name]
    return record[name]


def _imported_exercises(user, exercises_data):
    """{slug in the file: a checked, unsaved exercise}. Each comes back private, under a new
    slug: the account's own when it wrote it (`own`), else nobody's, seen only in the plans
    that have it. Never in the catalogue."""
    catalogue = set(Stretch.objects.catalogue().values_list("slug", flat=True))
    imported = {}
    for record in exercises_data:
        slug = record["slug"]
        if not isinstance(slug, str) or slug in catalogue or slug in imported:
            raise ImportRefused(f"The exercise {slug!r} is named twice, or is a catalogue stretch.")
        fields = {**EXERCISE_ADDED_LATER, **record}
        exercise = Stretch(
            owner=user if record.get("own") is True else None,
            is_catalogue=False,
            **{name: fields[name] for name in EXERCISE_FIELDS},
        )
        exercise.slug = exercises.new_slug(str(exercise.name))
        imported[slug] = _checked(exercise)
    return imported


def _imported_templates(user, templates_data, own_exercises):
    """Checked, unsaved plan templates and their items: the account's own, of catalogue
    stretches and the exercises it wrote (as the template editor offers them)."""
    stretches = {stretch.slug: stretch for stretch in Stretch.objects.catalogue()}
    stretches.update(
        (slug, exercise) for slug, exercise in own_exercises.items() if exercise.owner is user
    )
    templates, items = [], []
    for record in templates_data:
        template = _checked(
            PlanTemplate(coach=user, **{name: _field(record, name) for name in TEMPLATE_FIELDS})
        )
        templates.append(template)
        for item in record["items"]:
            if item["stretch"] not in stretches:
                raise ImportRefused(f"Unknown stretch {item['stretch']!r} in a plan template.")
            items.append(
                _checked(
                    PlanTemplateItem(
                        template=template,
                        stretch=stretches[item["stretch"]],
                        **{name: item[name] for name in TEMPLATE_ITEM_FIELDS},
                    )
                )
            )
    return templates, items


def _plans(user, plans_data, today, own_exercises, tests_by_date):
    """Checked, unsaved plans with their items, sessions, logged sets, effort ratings and the
    decisions the tests made (each naming its test by date, its session by day)."""
    stretches = {stretch.slug: stretch for stretch in Stretch.objects.catalogue()}
    stretches.update(own_exercises)
    plans, all_items, sessions, set_logs, efforts, decisions = [], [], [], [], [], []
    for plan_data in plans_data:
        # The coach's name comes back as text only: an import never links to another account.
        plan = _checked(
            Plan(runner=user, **{name: _field(plan_data, name) for name in PLAN_FIELDS})
        )
        plans.append(plan)
        items = {}
        for item in plan_data["items"]:
            if item["stretch"] not in stretches:
                raise ImportRefused(f"Unknown stretch {item['stretch']!r} in a plan.")
            items[item["stretch"]] = _checked(
                PlanItem(
                    plan=plan,
                    stretch=stretches[item["stretch"]],
                    **{name: _field(item, name) for name in ITEM_FIELDS},
                )
            )
        all_items.extend(items.values())
        for session_data in plan_data["sessions"]:
            _not_after(session_data["performed_on"], today, "stretch session")
            session = _checked(
                StretchSession(
                    runner=user,
                    plan=plan,
                    **{name: _field(session_data, name) for name in SESSION_FIELDS},
                )
            )
            sessions.append(session)
            for log in session_data["sets"]:
                if log["stretch"] not in items:
                    raise ImportRefused(
                        f"A logged set names {log['stretch']!r}, which is not in its plan."
                    )
                set_logs.append(
                    _checked(
                        SetLog(
                            session=session,
                            item=items[log["stretch"]],
                            side=log["side"],
                            set_number=log["set_number"],
                            done_at=log["done_at"],
                        )
                    )
                )
            for rating in _field(session_data, "efforts"):
                if rating["stretch"] not in items:
                    raise ImportRefused(
                        f"An effort rating names {rating['stretch']!r}, which is not in its plan."
                    )
                efforts.append(
                    _checked(
                        EffortRating(
                            session=session,
                            item=items[rating["stretch"]],
                            effort=rating["effort"],
                            rated_at=rating["rated_at"],
                        )
                    )
                )
        decisions.extend(_decisions(plan, plan_data, tests_by_date, sessions, today))
    return plans, all_items, sessions, set_logs, efforts, decisions


def _decisions(plan, plan_data, tests_by_date, sessions, today):
    by_day = {str(session.performed_on): session for session in sessions if session.plan is plan}
    decisions = []
    for record in _field(plan_data, "decisions"):
        _not_after(record["made_on"], today, "plan decision")
        if record["test"] and record["test"] not in tests_by_date:
            raise ImportRefused(
                f"A plan decision names a test of {record['test']}, not in the file."
            )
        if record["session"] and record["session"] not in by_day:
            raise ImportRefused(
                f"A plan decision names a session of {record['session']}, not in its plan."
            )
        decisions.append(
            _checked(
                BlockDecision(
                    plan=plan,
                    test=tests_by_date[record["test"]] if record["test"] else None,
                    session=by_day[record["session"]] if record["session"] else None,
                    **{name: record[name] for name in DECISION_FIELDS},
                )
            )
        )
    return decisions


def _returns_to_run(user, returns_data, today):
    """Checked, unsaved returns to running with their walk-runs."""
    returns, walk_runs = [], []
    for record in returns_data:
        _not_after(record["started_on"], today, "return to running")
        block = _checked(ReturnToRun(runner=user, **{name: record[name] for name in RETURN_FIELDS}))
        if block.ended_on is not None:
            _not_after(record["ended_on"], today, "return to running's end")
        returns.append(block)
        for walk_run in record["walk_runs"]:
            _not_after(walk_run["day"], today, "walk-run")
            day = date.fromisoformat(str(walk_run["day"]))
            if day < block.started_on or (block.ended_on and day > block.ended_on):
                raise ImportRefused(
                    f"A walk-run of {day} is outside its return to running "
                    f"({block.started_on} to {block.ended_on or 'today'})."
                )
            walk_runs.append(
                _checked(WalkRun(block=block, **{name: walk_run[name] for name in WALK_RUN_FIELDS}))
            )
    return returns, walk_runs


def _runs_checked(user, runs_data, today):
    """Checked, unsaved runs: each by the model's field rules and check constraints (in Python,
    no query), no two starting at one time or from one file; a refusal names the run's date."""
    now = timezone.now()
    runs, starts, files = [], set(), set()
    for record in runs_data:
        named = _run_named(record)
        run = Run(runner=user, **{name: _field(record, name) for name in RUN_FIELDS})
        try:
            _checked(run)
        except ValidationError as error:
            raise ImportRefused(f"{named} has invalid data: {'; '.join(error.messages)}") from None
        if timezone.is_naive(run.started_at):
            raise ImportRefused(f"{named} has a start time without its offset from UTC.")
        _not_after(run.day, today, "run")
        if run.started_at > now:
            problem = "it starts in the future"
        elif run.started_at in starts:
            problem = f"it starts at the same time ({record['started_at']}) as another run"
        elif run.sha256 in files:
            problem = "it comes from the same file as another run (the same sha256)"
        else:
            problem = run.broken_rule()
        if problem:
            raise ImportRefused(f"{named} cannot be imported: {problem}.")
        starts.add(run.started_at)
        files.add(run.sha256)
        runs.append(run)
    return runs


def _run_named(record) -> str:
    """A run as a message names it: by its day ("The run of 2 November 2026")."""
    try:
        return f"The run of {date.fromisoformat(record['day']):%-d %B %Y}"
    except (TypeError, ValueError):
        return f"The run started at {record['started_at']!r}"
