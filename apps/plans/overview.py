"""What the plan page and the dashboard show of a plan: its items, today's session and the weeks
of adherence, read from the sessions the viewer may see."""

from datetime import timedelta

from apps.assessments import safety, schedule
from apps.plans import adherence, blocks, following, programme
from apps.plans.models import OVERSTRETCH_DISCOMFORT, BlockDecision

WEEKS_SHOWN = 6
SESSIONS_SHOWN = 7  # the latest sessions listed under the week strip, each opening its page


def plan_overview(sessions, runner, plan, items, today, *, viewer, hold, history=True) -> dict:
    """The plan page's context for `plan`.

    `sessions`: the StretchSession queryset scoped to the viewer (owned_by for the runner's own
    pages, visible_to for a coach's). `items`: the plan's items with their stretches, from
    Plan.objects...active_with_items(). Without `history` (the dashboard), only this week is
    read: no week strip and no streak.

    Every session of the runner in the plan's weeks counts, whichever plan it followed: a plan
    that replaces another mid-week counts the sessions already done that week. Each past week
    counts against the schedule it had then (the plan's revisions). `hold`: the red flags that
    pause the plan today (safety.hold_of(viewer, runner)); the days red flags paused it plan no
    session.
    """
    first_monday = adherence.monday_of(plan.starts_on)
    if history:
        since = max(first_monday, today - timedelta(weeks=52))  # the streak may run for a year
        earlier = [revision.revision for revision in plan.revisions.all()]
    else:
        since = max(first_monday, adherence.monday_of(today))
        earlier = []  # this week only: the plan as it is now
    # (day, finished, sets done, sets planned, plan, discomfort, id) tuples: up to a year, no
    # model instances.
    sessions = list(
        sessions.filter(runner=runner, performed_on__gte=since)
        .annotate_sets_done()
        .values_list(
            "performed_on",
            "finished_at",
            "sets_done",
            "sets_planned",
            "plan_id",
            "discomfort",
            "pk",
        )
    )
    gentle, strength_day = plan.is_gentle_on(today), plan.is_strength_day(today)
    todays = [item for item in items if item.in_session(gentle, strength_day)]
    total_sets = sum(item.sets_for(side, gentle) for item in todays for side in item.stretch.sides)
    has_strength = any(item.stretch.is_strength for item in items)
    done_days = [
        day
        for day, finished_at, sets_done, sets_planned, _plan, _discomfort, _pk in sessions
        if adherence.is_session_done(
            finished=finished_at is not None, sets_done=sets_done, sets_planned=sets_planned
        )
    ]
    schedule = plan.schedule
    all_weeks = adherence.weekly_adherence(
        schedule,
        done_days,
        today,
        weeks=max(adherence.calendar_weeks(since, today), 1),
        earlier=earlier,
        pauses=safety.pause_periods(viewer, runner, since),
    )
    weeks = all_weeks[-WEEKS_SHOWN:]
    return {
        "plan": plan,
        "plan_over": today > plan.ends_on,
        "items": items,
        # Weeks before the plan began have nothing to show.
        "weeks": [week for week in weeks if week.planned or week.in_progress or week.paused],
        "this_week": weeks[-1],
        "streak": adherence.streak(all_weeks),
        "today_planned": bool(adherence.session_days(schedule, today, today)),
        "paused": hold,
        "today_started": any(
            day == today and of == plan.pk for day, *_, of, _discomfort, _pk in sessions
        ),
        "today_done": any(
            day == today and of == plan.pk and day in done_days
            for day, *_, of, _discomfort, _pk in sessions
        ),
        # Today's rating, when it was high: the caution replaces "well stretched".
        "today_uncomfortable": max(
            (
                discomfort
                for day, *_, discomfort, _pk in sessions
                if day == today and discomfort is not None and discomfort >= OVERSTRETCH_DISCOMFORT
            ),
            default=None,
        ),
        "latest_sessions": [
            {
                "pk": pk,
                "day": day,
                "sets_done": sets_done,
                "sets_planned": sets_planned,
                "discomfort": discomfort,
            }
            for day, _finished, sets_done, sets_planned, _plan, discomfort, pk in sorted(
                sessions, key=lambda session: session[0], reverse=True
            )[:SESSIONS_SHOWN]
        ],
        "total_sets": total_sets,
        "stretches_today": sum(1 for item in todays if not item.stretch.is_strength),
        "strength_today": sum(1 for item in todays if item.stretch.is_strength),
        "has_strength": has_strength,
        "this_week_days": [
            # A lighter week has no strength (PlanItem.in_session).
            day._replace(strength=False) if plan.is_lighter_on(day.day) else day
            for day in programme.week(
                plan.schedule,
                plan.strength_sessions_per_week,
                adherence.monday_of(today),
                strength=has_strength,
                gentle_until=plan.gentle_until,
            )
        ],
        "strength_weekdays": programme.weekday_names(
            programme.strength_weekdays(plan.strength_sessions_per_week, plan.sessions_per_week)
        )
        if has_strength
        else "",
        "phase": programme.phase_on(schedule, today),
        "gentle_today": gentle,
        # A lighter week under way or about to start (a session rated 7+ starts it tomorrow).
        "lighter_week": plan.lighter_until is not None and plan.lighter_until >= today,
        "runner": runner,
        **following_the_tests(plan, runner, today, viewer=viewer),
    }


