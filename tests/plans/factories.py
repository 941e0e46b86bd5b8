import factory

from apps.plans.models import Plan, PlanItem, Stretch
from tests.factories import UserFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    runner = factory.SubFactory(UserFactory)
    author = None
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
