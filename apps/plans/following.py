"""The tests applied to a runner's plan (blocks.py): when a test is saved, when a session is
finished with a rating of 7+, when a next-morning check is above 3/10, and at the end of a
plan's last week. A generated plan changes
by a revision (the past keeps its plan and its colours); a coach's plan never changes: the
decision is kept as a suggestion for the coach, who decides. Linked coaches are e-mailed."""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.accounts.models import CoachLink
from apps.assessments import safety, verdicts
from apps.assessments.models import Assessment
from apps.plans import adherence, blocks, morning, morning_checks, services
from apps.plans.models import PLAN_WEEKS_MAX, BlockDecision, Plan
from psoas_tracker import mail

SHOWN_DAYS = 14  # how long the dashboard and the plan pages announce a decision
BLOCK_STARTS = (blocks.MAINTENANCE, blocks.NEXT_BLOCK)


def reading_of(test) -> blocks.Reading:
    return blocks.Reading(
        taken_on=test.taken_on,
        hip_left=test.hip_angle_left,
        hip_right=test.hip_angle_right,
        thresholds=verdicts.thresholds(test.instrument),
        pain=dict(test.pain_scores()),
    )


def in_maintenance(plan, day: date) -> bool:
    """Whether the plan keeps length on `day` rather than building it."""
    if plan.maintenance_from_week:
        return (day - plan.starts_on).days // 7 + 1 >= plan.maintenance_from_week
    return plan.sessions_per_week <= blocks.MAINTENANCE_SESSIONS_PER_WEEK


def block_start(plan, day: date) -> date:
    """The first day of the block `day` is in: the plan's start, its maintenance phase, or
    the latest decision that started a block (maintenance early, the next block)."""
    starts = [plan.starts_on]
    if plan.maintenance_from_week:
        maintenance = plan.starts_on + timedelta(weeks=plan.maintenance_from_week - 1)
        if maintenance <= day:
            starts.append(maintenance)
    decided = (
        plan.decisions.filter(kind__in=BLOCK_STARTS, changed_plan=True, made_on__lte=day)
        .order_by("-made_on")
        .values_list("made_on", flat=True)
        .first()
    )
    return max([*starts, *([decided] if decided else [])])


def _adherence_percent(plan, start: date, today: date) -> int | None:
    """Sessions done of those planned in the block's finished weeks (each week's done capped
    at its planned: extra sessions do not make up for a missed week)."""
    days = plan.sessions.filter(performed_on__gte=start).annotate_sets_done()
    done_days = [
        row["performed_on"]
        for row in days.values("performed_on", "finished_at", "sets_done", "sets_planned")
        if adherence.is_session_done(
            finished=row["finished_at"] is not None,
            sets_done=row["sets_done"],
            sets_planned=row["sets_planned"],
        )
    ]
    weeks = adherence.weekly_adherence(
        plan.schedule,
        done_days,
        today,
        weeks=adherence.calendar_weeks(start, today),
        earlier=[revision.revision for revision in plan.revisions.all()],
        pauses=safety.pause_periods(plan.runner, plan.runner, start),
    )
    finished = [week for week in weeks if not week.in_progress]
    planned = sum(week.planned for week in finished)
    if not planned:
        return None
    return round(100 * sum(min(week.done, week.planned) for week in finished) / planned)


def after_test(test) -> BlockDecision | None:
    """Applies the rules to the runner's active plan after `test` was saved (the latest test
    only: an older one entered late speaks for no block)."""
    runner = test.runner
    tests = Assessment.objects.owned_by(runner)
    if tests.filter(taken_on__gt=test.taken_on).exists():
        return None
    plan = Plan.objects.owned_by(runner).active().select_related("runner__profile").first()
    if plan is None:
        return None
    today = runner.profile.today()
    start = block_start(plan, today)
    # The block's first reading: the latest test by its start (a test on the start day too),
    # then every test since, this one last.
    earlier = tests.exclude(pk=test.pk).filter(taken_on__lt=test.taken_on)
    built_from = earlier.filter(taken_on__lte=start).newest_first().first()
    since = earlier.filter(taken_on__gt=start).order_by("taken_on")
    readings = [reading_of(each) for each in [*([built_from] if built_from else []), *since, test]]
    decision = blocks.decide(
        readings=readings,
        weeks_in_block=(today - start).days // 7,
        adherence_percent=_adherence_percent(plan, start, today),
        in_maintenance=in_maintenance(plan, today),
    )
    if decision is None:
        return None
    if (
        decision.kind == blocks.CARRY_ON
        and plan.is_generated
        and not readings[-1].at_or_below_level
        and _build_ends_within_a_week(plan, today)
    ):
        return _extend_build(plan, decision, today, test)
    return _apply(plan, decision, today, test=test)


