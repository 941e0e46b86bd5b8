import factory

from apps.accounts.models import Profile
from apps.plans.models import Plan, PlanItem, PlanTemplate, PlanTemplateItem, Stretch
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
        for order, stretch in enumerate(Stretch.objects.catalogue().stretches(), start=1):
            PlanItem.objects.create(
                plan=plan,
                stretch=stretch,
                order=order,
                sets=stretch.default_sets,
                hold_seconds=stretch.default_hold_seconds,
                reps=stretch.default_reps,
            )


class ExerciseFactory(factory.django.DjangoModelFactory):
    """A coach's own exercise (a hold, one side at a time)."""

    class Meta:
        model = Stretch

    owner = factory.SubFactory(UserFactory)
    is_catalogue = False
    name = factory.Sequence(lambda number: f"Couch stretch {number}")
    slug = factory.Sequence(lambda number: f"couch-stretch-{number}")
    instructions = "Kneel with the back foot up on a sofa; tuck the pelvis."
    cues = "Pelvis tucked\nRibs down"
    cautions = "Ease off if the knee complains."
    dose_kind = "hold"
    default_sets = 2
    default_hold_seconds = 40


def add_to_plan(plan, stretch, **dose):
    """`stretch` in `plan` at its default dose (or `dose`), after the items there."""
    return PlanItem.objects.create(
        plan=plan,
        stretch=stretch,
        order=plan.items.count() + 1,
        sets=dose.get("sets", stretch.default_sets),
        hold_seconds=dose.get("hold_seconds", stretch.default_hold_seconds),
        reps=dose.get("reps", stretch.default_reps),
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


class PlanTemplateFactory(factory.django.DjangoModelFactory):
    """A coach's plan template, with every catalogue stretch at its default dose unless
    with_items=False."""

    class Meta:
        model = PlanTemplate
        skip_postgeneration_save = True

    coach = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda number: f"Spring block {number}")
    weeks = 6
    sessions_per_week = 4
    maintenance_from_week = 5
    maintenance_sessions_per_week = 2
    notes = "Easy on the hills in week 1."

    @factory.post_generation
    def with_items(template, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for order, stretch in enumerate(Stretch.objects.catalogue().stretches(), start=1):
            add_to_template(template, stretch, order=order)


def add_to_template(template, stretch, **dose):
    """`stretch` in `template` at its default dose (or `dose`)."""
    return PlanTemplateItem.objects.create(
        template=template,
        stretch=stretch,
        order=dose.get("order", template.items.count() + 1),
        sets=dose.get("sets", stretch.default_sets),
        hold_seconds=dose.get("hold_seconds", stretch.default_hold_seconds),
        reps=dose.get("reps", stretch.default_reps),
        extra_set_side=dose.get("extra_set_side", ""),
    )


def says_they_coach(user):
    """`user` chose "I am a coach" in their profile: the coach's library pages are theirs."""
    Profile.objects.filter(user=user).update(role="coach")
    user.profile.refresh_from_db()
    return user
