"""A coach's plan templates: the database's rules, writing, changing and deleting one, and
saving a runner's plan as one."""

import pytest
from django.db import IntegrityError, transaction

from apps.plans.models import PlanTemplate, PlanTemplateItem, Stretch
from tests.plans.factories import (
    ExerciseFactory,
    PlanFactory,
    PlanTemplateFactory,
    add_to_plan,
    add_to_template,
    says_they_coach,
)

pytestmark = pytest.mark.django_db

TEMPLATES = "/coach/templates/"
NEW = "/coach/templates/new/"


@pytest.fixture
def coach(coach):
    """Bob says he coaches: the template library is for coaches."""
    return says_they_coach(coach)


def template_data(**overrides):
    data = {
        "title": "Marathon base",
        "weeks": "8",
        "sessions_per_week": "5",
        "maintenance_from_week": "6",
        "maintenance_sessions_per_week": "3",
        "notes": "Ease off before the long run.",
        "edge-of-table-include": "on",
        "edge-of-table-order": "2",
        "edge-of-table-sets": "3",
        "edge-of-table-amount": "45",
        "edge-of-table-extra_set_side": "left",
        "half-kneeling-lunge-include": "on",
        "half-kneeling-lunge-order": "1",
        "half-kneeling-lunge-sets": "2",
        "half-kneeling-lunge-amount": "12",
        "half-kneeling-lunge-extra_set_side": "",
        "warrior-one-order": "3",
        "warrior-one-sets": "2",
        "warrior-one-amount": "30",
    }
    data.update(overrides)
    return data


def items_of(template):
    return [
        (
            item.stretch.slug,
            item.order,
            item.sets,
            item.hold_seconds,
            item.reps,
            item.extra_set_side,
        )
        for item in template.items.select_related("stretch")
    ]


def refused(*, with_message, within):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        within()
    assert with_message in str(error.value)


# --- The database ---------------------------------------------------------------------------


def test_a_coach_has_one_template_of_each_title_whatever_its_case(coach, stranger):
    PlanTemplateFactory(coach=coach, title="Marathon base")
    PlanTemplateFactory(coach=stranger, title="Marathon base")  # another coach's may

    refused(
        with_message="plans_template_title_once_per_coach",
        within=lambda: PlanTemplateFactory(coach=coach, title="MARATHON BASE"),
    )


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        (
            {"weeks": 0, "maintenance_from_week": None, "maintenance_sessions_per_week": None},
            "plans_template_weeks_range",
        ),
        ({"sessions_per_week": 8}, "plans_template_sessions_range"),
        ({"maintenance_from_week": 7, "weeks": 6}, "plans_template_maintenance"),
        ({"maintenance_sessions_per_week": None}, "plans_template_maintenance"),
        ({"title": ""}, "plans_template_has_title"),
    ],
)
def test_the_database_refuses_a_template_out_of_range(coach, fields, rule):
    refused(with_message=rule, within=lambda: PlanTemplateFactory(coach=coach, **fields))


@pytest.mark.parametrize(
    ("dose", "rule"),
    [
        ({"sets": 7}, "plans_template_item_sets_range"),
        ({"hold_seconds": 200}, "plans_template_item_one_dose"),
        ({"reps": 10}, "plans_template_item_one_dose"),  # a hold and repetitions
        ({"extra_set_side": "both"}, "plans_template_item_extra_side_valid"),
    ],
)
def test_the_database_refuses_a_template_dose_out_of_range(coach, dose, rule):
    template = PlanTemplateFactory(coach=coach, with_items=False)
    stretch = Stretch.objects.get(slug="edge-of-table")

    refused(with_message=rule, within=lambda: add_to_template(template, stretch, **dose))


# --- The pages ------------------------------------------------------------------------------


def test_a_coach_writes_a_template_and_finds_it_in_the_library(coach, coach_client):
    response = coach_client.post(NEW, template_data())

    assert response["Location"] == TEMPLATES
    template = PlanTemplate.objects.get()
    assert (template.coach, template.title, template.weeks, template.sessions_per_week) == (
        coach,
        "Marathon base",
        8,
        5,
    )
    assert (template.maintenance_from_week, template.maintenance_sessions_per_week) == (6, 3)
    assert items_of(template) == [
        ("half-kneeling-lunge", 1, 2, None, 12, ""),
        ("edge-of-table", 2, 3, 45, None, "left"),
    ]
    page = coach_client.get(TEMPLATES).text
    assert "Marathon base" in page
    assert "8 weeks, 5 sessions a week, then 3 from week 6" in page