def _build_ends_within_a_week(plan, today) -> bool:
    """Whether the plan's maintenance phase starts in the next seven days, or started in the
    last seven (a test on its first days, or entered late, still speaks for the build)."""
    if not plan.maintenance_from_week:
        return False
    maintenance = plan.starts_on + timedelta(weeks=plan.maintenance_from_week - 1)
    return abs((maintenance - today).days) <= 7


def _extend_build(plan, decision, today, test) -> BlockDecision | None:
    """A real improvement with the hips still tight as the build ends: the build goes on a
    block more, and maintenance moves after it (a revision, as every change)."""
    fields = {
        "weeks": min(plan.weeks + blocks.BLOCK_WEEKS, PLAN_WEEKS_MAX),
        "maintenance_from_week": plan.maintenance_from_week + blocks.BLOCK_WEEKS,
    }
    if fields["maintenance_from_week"] > fields["weeks"]:
        return _apply(plan, decision, today, test=test)  # a year's plan: no room to extend
    reason = (
        f"{decision.reason} On the test the thigh still rests above the table's level, so the "
        f"build phase goes on "
        f"{blocks.BLOCK_WEEKS} more weeks, {plan.sessions_per_week} sessions a week; "
        f"maintenance from week {fields['maintenance_from_week']}."
    )
    try:
        with transaction.atomic():
            made = BlockDecision.objects.create(
                plan=plan,
                kind=blocks.CARRY_ON,
                reason=reason,
                test=test,
                changed_plan=True,
                made_on=today,
            )
            _revise(plan, fields, title=plan.title)
    except IntegrityError:
        return None
    tell_coaches(plan, made)
    return made


def after_session(session) -> BlockDecision | None:
    """A session finished with a rating of 7+ brings a lighter week (blocks.py)."""
    if session.discomfort is None or session.discomfort < blocks.HARD_SESSION_RATING:
        return None
    plan = Plan.objects.active().filter(pk=session.plan_id).select_related("runner__profile")
    plan = plan.first()
    if plan is None:
        return None
    decision = blocks.decide(
        readings=[],
        weeks_in_block=0,
        adherence_percent=None,
        in_maintenance=in_maintenance(plan, session.performed_on),
        hard_session=(session.performed_on, session.discomfort),
    )
    # From the next day: today's session was done at its dose, and keeps its sets.
    return _apply(
        plan,
        decision,
        plan.runner.profile.today(),
        session=session,
        lighter_from=session.performed_on + timedelta(days=1),
    )


def after_morning_check(runner, day, pain) -> BlockDecision | None:
    """A next-morning check above 3/10, the day after training, brings a lighter week (or, on a
    coach's plan, suggests one), once a week at most (blocks.py)."""
    if pain <= morning.ACCEPTABLE_PAIN_MAX:
        return None
    if not morning_checks.prompt_for(runner, day).active_day_before:
        return None
    with transaction.atomic():
        # The plan's row locked: an answer sent twice at once (the outbox, a second tap) makes
        # one lighter week, not two.
        plan = (
            Plan.objects.owned_by(runner)
            .active()
            .select_for_update(of=("self",))
            .select_related("runner__profile")
            .first()
        )
        if (
            plan is None
            or plan.decisions.filter(
                kind=blocks.LIGHTER, made_on__gt=day - timedelta(days=blocks.LIGHTER_DAYS)
            ).exists()
        ):
            return None  # one lighter week at a time, suggested or made
        decision = blocks.decide(
            readings=[],
            weeks_in_block=0,
            adherence_percent=None,
            in_maintenance=in_maintenance(plan, day),
            unsettled_morning=(day, pain),
        )
        return _apply(plan, decision, day)


def _apply(
    plan, decision, today, *, test=None, session=None, lighter_from=None
) -> BlockDecision | None:
    """Keeps the decision and, for a generated plan, changes the plan; then tells the coaches.
    None when the same test or session decided it already, or a lighter week is on."""
    if decision.kind == blocks.LIGHTER and (
        plan.is_lighter_on(today) or plan.is_lighter_on(today + timedelta(days=1))
    ):
        return None
    if (
        decision.kind == blocks.PHYSIO
        and plan.decisions.filter(
            kind=blocks.PHYSIO, made_on__gte=block_start(plan, today)
        ).exists()
    ):
        return None  # suggested once a block
    changes = decision.changes_plan and plan.is_generated
    try:
        with transaction.atomic():
            made = BlockDecision.objects.create(
                plan=plan,
                kind=decision.kind,
                reason=decision.reason,
                test=test,
                session=session,
                changed_plan=changes,
                made_on=today,
            )
            if changes:
                _change(plan, decision.kind, today, lighter_from=lighter_from or today)
    except IntegrityError:
        return None
    if decision.kind != blocks.CARRY_ON:
        tell_coaches(plan, made)
    return made


