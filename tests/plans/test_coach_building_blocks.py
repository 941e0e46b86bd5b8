"""A coach's plan editor and plan templates have the generated plans' building blocks (issue
26, point 6): strength with its days a week and each exercise's sets and repetitions, and the
phases, build then maintenance, named on the plan page and the coach's runner page."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from apps.plans.models import Plan, PlanTemplate
from tests.plans.factories import PlanFactory, says_they_coach
from tests.plans.test_coach_plans import plan_data
from tests.plans.test_templates import template_data

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 12, 7)


@pytest.fixture
def on_monday(monkeypatch):
    """The clock at noon UTC on MONDAY: every runner's today, whatever the zone."""
    moment = datetime(MONDAY.year, MONDAY.month, MONDAY.day, 12, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def with_bridge(**overrides):
    """The strength exercise "Bridge" ticked at 3 x 12 (it is done with both legs at once)."""
    return {
        "bridge-include": "on",
        "bridge-order": "3",
        "bridge-sets": "3",
        "bridge-amount": "12",
        "bridge-extra_set_side": "",
        **overrides,
    }


def strength_plan(runner, **overrides):
    """A 12-week plan: build at 5 a week, maintenance at 3 from week 7, strength on 2 days."""
    schedule = {
        "weeks": "12",
        "maintenance_from_week": "7",
        "maintenance_sessions_per_week": "3",
        "strength_sessions_per_week": "2",
    }
    return plan_data(runner, **{**schedule, **with_bridge(), **overrides})


def week_table(page: str) -> str:
    return page.split('id="week-heading"')[1].split("</table>")[0]


def day_row(day: str, words: str) -> str:
    return f'{day}</th>\n            <td data-label="Session">{words}</td>'


# --- The editor: strength days and each exercise's dose -------------------------------------


def test_the_coach_chooses_strength_days_and_the_exercises_dose(coach_client, runner, on_monday):
    response = coach_client.post(f"/runners/{runner.pk}/plan/new/", strength_plan(runner))

    assert response["Location"] == f"/runners/{runner.pk}/plan/"
    plan = Plan.objects.get()
    assert (plan.strength_sessions_per_week, plan.maintenance_from_week) == (2, 7)
    bridge = plan.items.get(stretch__slug="bridge")
    assert (bridge.sets, bridge.reps, bridge.hold_seconds) == (3, 12, None)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"strength_sessions_per_week": "0"},
            "Choose the strength days: a strength exercise is ticked below.",
        ),
        (
            {"strength_sessions_per_week": "2", "bridge-include": ""},
            "Tick a strength exercise below, or choose no strength days.",
        ),
        ({"strength_sessions_per_week": "4"}, "Choose no strength days, or one to three."),
        (
            {"strength_sessions_per_week": "3", "sessions_per_week": "2"},
            "Strength goes on session days: 2 sessions a week take strength on 2 days at most.",
        ),
    ],
)
def test_strength_that_does_not_fit_is_named_beside_its_field_and_nothing_saved(
    coach_client, runner, overrides, message
):
    response = coach_client.post(f"/runners/{runner.pk}/plan/new/", strength_plan(runner))
    assert response.status_code == 302  # the plan as it stands is fine
    Plan.objects.all().delete()

    data = strength_plan(runner)
    for name, value in overrides.items():
        if value:
            data[name] = value
        else:
            del data[name]
    response = coach_client.post(f"/runners/{runner.pk}/plan/new/", data)

    assert response.status_code == 200
    assert message in response.text
    assert not Plan.objects.exists()


def test_the_strength_days_error_is_beside_the_strength_field(coach_client, runner):
    data = strength_plan(runner, strength_sessions_per_week="0")

    page = coach_client.post(f"/runners/{runner.pk}/plan/new/", data).text

    strength = page.split("<legend>Strength</legend>")[1].split("</fieldset>")[0]
    assert "Choose the strength days: a strength exercise is ticked below." in strength


def test_the_dose_says_repetitions_for_a_rep_exercise_and_seconds_for_a_hold(coach_client, runner):
    page = coach_client.get(f"/runners/{runner.pk}/plan/new/").text

    bridge = page.split("<legend>Bridge")[1].split("</fieldset>")[0]
    assert re.search(r"<label[^>]*>Repetitions</label>", bridge)
    assert "Repetitions in each set, 1 to 40, each 2 s up, hold 2 s, 2 s down." in bridge
    assert re.search(r"<label[^>]*>Sets</label>", bridge)  # both legs at once: no sides
    edge = page.split("<legend>Edge-of-table")[1].split("</fieldset>")[0]
    assert re.search(r"<label[^>]*>Hold \(seconds\)</label>", edge)
    assert "Seconds each set is held, 5 to 120." in edge
    assert re.search(r"<label[^>]*>Sets per side</label>", edge)


def test_the_editor_opens_with_the_plans_strength_days_and_names_its_phases(
    coach_client, runner, on_monday
):
    coach_client.post(f"/runners/{runner.pk}/plan/new/", strength_plan(runner))
    plan = Plan.objects.get()

    page = coach_client.get(f"/runners/{runner.pk}/plan/{plan.pk}/edit/").text

    assert re.search(r'<option value="2" selected>2 days \(Monday and Thursday\)</option>', page)
    assert "<strong>Build</strong>: weeks 1 to 6; <strong>Maintenance</strong>: weeks 7 to 12." in (
        page
    )


