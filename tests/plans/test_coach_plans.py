from datetime import timedelta

import pytest

from apps.accounts.models import CoachLink
from apps.plans.models import Plan
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db


def plan_data(runner, **overrides):
    data = {
        "title": "Spring block",
        "starts_on": runner.profile.today().isoformat(),
        "weeks": "4",
        "sessions_per_week": "5",
        "notes": "Easy on the left after the race.",
        "edge-of-table-include": "on",
        "edge-of-table-order": "2",
        "edge-of-table-sets": "2",
        "edge-of-table-amount": "45",
        "edge-of-table-extra_set_side": "left",
        "half-kneeling-lunge-include": "on",
        "half-kneeling-lunge-order": "1",
        "half-kneeling-lunge-sets": "1",
        "half-kneeling-lunge-amount": "15",
        "half-kneeling-lunge-extra_set_side": "",
        "warrior-one-order": "3",
        "warrior-one-sets": "2",
        "warrior-one-amount": "30",
    }
    data.update(overrides)
    return data


def test_a_linked_coach_assigns_a_plan_the_runner_then_sees(
    coach_client, coach, runner, runner_client
):
    response = coach_client.post(f"/runners/{runner.pk}/plan/new/", plan_data(runner))

    assert response["Location"] == f"/runners/{runner.pk}/plan/"
    plan = Plan.objects.get()
    assert (plan.runner, plan.author, plan.weeks, plan.sessions_per_week) == (runner, coach, 4, 5)
    items = [
        (i.stretch.slug, i.order, i.sets, i.hold_seconds, i.reps, i.extra_set_side)
        for i in plan.items.all()
    ]
    assert items == [
        ("half-kneeling-lunge", 1, 1, None, 15, ""),
        ("edge-of-table", 2, 2, 45, None, "left"),
    ]
    page = runner_client.get("/plan/").content.decode()
    assert "Assigned by <strong>Bob</strong>." in page
    assert "Easy on the left after the race." in page


def test_a_coachs_plan_stays_with_the_runner_after_the_link_ends(
    coach_client, coach, runner, runner_client
):
    coach_client.post(f"/runners/{runner.pk}/plan/new/", plan_data(runner))
    link = CoachLink.objects.get(runner=runner, coach=coach)
    coach_client.post(f"/links/{link.pk}/end/", {"confirm": "yes"})

    page = runner_client.get("/plan/").text

    assert Plan.objects.get().status == Plan.Status.ACTIVE
    assert "Assigned by <strong>Bob</strong> (no longer linked)." in page
    assert "Bob no longer coaches you. The plan is yours" in page
    assert "End this plan" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("edge-of-table-sets", "7", "Enter sets from 1 to 6."),
        ("edge-of-table-amount", "200", "Enter seconds from 5 to 120."),
        ("half-kneeling-lunge-amount", "0", "Enter repetitions from 1 to 40."),
        ("sessions_per_week", "8", "Enter sessions per week from 1 to 7."),
        ("weeks", "0", "Enter a number of weeks from 1 to 52."),
        ("starts_on", "soon", "Enter a valid date."),
        ("maintenance_from_week", "5", "The plan has 4 weeks: start maintenance in week 4"),
        ("maintenance_from_week", "1", "Enter a week from 2 to 52."),
    ],
)
def test_bad_doses_are_shown_beside_the_field_and_nothing_saved(
    coach_client, runner, field, value, message
):
    response = coach_client.post(
        f"/runners/{runner.pk}/plan/new/", plan_data(runner, **{field: value})
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Plan.objects.exists()


def test_a_plan_needs_at_least_one_stretch(coach_client, runner):
    data = plan_data(runner)
    del data["edge-of-table-include"], data["half-kneeling-lunge-include"]

    response = coach_client.post(f"/runners/{runner.pk}/plan/new/", data)

    assert "Include at least one stretch." in response.content.decode()
    assert not Plan.objects.exists()


def test_an_unlinked_coach_cannot_assign_a_plan(stranger_client, runner):
    response = stranger_client.post(f"/runners/{runner.pk}/plan/new/", plan_data(runner))

    assert response.status_code == 404
    assert not Plan.objects.exists()


def test_a_runner_cannot_assign_a_plan_to_themselves_through_the_coach_page(runner_client, runner):
    assert runner_client.get(f"/runners/{runner.pk}/plan/new/").status_code == 404


def test_the_coach_edits_doses_and_ends_the_plan(coach_client, runner):
    plan = PlanFactory(runner=runner)
    url = f"/runners/{runner.pk}/plan/{plan.pk}/edit/"
    data = plan_data(runner, **{"warrior-one-include": "on", "edge-of-table-sets": "4"})

    response = coach_client.post(url, data)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.weeks) == ("Spring block", 4)
    assert plan.items.get(stretch__slug="edge-of-table").sets == 4
    assert plan.items.count() == 3

    coach_client.post(f"/plan/{plan.pk}/end/")
    plan.refresh_from_db()
    assert (plan.status, plan.ended_on) == ("ended", runner.profile.today())


