"""Every write to plans and sessions: starting, generating, editing and ending a plan (and
telling the runner of a coach's), and logging the sets of a session."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, DateField, Value, When
from django.utils import timezone

from apps.assessments import red_flags, safety, verdicts
from apps.plans import adherence, generator, progression
from apps.plans.models import (
    EffortRating,
    MorningCheck,
    Plan,
    PlanItem,
    PlanRevision,
    SetLog,
    Stretch,
    StretchSession,
)
from psoas_tracker import mail

# What a coach sets on a plan and its items (the form has these fields, and so do edits).
PLAN_FIELDS = (
    *("title", "notes", "starts_on", "weeks", "sessions_per_week"),
    *("maintenance_from_week", "maintenance_sessions_per_week", "strength_sessions_per_week"),
)
ITEM_FIELDS = ("order", "sets", "hold_seconds", "reps", "extra_set_side")


def start_plan(*, runner, author, draft_fields: dict, items: list[dict], today) -> Plan:
    """End the runner's active plan (it stays in history) and start this one.

    items: dicts with stretch (a Stretch), order, sets, hold_seconds, reps, extra_set_side.
    """
    [plan] = start_plans(author=author, starts=[(runner, draft_fields, today)], items=items)
    return plan


@transaction.atomic
def start_plans(*, author, starts: list[tuple], items: list[dict]) -> list[Plan]:
    """start_plan() for several runners in three queries, whatever their number: `starts` is
    (runner, draft_fields, the runner's today) each, and every plan gets the same `items`."""
    if not starts:
        return []
    # The partial unique constraint refuses a second active plan should two requests race here.
    Plan.objects.filter(
        runner__in=[runner for runner, _fields, _today in starts], status=Plan.Status.ACTIVE
    ).update(
        status=Plan.Status.ENDED,
        ended_on=Case(
            *(When(runner=runner, then=Value(today)) for runner, _fields, today in starts),
            output_field=DateField(),
        ),
    )
    plans = Plan.objects.bulk_create(
        Plan(
            runner=runner,
            author=author,
            author_name=author.display_name if author else "",
            **draft_fields,
        )
        for runner, draft_fields, _today in starts
    )
    PlanItem.objects.bulk_create(PlanItem(plan=plan, **item) for plan in plans for item in items)
    return plans


def _doses(stretches):
    return [
        generator.StretchDose(
            slug=stretch.slug,
            name=stretch.name,
            sets=stretch.default_sets,
            hold_seconds=stretch.default_hold_seconds,
            reps=stretch.default_reps,
            rep_hold_seconds=stretch.rep_hold_seconds,
        )
        for stretch in stretches
    ]


def generate_plan_for(runner, latest_test, today) -> Plan:
    """A plan generated from the runner's latest test (generator.py), started today."""
    catalogue = list(Stretch.objects.catalogue())  # never a coach's own exercise
    doses = _doses(stretch for stretch in catalogue if not stretch.is_strength)
    draft = generator.generate_plan(
        hip_left=latest_test.hip_angle_left,
        hip_right=latest_test.hip_angle_right,
        knee_left=latest_test.knee_angle_left,
        knee_right=latest_test.knee_angle_right,
        stretches=doses,
        strength=_doses(stretch for stretch in catalogue if stretch.is_strength),
        thresholds=verdicts.thresholds(latest_test.instrument),
        gentle=red_flags.starts_gently(
            pain_scores=[score for _region, score in latest_test.pain_scores()],
            pain_uphill=latest_test.pain_uphill,
        ),
    )
    return start_plan(
        runner=runner,
        author=None,
        draft_fields={
            "title": draft.title,
            "reason": f"From the test of {latest_test.taken_on:%-d %B %Y}. {draft.reason}",
            "starts_on": today,
            "weeks": draft.weeks,
            "sessions_per_week": draft.sessions_per_week,
            "maintenance_from_week": draft.maintenance_from_week,
            "maintenance_sessions_per_week": draft.maintenance_sessions_per_week,
            "gentle_weeks": draft.gentle_weeks,
            "strength_sessions_per_week": draft.strength_sessions_per_week,
        },
        items=items_from_draft(draft),
        today=today,
    )


@transaction.atomic
def update_plan(plan, plan_fields: dict, items: list[dict], today) -> bool:
    """A coach's edit of schedule, notes, doses and which stretches: a stretch left out is
    removed from `today` on (its item and logged sets stay: the past keeps its plan), one put
    in is added (or back). False, and nothing changed, when the plan was ended meanwhile."""
    keep_the_past(plan, plan_fields)
    updated = Plan.objects.filter(pk=plan.pk, status=Plan.Status.ACTIVE).update(
        **{name: plan_fields[name] for name in PLAN_FIELDS}
    )
    if not updated:
        return False
    wanted = {fields["stretch"].pk: fields for fields in items}
    for fields in items:
        dose = {name: fields[name] for name in ITEM_FIELDS}
        PlanItem.objects.update_or_create(
            plan=plan, stretch=fields["stretch"], defaults={**dose, "removed_on": None}
        )
    PlanItem.objects.current().filter(plan=plan).exclude(stretch__in=wanted).update(
        removed_on=today
    )
    return True


SCHEDULE_FIELDS = (
    *("starts_on", "weeks", "sessions_per_week"),
    *("maintenance_from_week", "maintenance_sessions_per_week"),
)


def keep_the_past(plan, plan_fields):
    """Before a schedule changes, the weeks before this one keep the schedule they had: it is
    saved as a revision valid until last Sunday (a second edit this week keeps the first)."""
    if all(plan_fields[name] == getattr(plan, name) for name in SCHEDULE_FIELDS):
        return
    last_sunday = adherence.monday_of(plan.runner.profile.today()) - timedelta(days=1)
    if plan.starts_on > last_sunday:
        return  # no past week had this plan
    PlanRevision.objects.get_or_create(
        plan=plan,
        valid_until=last_sunday,
        defaults={
            "starts_on": plan.starts_on,
            "weeks": plan.weeks,
            "sessions_per_week": plan.sessions_per_week,
            "maintenance_from_week": plan.maintenance_from_week,
            "maintenance_sessions_per_week": plan.maintenance_sessions_per_week,
        },
    )


def end_plan(plan, today) -> None:
    """The plan ends today; it stays in the history."""
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ENDED, ended_on=today)