def _change(plan, kind, today, *, lighter_from) -> None:
    """A generated plan from this week on: maintenance now, or a lighter week."""
    if kind == blocks.LIGHTER:
        Plan.objects.filter(pk=plan.pk).update(lighter_from=lighter_from)
        return
    week = (today - plan.starts_on).days // 7 + 1
    fields = {
        "weeks": min(week - 1 + blocks.BLOCK_WEEKS, PLAN_WEEKS_MAX),
        "sessions_per_week": plan.sessions_per_week,
        "maintenance_from_week": week,
        "maintenance_sessions_per_week": blocks.MAINTENANCE_SESSIONS_PER_WEEK,
    }
    if week == 1:  # maintenance from the start: the plan is maintenance only
        fields.update(
            sessions_per_week=blocks.MAINTENANCE_SESSIONS_PER_WEEK,
            maintenance_from_week=None,
            maintenance_sessions_per_week=None,
        )
    _revise(plan, fields, title="Hip-flexor maintenance plan")


def _revise(plan, fields: dict, *, title: str) -> None:
    """The schedule from this week on; the weeks before keep theirs (a PlanRevision)."""
    services.keep_the_past(
        plan, {**{name: getattr(plan, name) for name in services.SCHEDULE_FIELDS}, **fields}
    )
    Plan.objects.filter(pk=plan.pk).update(title=title, **fields)


def next_block_of(plan) -> blocks.NextBlock | None:
    """What follows a generated plan's last week, from the latest test; None for a coach's."""
    if not plan.is_generated:
        return None
    latest = Assessment.objects.owned_by(plan.runner).newest_first().first()
    return blocks.next_block(reading_of(latest) if latest else None)


def start_next_block(plan, today) -> BlockDecision | None:
    """A generated plan past its last day goes on with the next block, as a revision (or as a
    new plan from the latest test when it would pass PLAN_WEEKS_MAX weeks): a plan never just
    ends. Idempotent: a plan still running is left alone."""
    if not plan.is_generated or today <= plan.ends_on:
        return None
    following = next_block_of(plan)
    if plan.weeks + following.weeks > PLAN_WEEKS_MAX:
        latest = Assessment.objects.owned_by(plan.runner).newest_first().first()
        if latest is not None:
            services.generate_plan_for(plan.runner, latest, today)
        return None
    # Whole weeks past the end count too, so that the next block starts this week.
    weeks = (today - plan.starts_on).days // 7 + 1
    if following.kind == blocks.MAINTENANCE:
        fields = {"weeks": weeks - 1 + following.weeks}
        if not in_maintenance(plan, plan.ends_on):
            fields.update(
                maintenance_from_week=weeks,
                maintenance_sessions_per_week=following.sessions_per_week,
            )
        title = "Hip-flexor maintenance plan"
    else:
        fields = {
            "weeks": weeks - 1 + following.weeks,
            "sessions_per_week": following.sessions_per_week,
            "maintenance_from_week": None,
            "maintenance_sessions_per_week": None,
        }
        title = "Hip-flexor plan"
    reason = f"The plan's {plan.weeks} weeks were over: next, {following.words}"
    try:
        with transaction.atomic():
            made = BlockDecision.objects.create(
                plan=plan,
                kind=blocks.NEXT_BLOCK,
                reason=reason,
                changed_plan=True,
                made_on=today,
            )
            _revise(plan, fields, title=title)
    except IntegrityError:
        return None
    tell_coaches(plan, made)
    return made


def tell_coaches(plan, decision) -> None:
    """E-mails the runner's linked coaches what the rules decided (or, on a coach's plan,
    would suggest), unless they turned plan e-mails off."""
    runner = plan.runner
    links = (
        CoachLink.objects.active()
        .filter(runner=runner, coach__profile__email_plans=True)
        .select_related("coach__profile")
    )
    url = settings.SITE_URL + reverse("dashboard:runner", args=[runner.pk])
    for link in links:
        mine = plan.author_id == link.coach_id
        mail.tell(
            link.coach.email,
            f"{runner.display_name}: the tests suggest “{decision.title.lower()}”"
            if not decision.changed_plan
            else f"{runner.display_name}'s plan: {decision.title.lower()}",
            "plans/block_decision_email.txt",
            {"plan": plan, "decision": decision, "runner": runner, "mine": mine, "url": url},
        )
