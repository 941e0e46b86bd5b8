import factory

from apps.plans.models import Plan, PlanItem, Stretch
from tests.factories import UserFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    runner = factory.SubFactory(UserFactory)
    author = None
    author_name = factory.LazyAttribute(
        lambda plan: plan.author.display_name if plan.author else ""
    )
    title = "Test plan"
    starts_on = factory.LazyAttribute(lambda plan: plan.runner.profile.today())
    weeks = 6
    sessions_per_week = 3

    @factory.post_generation
    def with_items(plan, create, extracted, **kwargs):
        """Every catalogue stretch at its default dose, unless with_items=False."""
        if not create or extracted is False:
            return
        for order, stretch in enumerate(Stretch.objects.all(), start=1):
            PlanItem.objects.create(
                plan=plan,
                stretch=stretch,
                order=order,
                sets=stretch.default_sets,
                hold_seconds=stretch.default_hold_seconds,
                reps=stretch.default_reps,
            )


def complete_session(plan, day, *, finished=True):
    """A session of `plan` on `day` with every set logged."""
    from django.utils import timezone

    from apps.plans.models import SetLog, StretchSession

    items = list(plan.items.select_related("stretch"))
    session = StretchSession.objects.create(
        runner=plan.runner,
        plan=plan,
        performed_on=day,
        finished_at=timezone.now() if finished else None,
        sets_planned=sum(item.sets_for(side) for item in items for side in item.stretch.sides),
    )
    SetLog.objects.bulk_create(
        SetLog(session=session, item=item, side=side, set_number=number)
        for item in items
        for side in item.stretch.sides
        for number in range(1, item.sets_for(side) + 1)
    )
    return session