def default_items(extra_set_side: str = "") -> list[dict]:
    """Every catalogue stretch (no strength exercise) at its default dose, as start_plan()
    takes them."""
    return [
        {
            "stretch": stretch,
            "order": stretch.order,
            "sets": stretch.default_sets,
            "hold_seconds": stretch.default_hold_seconds,
            "reps": stretch.default_reps,
            "extra_set_side": extra_set_side,
        }
        for stretch in Stretch.objects.catalogue().stretches()
    ]


def items_from_draft(draft) -> list[dict]:
    stretches = Stretch.objects.catalogue().in_bulk(
        [item.slug for item in draft.items], field_name="slug"
    )
    return [
        {
            "stretch": stretches[item.slug],
            "order": order,
            "sets": item.sets,
            "hold_seconds": item.hold_seconds,
            "reps": item.reps,
            "extra_set_side": item.extra_set_side,
        }
        for order, item in enumerate(draft.items, start=1)
    ]


def sets_in(plan, day) -> int:
    """The sets of the plan's session on `day` (fewer in a gentle week, strength on its days)."""
    gentle, strength_day = plan.is_gentle_on(day), plan.is_strength_day(day)
    return sum(
        item.sets_for(side, gentle)
        for item in plan.items.current().select_related("stretch")
        if item.in_session(gentle, strength_day)
        for side in item.stretch.sides
    )


def session_for_today(runner, plan, today) -> StretchSession:
    """Today's session of the plan, made on the first set logged (two tabs may race)."""
    try:
        with transaction.atomic():
            session, _created = StretchSession.objects.get_or_create(
                runner=runner,
                plan=plan,
                performed_on=today,
                defaults={"sets_planned": sets_in(plan, today)},
            )
    except IntegrityError:
        session = StretchSession.objects.get(plan=plan, performed_on=today)
    return session


