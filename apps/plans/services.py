"""Writes that touch several rows: creating a plan (ending the old one) and logging sets."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.plans.models import Plan, PlanItem, SetLog, Stretch, StretchSession


@transaction.atomic
def start_plan(*, runner, author, draft_fields: dict, items: list[dict], today) -> Plan:
    """End the runner's active plan (it stays in history) and start this one.

    items: dicts with stretch (a Stretch), order, sets, hold_seconds, reps, extra_set_side.
    """
    # The partial unique constraint refuses a second active plan should two requests race here.
    Plan.objects.filter(runner=runner, status=Plan.Status.ACTIVE).update(
        status=Plan.Status.ENDED, ended_on=today
    )
    plan = Plan.objects.create(
        runner=runner,
        author=author,
        author_name=author.display_name if author else "",
        **draft_fields,
    )
    PlanItem.objects.bulk_create(PlanItem(plan=plan, **item) for item in items)
    return plan


def default_items(extra_set_side: str = "") -> list[dict]:
    """Every catalogue stretch at its default dose, as start_plan() takes them."""
    return [
        {
            "stretch": stretch,
            "order": stretch.order,
            "sets": stretch.default_sets,
            "hold_seconds": stretch.default_hold_seconds,
            "reps": stretch.default_reps,
            "extra_set_side": extra_set_side,
        }
        for stretch in Stretch.objects.all()
    ]


def items_from_draft(draft) -> list[dict]:
    stretches = Stretch.objects.in_bulk([item.slug for item in draft.items], field_name="slug")
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


def sets_in(plan) -> int:
    return sum(
        item.sets_for(side)
        for item in plan.items.select_related("stretch")
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
                defaults={"sets_planned": sets_in(plan)},
            )
    except IntegrityError:
        session = StretchSession.objects.get(plan=plan, performed_on=today)
    return session


def set_done(session, item, side, set_number, done: bool) -> None:
    if done:
        SetLog.objects.get_or_create(session=session, item=item, side=side, set_number=set_number)
    else:
        SetLog.objects.filter(session=session, item=item, side=side, set_number=set_number).delete()


def finish(session, discomfort: int) -> None:
    session.discomfort = discomfort
    session.finished_at = session.finished_at or timezone.now()
    session.save(update_fields=["discomfort", "finished_at"])