def test_the_template_editor_offers_the_coachs_own_exercises_and_no_other(
    coach, coach_client, stranger
):
    ExerciseFactory(owner=coach, name="Bob's couch stretch")
    ExerciseFactory(owner=stranger, name="Charlie's secret stretch")

    page = coach_client.get(NEW).text

    assert "Bob&#x27;s couch stretch" in page
    assert "Charlie" not in page


def test_a_coachs_own_exercise_goes_in_a_template(coach, coach_client):
    exercise = ExerciseFactory(owner=coach)

    coach_client.post(
        NEW,
        template_data(
            **{
                f"{exercise.slug}-include": "on",
                f"{exercise.slug}-order": "3",
                f"{exercise.slug}-sets": "2",
                f"{exercise.slug}-amount": "40",
            }
        ),
    )

    assert (exercise.slug, 3, 2, 40, None, "") in items_of(PlanTemplate.objects.get())


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "Give the template a title."),
        ("weeks", "0", "Enter a number of weeks from 1 to 52."),
        ("sessions_per_week", "8", "Enter sessions per week from 1 to 7."),
        ("maintenance_from_week", "9", "The plan has 8 weeks: start maintenance in week 8"),
        ("edge-of-table-sets", "7", "Enter sets from 1 to 6."),
        ("half-kneeling-lunge-amount", "0", "Enter repetitions from 1 to 40."),
    ],
)
def test_bad_input_is_named_beside_its_field_and_nothing_is_saved(
    coach_client, field, value, message
):
    response = coach_client.post(NEW, template_data(**{field: value}))

    assert response.status_code == 200
    field_id = f"id_{field}"
    page = response.text
    # The message sits in the field's group, before its input.
    assert message in page[page.index(f'for="{field_id}"') : page.index(f'id="{field_id}"')]
    assert not PlanTemplate.objects.exists()


def test_a_second_template_of_the_same_title_is_refused_beside_the_title(coach, coach_client):
    PlanTemplateFactory(coach=coach, title="Marathon base")

    response = coach_client.post(NEW, template_data(title="marathon  BASE"))

    assert "You already have a template of this title." in response.text
    assert PlanTemplate.objects.count() == 1


def test_a_template_needs_a_stretch(coach_client):
    data = template_data()
    del data["edge-of-table-include"], data["half-kneeling-lunge-include"]

    response = coach_client.post(NEW, data)

    assert "Include at least one stretch." in response.text
    assert not PlanTemplate.objects.exists()


def test_another_coachs_exercise_in_the_post_is_refused(coach_client, stranger):
    theirs = ExerciseFactory(owner=stranger)

    response = coach_client.post(
        NEW,
        template_data(
            **{
                f"{theirs.slug}-include": "on",
                f"{theirs.slug}-order": "3",
                f"{theirs.slug}-sets": "2",
                f"{theirs.slug}-amount": "40",
            }
        ),
    )

    assert "is not one you can use" in response.text
    assert not PlanTemplate.objects.exists()


def test_a_coach_changes_a_template(coach, coach_client):
    template = PlanTemplateFactory(coach=coach, title="Marathon base")
    data = template_data(title="Marathon base", weeks="10")
    del data["edge-of-table-include"]

    response = coach_client.post(f"/coach/templates/{template.pk}/edit/", data)

    assert response["Location"] == TEMPLATES
    template.refresh_from_db()
    assert template.weeks == 10
    assert items_of(template) == [("half-kneeling-lunge", 1, 2, None, 12, "")]


def test_the_editor_opens_with_the_templates_doses(coach, coach_client):
    template = PlanTemplateFactory(coach=coach, with_items=False)
    add_to_template(template, Stretch.objects.get(slug="edge-of-table"), sets=4, hold_seconds=55)

    page = coach_client.get(f"/coach/templates/{template.pk}/edit/").text

    assert 'name="edge-of-table-sets" value="4"' in page
    assert 'name="edge-of-table-amount" value="55"' in page
    assert 'name="warrior-one-include" id="id_warrior-one-include">' in page  # not ticked