def following_the_tests(plan, runner, today, *, viewer) -> dict:
    """What the tests decided of the plan lately (blocks.py), and in a generated plan's last
    week what comes next and when to re-test: one query, two in the last week."""
    decision = BlockDecision.objects.visible_to(viewer).latest_for(
        plan, today - timedelta(days=following.SHOWN_DAYS)
    )
    last_week = plan.ends_on - timedelta(days=6) <= today <= plan.ends_on
    if not (last_week and plan.is_generated):
        return {"decision": decision, "next_block": None, "lighter_words": blocks.LIGHTER_WORDS}
    retest_on = schedule.test_week_start(plan.ends_on, runner.profile.test_weekday)
    if retest_on < today:
        retest_on += timedelta(weeks=1)
    return {
        "decision": decision,
        "lighter_words": blocks.LIGHTER_WORDS,
        "next_block": following.next_block_of(plan),
        "next_block_from": plan.ends_on + timedelta(days=1),
        "retest_on": retest_on,
    }


def session_steps(items, logged, gentle=False, strength_day=True) -> list[dict]:
    """Every set of today's session, in order, with whether it is done.

    `logged`: the (item pk, side, set number) of the sets done so far. `gentle`: the plan's
    gentle first week (Plan.is_gentle_on): a set fewer, no dynamic stretch, no strength.
    `strength_day`: whether the strength exercises are in today's session (Plan.is_strength_day).
    """
    return [
        {
            "item": item,
            "side": side,
            "number": number,
            "of": item.sets_for(side, gentle),
            "hold": item.hold_for(gentle),
            "key": f"{item.pk}:{side}:{number}",
            "done": (item.pk, side, number) in logged,
        }
        for item in items
        if item.in_session(gentle, strength_day)
        for side in item.stretch.sides
        for number in range(1, item.sets_for(side, gentle) + 1)
    ]


def parse_step(value: str, items_by_pk: dict, gentle=False, strength_day=True):
    """ "item:side:number" -> (item, side, number) if it names a set of today's session."""
    try:
        item_pk, side, number = value.split(":")
        item, number = items_by_pk[int(item_pk)], int(number)
    except (ValueError, KeyError):
        return None
    if not item.in_session(gentle, strength_day) or side not in item.stretch.sides:
        return None
    if not 1 <= number <= item.sets_for(side, gentle):
        return None
    return item, side, number