def test_an_edit_changes_the_strength_days(coach_client, runner, on_monday):
    coach_client.post(f"/runners/{runner.pk}/plan/new/", strength_plan(runner))
    plan = Plan.objects.get()

    coach_client.post(
        f"/runners/{runner.pk}/plan/{plan.pk}/edit/",
        strength_plan(runner, strength_sessions_per_week="3"),
    )

    plan.refresh_from_db()
    assert plan.strength_sessions_per_week == 3


def test_a_plan_without_strength_saves_no_strength_days(coach_client, runner):
    coach_client.post(f"/runners/{runner.pk}/plan/new/", plan_data(runner))
    plan = Plan.objects.get()

    page = coach_client.get(f"/runners/{runner.pk}/plan/{plan.pk}/edit/").text

    assert plan.strength_sessions_per_week is None
    assert '<option value="0" selected>None</option>' in page


# --- The plan page and the coach's runner page ----------------------------------------------


def test_the_plan_page_shows_the_coachs_strength_days_and_the_build_week(
    coach_client, runner, runner_client, on_monday
):
    starts_on = (MONDAY - timedelta(weeks=2)).isoformat()
    coach_client.post(f"/runners/{runner.pk}/plan/new/", strength_plan(runner, starts_on=starts_on))

    page = runner_client.get("/plan/").text

    week = week_table(page)
    assert ">This week: Build, week 3 of 6</h2>" in week
    assert "strength on Monday and Thursday, never two days in a row" in week
    assert day_row("Monday 7 Dec (today)", "Stretch and strength") in week
    assert day_row("Tuesday 8 Dec", "Stretch") in week
    assert day_row("Wednesday 9 Dec", "Rest") in week
    assert day_row("Thursday 10 Dec", "Stretch and strength") in week
    assert day_row("Saturday 12 Dec", "Stretch") in week
    assert "A session is planned today: 2 stretches and 1 strength exercise" in page


def test_the_plan_page_and_the_runner_page_show_maintenance(
    coach_client, runner, runner_client, on_monday
):
    starts_on = (MONDAY - timedelta(weeks=7)).isoformat()
    coach_client.post(f"/runners/{runner.pk}/plan/new/", strength_plan(runner, starts_on=starts_on))

    week = week_table(runner_client.get("/plan/").text)
    assert ">This week: Maintenance</h2>" in week
    # Three sessions a week now: Monday, Thursday, Saturday; strength still on two of them.
    assert day_row("Tuesday 8 Dec", "Rest") in week
    assert day_row("Thursday 10 Dec", "Stretch and strength") in week
    assert day_row("Saturday 12 Dec", "Stretch") in week
    runner_page = coach_client.get(f"/coach/runners/{runner.pk}/").text
    assert 'This week: <strong class="phase">Maintenance</strong>.' in runner_page


def test_the_coachs_runner_page_says_the_build_week(coach_client, runner, on_monday):
    starts_on = (MONDAY - timedelta(weeks=2)).isoformat()
    coach_client.post(f"/runners/{runner.pk}/plan/new/", strength_plan(runner, starts_on=starts_on))

    page = coach_client.get(f"/coach/runners/{runner.pk}/").text

    assert 'This week: <strong class="phase">Build, week 3 of 6</strong>.' in page
    assert "then 3 a week from week 7; strength on Monday and Thursday." in page


def test_a_plan_of_one_phase_counts_its_weeks_without_a_name(runner, runner_client, on_monday):
    PlanFactory(runner=runner, starts_on=MONDAY - timedelta(weeks=1), weeks=6)

    page = runner_client.get("/plan/").text

    assert ">This week: Week 2 of 6</h2>" in page
    assert "Which days stretch." in week_table(page)


# --- Templates ------------------------------------------------------------------------------


def test_a_template_keeps_strength_days_and_assigning_it_carries_them_over(
    coach, coach_client, runner
):
    says_they_coach(coach)
    coach_client.post(
        "/coach/templates/new/", template_data(strength_sessions_per_week="2", **with_bridge())
    )
    template = PlanTemplate.objects.get()
    assert template.strength_sessions_per_week == 2
    page = coach_client.get(f"/coach/templates/{template.pk}/edit/").text
    assert re.search(r'<option value="2" selected>', page)

    coach_client.post(f"/coach/templates/{template.pk}/assign/", {"runner": runner.pk})

    plan = Plan.objects.get(runner=runner)
    assert plan.strength_sessions_per_week == 2
    assert plan.items.filter(stretch__slug="bridge", sets=3, reps=12).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"strength_sessions_per_week": "0", **with_bridge()},
            "Choose the strength days: a strength exercise is ticked below.",
        ),
        (
            {"strength_sessions_per_week": "1"},
            "Tick a strength exercise below, or choose no strength days.",
        ),
    ],
)
def test_a_template_refuses_strength_that_does_not_fit_beside_its_field(
    coach, coach_client, overrides, message
):
    says_they_coach(coach)

    response = coach_client.post("/coach/templates/new/", template_data(**overrides))

    assert response.status_code == 200
    strength = response.text.split("<legend>Strength</legend>")[1].split("</fieldset>")[0]
    assert message in strength
    assert not PlanTemplate.objects.exists()


def test_a_template_from_a_runners_plan_keeps_its_strength_days(coach, coach_client, runner):
    says_they_coach(coach)
    coach_client.post(f"/runners/{runner.pk}/plan/new/", strength_plan(runner))
    plan = Plan.objects.get()

    page = coach_client.get(f"/runners/{runner.pk}/plan/{plan.pk}/template/").text

    assert re.search(r'<option value="2" selected>', page)