def test_a_stranger_cannot_edit_or_end_the_plan(stranger_client, runner):
    plan = PlanFactory(runner=runner)

    assert (
        stranger_client.post(
            f"/runners/{runner.pk}/plan/{plan.pk}/edit/", plan_data(runner)
        ).status_code
        == 404
    )
    assert stranger_client.post(f"/plan/{plan.pk}/end/").status_code == 404
    plan.refresh_from_db()
    assert (plan.status, plan.title) == ("active", "Test plan")


def test_the_linked_coach_reads_the_runners_plan_and_adherence(coach_client, runner):
    PlanFactory(runner=runner, title="Alice's plan")

    page = coach_client.get(f"/runners/{runner.pk}/plan/").content.decode()

    assert "Plan of Alice" in page
    assert "Alice&#x27;s plan" in page
    assert "Sessions per week" in page
    assert "Start today" not in page


def test_the_runner_is_told_by_email_of_a_plan_assigned_or_changed(
    coach_client, runner, mailoutbox
):
    coach_client.post(f"/runners/{runner.pk}/plan/new/", plan_data(runner))

    [assigned] = mailoutbox
    assert (assigned.to, assigned.subject) == (
        ["alice@example.com"],
        "Bob assigned you a stretch plan",
    )
    assert "http://testserver/plan/" in assigned.body
    plan = Plan.objects.get()
    coach_client.post(
        f"/runners/{runner.pk}/plan/{plan.pk}/edit/", plan_data(runner) | {"title": "Block 2"}
    )
    assert mailoutbox[1].subject == "Bob changed your stretch plan"
    assert 'changed your stretch plan "Block 2"' in mailoutbox[1].body
    assert len(mailoutbox) == 2  # one e-mail per event


def test_no_plan_email_when_the_runner_turned_them_off(coach_client, runner, mailoutbox):
    runner.profile.email_plans = False
    runner.profile.save()

    coach_client.post(f"/runners/{runner.pk}/plan/new/", plan_data(runner))

    assert Plan.objects.exists()
    assert mailoutbox == []


def test_a_coach_sets_the_two_phases_of_a_plan(coach_client, runner, runner_client):
    coach_client.post(
        f"/runners/{runner.pk}/plan/new/",
        plan_data(runner) | {"maintenance_from_week": "3", "maintenance_sessions_per_week": "2"},
    )

    plan = Plan.objects.get()
    assert (plan.maintenance_from_week, plan.maintenance_sessions_per_week) == (3, 2)
    assert "then 2 a week from week 3" in runner_client.get("/plan/").text


def test_one_phase_field_without_the_other_is_refused(coach_client, runner):
    page = coach_client.post(
        f"/runners/{runner.pk}/plan/new/", plan_data(runner) | {"maintenance_from_week": "3"}
    ).text

    assert "Enter the maintenance sessions per week too." in page
    assert not Plan.objects.exists()


def test_a_coach_removes_and_adds_stretches_from_today_and_the_past_keeps_its_sets(
    coach_client, runner, runner_client
):
    today = runner.profile.today()
    plan = PlanFactory(runner=runner, starts_on=today - timedelta(days=7))
    yesterday = complete_session(plan, today - timedelta(days=1))
    lunge = plan.items.get(stretch__slug="half-kneeling-lunge")
    sets_before = yesterday.set_logs.filter(item=lunge).count()
    assert sets_before > 0
    data = plan_data(runner, **{"warrior-one-include": "on"})
    del data["half-kneeling-lunge-include"]  # left out

    coach_client.post(f"/runners/{runner.pk}/plan/{plan.pk}/edit/", data)

    lunge.refresh_from_db()
    assert lunge.removed_on == today
    assert yesterday.set_logs.filter(item=lunge).count() == sets_before  # the past keeps it
    assert list(plan.items.current().values_list("stretch__slug", flat=True)) == [
        "edge-of-table",
        "warrior-one",
    ]
    page = runner_client.get("/plan/").text
    assert "Half-kneeling lunge</a>:" not in page
    session = runner_client.get("/plan/session/").text
    assert "Half-kneeling lunge" not in session

    # Put back: the same item returns, dose as the coach sets it now.
    data = plan_data(runner, **{"half-kneeling-lunge-amount": "12"})
    coach_client.post(f"/runners/{runner.pk}/plan/{plan.pk}/edit/", data)
    lunge.refresh_from_db()
    assert (lunge.removed_on, lunge.reps) == (None, 12)