def test_deleting_a_template_keeps_the_plans_made_from_it(coach, coach_client, runner):
    template = PlanTemplateFactory(coach=coach)
    plan = PlanFactory(runner=runner, author=coach, title=template.title)

    response = coach_client.post(f"/coach/templates/{template.pk}/delete/")

    assert response["Location"] == TEMPLATES
    assert not PlanTemplate.objects.exists()
    assert not PlanTemplateItem.objects.exists()
    plan.refresh_from_db()
    assert plan.items.count() == 3


def test_somebody_who_does_not_coach_is_told_how_to(runner_client):
    page = runner_client.get(TEMPLATES).text

    assert "Plan templates are for coaches and physios" in page
    assert runner_client.get(NEW)["Location"] == TEMPLATES


def test_deleting_an_exercise_takes_it_out_of_the_coachs_templates(coach, coach_client, runner):
    exercise = ExerciseFactory(owner=coach)
    template = PlanTemplateFactory(coach=coach)
    add_to_template(template, exercise)
    add_to_plan(PlanFactory(runner=runner, author=coach), exercise)  # so it is archived

    coach_client.post(f"/coach/exercises/{exercise.pk}/delete/")

    exercise.refresh_from_db()
    assert exercise.archived_at is not None
    assert exercise.slug not in [slug for slug, *_dose in items_of(template)]
    assert len(items_of(template)) == 3


# --- From a runner's plan -------------------------------------------------------------------


def test_a_coach_saves_a_runners_plan_as_a_template(coach, coach_client, runner, stranger):
    plan = PlanFactory(
        runner=runner,
        author=stranger,
        weeks=5,
        sessions_per_week=3,
        notes="Keep the hold gentle.",
        with_items=False,
    )
    add_to_plan(plan, Stretch.objects.get(slug="warrior-one"), sets=3, hold_seconds=50)
    mine = ExerciseFactory(owner=coach, name="Bob's couch stretch")
    add_to_plan(plan, mine, sets=1, hold_seconds=20)
    add_to_plan(plan, ExerciseFactory(owner=stranger, name="Charlie's bridge"))
    url = f"/runners/{runner.pk}/plan/{plan.pk}/template/"

    form = coach_client.get(url).text
    assert "Left out, as they are not yours to use: “Charlie&#x27;s bridge”" in form
    assert 'name="warrior-one-sets" value="3"' in form
    assert (
        f"/runners/{runner.pk}/plan/{plan.pk}/template/"
        in coach_client.get(f"/runners/{runner.pk}/plan/").text
    )  # the plan page links here

    data = {
        "title": "Alice's spring",
        "weeks": "5",
        "sessions_per_week": "3",
        "notes": "Keep the hold gentle.",
        "warrior-one-include": "on",
        "warrior-one-order": "1",
        "warrior-one-sets": "3",
        "warrior-one-amount": "50",
        f"{mine.slug}-include": "on",
        f"{mine.slug}-order": "2",
        f"{mine.slug}-sets": "1",
        f"{mine.slug}-amount": "20",
    }
    response = coach_client.post(url, data)

    assert response["Location"] == TEMPLATES
    template = PlanTemplate.objects.get()
    assert (template.coach, template.weeks, template.notes) == (coach, 5, "Keep the hold gentle.")
    assert items_of(template) == [
        ("warrior-one", 1, 3, 50, None, ""),
        (mine.slug, 2, 1, 20, None, ""),
    ]
    assert plan.items.count() == 3  # the runner's plan is as it was


def test_from_a_runners_plan_page_the_library_assigns_to_that_runner(
    coach, coach_client, runner, stranger
):
    template = PlanTemplateFactory(coach=coach, title="Marathon base")
    plan_page = coach_client.get(f"/runners/{runner.pk}/plan/").text
    assert f"{TEMPLATES}?runner={runner.pk}" in plan_page

    page = coach_client.get(TEMPLATES, {"runner": runner.pk}).text

    assert f"/coach/templates/{template.pk}/assign/?runner={runner.pk}" in page
    assert "Assign “Marathon base” to Alice" in page
    others = stranger.runner_links.get().runner
    assert coach_client.get(TEMPLATES, {"runner": others.pk}).status_code == 404
