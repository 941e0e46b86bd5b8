"""A plan template assigned in one step to one runner or a whole group: each runner gets a plan
of their own, the old one kept in their history; a runner on a red flag gets none and the coach
is told who and why; a runner whose link ended is never reached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import Profile
from apps.assessments.models import RedFlag
from apps.plans.models import Plan
from tests.dashboard.groups import end_link, group_of, squad
from tests.factories import CoachLinkFactory
from tests.plans.factories import (
    ExerciseFactory,
    PlanFactory,
    PlanTemplateFactory,
    add_to_template,
    complete_session,
)

pytestmark = pytest.mark.django_db


def assign_url(template):
    return f"/coach/templates/{template.pk}/assign/"


def doses(plan):
    return [
        (item.stretch.slug, item.order, item.sets, item.hold_seconds, item.reps)
        for item in plan.items.select_related("stretch").order_by("order")
    ]


@pytest.fixture
def template(coach):
    return PlanTemplateFactory(coach=coach, title="Marathon base")


def test_a_template_to_one_runner_is_a_plan_of_her_own(
    coach, coach_client, runner, runner_client, template, mailoutbox
):
    old = PlanFactory(runner=runner, title="Old plan")
    complete_session(old, old.starts_on)

    response = coach_client.post(assign_url(template), {"runner": runner.pk})

    assert "Assigned to 1 runner" in response.text
    plan = Plan.objects.get(runner=runner, status=Plan.Status.ACTIVE)
    assert (plan.title, plan.author, plan.author_name) == ("Marathon base", coach, "Bob")
    assert (plan.weeks, plan.sessions_per_week) == (6, 4)
    assert (plan.maintenance_from_week, plan.maintenance_sessions_per_week) == (5, 2)
    assert (plan.starts_on, plan.notes) == (runner.profile.today(), "Easy on the hills in week 1.")
    assert doses(plan) == [
        (item.stretch.slug, item.order, item.sets, item.hold_seconds, item.reps)
        for item in template.items.select_related("stretch")
    ]
    old.refresh_from_db()
    assert (old.status, old.ended_on) == (Plan.Status.ENDED, runner.profile.today())
    assert old.sessions.count() == 1  # its past stays
    [told] = mailoutbox
    assert told.to == ["alice@example.com"]
    assert told.subject == "Bob assigned you a stretch plan"
    page = runner_client.get("/plan/").text
    assert "Assigned by <strong>Bob</strong>." in page
    assert "Old plan" in page  # in the history


def test_the_template_stays_as_it_was_and_each_plan_is_the_runners_own(
    coach, coach_client, runner, template
):
    coach_client.post(assign_url(template), {"runner": runner.pk})
    plan = Plan.objects.get(runner=runner)

    plan.items.update(sets=1)

    assert {item.sets for item in template.items.all()} != {1}


def test_a_template_with_the_coachs_exercise_gives_the_plan_that_exercise(
    coach, coach_client, runner, template
):
    exercise = ExerciseFactory(owner=coach)
    add_to_template(template, exercise, sets=3)

    coach_client.post(assign_url(template), {"runner": runner.pk})

    plan = Plan.objects.get(runner=runner)
    assert (exercise.slug, 4, 3, 40, None) in doses(plan)
    # As a plan from the editor: it follows its author's changes while she is his runner.
    coach_client.post(
        f"/coach/exercises/{exercise.pk}/edit/",
        {
            "name": exercise.name,
            "instructions": "New words.",
            "cues": "Ribs down",
            "kind": "stretch",
            "dose_kind": "hold",
            "default_sets": "2",
            "default_hold_seconds": "40",
            "per_side": "on",
        },
    )
    item = plan.items.get(stretch__name=exercise.name)
    assert item.stretch.instructions == "New words."


def test_a_group_gets_a_plan_each_but_the_runner_on_a_red_flag(coach, coach_client, template):
    group, runners = squad(coach, 4)
    leo = runners[1]
    Profile.objects.filter(user=leo).update(display_name="Leo")
    RedFlag.objects.create(runner=leo, key="bladder_bowel")
    PlanFactory(runner=leo, title="Leo's plan")

    response = coach_client.post(assign_url(template), {"group": group.pk})

    page = response.text
    assert "Assigned to 3 runners of 4 in Marathon squad" in page
    assert "Leo: paused on a red flag (a change in bladder or bowel control), see" in page
    assert f'<a href="/coach/runners/{leo.pk}/">Leo\'s page</a>' in page
    made = Plan.objects.filter(title="Marathon base")
    assert sorted(made.values_list("runner_id", flat=True)) == sorted(
        runner.pk for runner in runners if runner != leo
    )
    # Leo keeps his plan, and nothing was made for him.
    assert list(Plan.objects.filter(runner=leo).values_list("title", "status")) == [
        ("Leo's plan", "active")
    ]


def test_a_runner_whose_link_ended_is_never_reached(coach, coach_client, template, mailoutbox):
    group, runners = squad(coach, 3)
    gone = runners[0]
    end_link(coach, gone)

    response = coach_client.post(assign_url(template), {"group": group.pk})

    assert "Assigned to 2 runners of 2 in Marathon squad" in response.text
    assert not Plan.objects.filter(runner=gone).exists()
    assert gone.email not in [message.to[0] for message in mailoutbox]
    # Nor one by one: she is not among the coach's runners.
    response = coach_client.post(assign_url(template), {"runner": gone.pk})
    assert "Choose one of your runners." in response.text
    assert not Plan.objects.filter(runner=gone).exists()


def test_a_runner_who_links_again_is_in_no_group(coach, coach_client, template):
    group, [runner] = squad(coach, 1)
    end_link(coach, runner)
    CoachLinkFactory(runner=runner, coach=coach)  # a new link, in no group

    response = coach_client.post(assign_url(template), {"group": group.pk})

    assert "Nobody in Marathon squad is linked with you now." in response.text
    assert not Plan.objects.filter(runner=runner).exists()


def test_each_runner_starts_on_their_own_today_unless_the_coach_says(coach, coach_client, template):
    group, [east, west] = squad(coach, 2)
    Profile.objects.filter(user=east).update(timezone="Pacific/Kiritimati")  # UTC+14
    Profile.objects.filter(user=west).update(timezone="Pacific/Pago_Pago")  # UTC-11
    east.profile.refresh_from_db()
    west.profile.refresh_from_db()

    coach_client.post(assign_url(template), {"group": group.pk})

    starts = dict(Plan.objects.values_list("runner_id", "starts_on"))
    assert starts == {east.pk: east.profile.today(), west.pk: west.profile.today()}
    assert starts[east.pk] != starts[west.pk]

    chosen = coach.profile.today().isoformat()
    coach_client.post(assign_url(template), {"group": group.pk, "starts_on": chosen})
    assert set(Plan.objects.active().values_list("starts_on", flat=True)) == {coach.profile.today()}


def test_only_the_runners_who_want_plan_emails_are_emailed(
    coach, coach_client, template, mailoutbox
):
    group, [quiet, keen] = squad(coach, 2)
    Profile.objects.filter(user=quiet).update(email_plans=False)

    coach_client.post(assign_url(template), {"group": group.pk})

    assert [message.to for message in mailoutbox] == [[keen.email]]
    assert Plan.objects.filter(runner=quiet).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "runner", "Choose a runner, or a group below."),
        ({"runner": "999999"}, "runner", "Choose one of your runners."),
        ({"group": "999999"}, "group", "Choose one of your groups."),
        ({"starts_on": "1999-01-01", "runner": "ALICE"}, "starts_on", "Start the plans between"),
        ({"starts_on": "not a date", "runner": "ALICE"}, "starts_on", "Enter a valid date."),
    ],
)
def test_bad_input_is_named_beside_its_field_and_nothing_is_made(
    coach_client, runner, template, data, field, message
):
    data = {key: str(runner.pk) if value == "ALICE" else value for key, value in data.items()}

    response = coach_client.post(assign_url(template), data)

    page = response.text
    field_id = f"id_{field}"
    assert message in page[page.index(f'for="{field_id}"') : page.index(f'id="{field_id}"')]
    assert not Plan.objects.exists()


def test_a_runner_and_a_group_at_once_is_refused(coach, coach_client, runner, template):
    group = group_of(coach, [runner])

    response = coach_client.post(assign_url(template), {"runner": runner.pk, "group": group.pk})

    assert "Choose one runner or one group, not both." in response.text
    assert not Plan.objects.exists()


def test_a_stranger_reaches_nobody_of_another_coachs(
    coach, runner, stranger, stranger_client, template
):
    bobs_group = group_of(coach, [runner])
    his = PlanTemplateFactory(coach=stranger)

    for data in ({"runner": runner.pk}, {"group": bobs_group.pk}):
        response = stranger_client.post(assign_url(his), data)
        assert response.status_code == 200
        assert "Choose one of your" in response.text
    assert stranger_client.get(assign_url(his), {"runner": runner.pk}).status_code == 404
    assert stranger_client.get(assign_url(his), {"group": bobs_group.pk}).status_code == 404
    assert stranger_client.post(assign_url(template), {"runner": runner.pk}).status_code == 404
    assert not Plan.objects.exists()


def test_the_page_opens_with_the_runner_of_the_plan_page_chosen(coach_client, runner, template):
    page = coach_client.get(assign_url(template), {"runner": runner.pk}).text

    assert f'<option value="{runner.pk}" selected>Alice</option>' in page


def post_queries(client, url, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_the_group(coach, coach_client, template, mailoutbox):
    small, small_runners = squad(coach, 3, name="Small")
    large, large_runners = squad(coach, 15, name="Large")
    for group_runners in (small_runners, large_runners):
        RedFlag.objects.create(runner=group_runners[0], key="severe")
        for runner in group_runners[1:3]:
            PlanFactory(runner=runner)

    small_count = post_queries(coach_client, assign_url(template), {"group": small.pk})
    large_count = post_queries(coach_client, assign_url(template), {"group": large.pk})

    assert Plan.objects.filter(title="Marathon base").count() == 2 + 14
    assert large_count == small_count