def set_done(session, item, side, set_number, done: bool) -> None:
    if done:
        SetLog.objects.get_or_create(session=session, item=item, side=side, set_number=set_number)
    else:
        SetLog.objects.filter(session=session, item=item, side=side, set_number=set_number).delete()


def rate_last_set(session, item, effort: str) -> str | None:
    """Saves how the last set of `item` (a strength exercise) felt in `session`, and moves it
    on when two ratings in a row since its last change agree (progression.py). A generated
    plan changes from the next session; a coach's plan stays, the coach deciding. Returns
    what changed or what is suggested, in words, or None."""
    EffortRating.objects.update_or_create(
        session=session, item=item, defaults={"effort": effort, "rated_at": timezone.now()}
    )
    ratings = list(
        EffortRating.objects.filter(
            item=item, session__performed_on__gt=item.progressed_on or date.min
        )
        .order_by("session__performed_on")
        .values_list("effort", flat=True)
    )
    exercise = item.stretch
    step = progression.next_dose(
        item.progression_dose,
        ratings,
        name=exercise.name,
        harder=exercise.harder,
        easier=exercise.easier,
        morning_pain=MorningCheck.objects.owned_by(session.runner)
        .filter(day=session.performed_on)
        .values_list("pain", flat=True)
        .first(),
    )
    if step is None:
        return None
    plan = item.plan
    if step.held:  # a coach's plan: the coach reads the ratings and the mornings, and decides
        return step.words if plan.is_generated else None
    if not plan.is_generated:
        lead = step.words.split(" From the next session")[0]
        return f"{lead} {plan.author_name} sets your doses and sees your ratings: ask them."
    PlanItem.objects.filter(pk=item.pk).update(
        sets=step.dose.sets,
        reps=step.dose.reps,
        hold_seconds=step.dose.hold_seconds,
        version=step.dose.version,
        progressed_on=session.performed_on,
    )
    return step.words


def finish(session, discomfort: int, notes: str = "") -> None:
    session.discomfort = discomfort
    session.notes = notes
    session.finished_at = session.finished_at or timezone.now()
    session.save(update_fields=["discomfort", "notes", "finished_at"])


def tell_runner(plan, coach, *, changed: bool, plan_url: str) -> None:
    """E-mails the runner that `coach` assigned (or changed) their plan, unless they turned
    these e-mails off. The plan is saved whatever the mail server says."""
    runner = plan.runner
    if runner.profile.email_plans:
        _tell_of_plan(plan, coach, changed, plan_url, hold=safety.hold_of(runner, runner))


def tell_runners(plans, coach, *, plan_url: str) -> None:
    """tell_runner() of new plans whose runners had no red flag as the plans were made (a
    template's, apps/plans/library.py): no query, whatever their number."""
    for plan in plans:
        if plan.runner.profile.email_plans:
            _tell_of_plan(plan, coach, False, plan_url, hold=None)


def _tell_of_plan(plan, coach, changed, plan_url, *, hold) -> None:
    mail.tell(
        plan.runner.email,
        f"{coach.display_name} changed your stretch plan"
        if changed
        else f"{coach.display_name} assigned you a stretch plan",
        "plans/plan_email.txt",
        {"plan": plan, "coach": coach, "changed": changed, "url": plan_url, "hold": hold},
    )


def tell_runner_of_exercise(plan, exercise, coach, *, plan_url: str) -> None:
    """E-mails the runner that `coach` changed the words or dose of their exercise in the
    runner's plan, unless they turned plan e-mails off."""
    runner = plan.runner
    if not runner.profile.email_plans:
        return
    mail.tell(
        runner.email,
        f"{coach.display_name} changed “{exercise.name}” in your stretch plan",
        "plans/exercise_changed_email.txt",
        {"plan": plan, "exercise": exercise, "coach": coach, "url": plan_url},
    )
