"""A coach's own exercise may be a strength exercise with a repetition dose: its kind puts it on
the plan's strength days, and its tempo and rest guide the session as the catalogue's do."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from apps.plans.models import Stretch
from tests.plans.factories import ExerciseFactory, PlanFactory, add_to_plan, says_they_coach
from tests.plans.test_exercises import NEW, exercise_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach(coach):
    return says_they_coach(coach)


def strength_data(**overrides):
    """A side-lying leg raise: strength, 3 x 10 per side, 2 s up and 2 s down, 45 s rest."""
    fields = {
        "name": "Side-lying leg raise",
        "kind": "strength",
        "dose_kind": "reps",
        "default_sets": "3",
        "default_hold_seconds": "",
        "default_reps": "10",
        "tempo": "2 s up,   2 s down",
        "rest_seconds": "45",
    }
    return exercise_data(**{**fields, **overrides})


def test_a_coach_writes_a_strength_exercise_with_tempo_and_rest(coach_client, coach):
    response = coach_client.post(NEW, strength_data())

    assert response["Location"] == "/coach/exercises/"
    exercise = Stretch.objects.get(owner=coach)
    assert (exercise.kind, exercise.dose_kind, exercise.default_reps) == ("strength", "reps", 10)
    # One line, single spaces; each repetition lasts the tempo's 4 s.
    assert (exercise.tempo, exercise.rep_hold_seconds, exercise.rest_seconds) == (
        "2 s up, 2 s down",
        4,
        45,
    )
    page = coach_client.get("/coach/exercises/").text
    assert '<span class="tag">Strength</span>' in page
    assert (
        "3 \N{MULTIPLICATION SIGN} 10 repetitions, each 2 s up, 2 s down per side, "
        "rest 45 s between sets"
    ) in page


def test_a_hold_keeps_no_tempo_and_no_rest(coach_client, coach):
    coach_client.post(
        NEW,
        strength_data(
            dose_kind="hold", default_hold_seconds="30", tempo="slowly", rest_seconds="999"
        ),
    )

    exercise = Stretch.objects.get(owner=coach)
    assert (exercise.kind, exercise.default_hold_seconds) == ("strength", 30)
    assert (exercise.tempo, exercise.rest_seconds) == ("", None)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"kind": ""}, "kind", "Choose a stretch or a strength exercise."),
        ({"kind": "cardio"}, "kind", "Choose a stretch or a strength exercise."),
        (
            {"tempo": "slowly"},
            "tempo",
            "Write the tempo in seconds, e.g. “2 s up, 2 s down”: 1 to 30 s a repetition in all.",
        ),
        ({"tempo": "20 s up, 20 s down"}, "tempo", "1 to 30 s a repetition in all."),
        ({"tempo": "2 s up " * 14}, "tempo", "Write the tempo in 80 characters at most."),
        ({"rest_seconds": "5"}, "rest_seconds", "Enter seconds from 10 to 180."),
        ({"rest_seconds": "181"}, "rest_seconds", "Enter seconds from 10 to 180."),
        (
            {"rep_hold_seconds": "6"},
            "rep_hold_seconds",
            "The tempo makes 4 s a repetition: enter 4, or leave this empty.",
        ),
    ],
)
def test_bad_input_is_named_beside_its_field_and_nothing_is_saved(
    coach_client, change, field, message
):
    response = coach_client.post(NEW, strength_data(**change))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.text
    assert not Stretch.objects.filter(is_catalogue=False).exists()


def test_the_kind_of_an_exercise_a_plan_uses_cannot_change(coach_client, coach, runner):
    exercise = ExerciseFactory(owner=coach)
    add_to_plan(PlanFactory(runner=runner, author=coach), exercise)

    response = coach_client.post(
        f"/coach/exercises/{exercise.pk}/edit/",
        exercise_data(name=exercise.name, kind="strength"),
    )

    assert "A plan uses this exercise: its kind (which days it goes on) cannot change" in (
        response.text
    )
    exercise.refresh_from_db()
    assert exercise.kind == "stretch"


def test_the_plan_editor_offers_it_as_strength(coach_client, coach, runner):
    ExerciseFactory(owner=coach, name="Leg raise", kind="strength")

    page = coach_client.get(f"/runners/{runner.pk}/plan/new/").text

    assert "<legend>Leg raise <small>(your exercise)</small> <small>(strength)</small>" in page


def test_the_guided_session_counts_it_at_its_tempo_with_its_rest(
    coach_client, coach, runner, runner_client
):
    coach_client.post(NEW, strength_data())
    exercise = Stretch.objects.get(owner=coach)
    plan = PlanFactory(runner=runner, author=coach, sessions_per_week=7, with_items=False)
    add_to_plan(plan, exercise)

    page = runner_client.get("/plan/session/").text

    assert 'data-reps="10" data-rep-hold="4"' in page
    assert 'data-tempo="2 s up, 2 s down" data-rest="45"' in page
    dose = "Side-lying leg raise: 3 \N{MULTIPLICATION SIGN} 10 reps (2 s up, 2 s down) per side"
    assert f"{dose}, rest 45 s between sets" in page
    # A strength exercise: its last set is rated, as the catalogue's are.
    assert f'data-effort-for="{plan.items.get().pk}"' in page


@pytest.mark.parametrize(("day", "has_it"), [(date(2026, 12, 7), True), (date(2026, 12, 8), False)])
def test_it_is_in_the_sessions_of_strength_days_only(
    coach, coach_client, runner, runner_client, monkeypatch, day, has_it
):
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    coach_client.post(NEW, strength_data())
    # Strength on 1 day a week: Monday (7 December), not Tuesday.
    plan = PlanFactory(
        runner=runner, author=coach, starts_on=date(2026, 12, 7), sessions_per_week=7,
        strength_sessions_per_week=1,
    )  # fmt: skip
    add_to_plan(plan, Stretch.objects.get(owner=coach))

    page = runner_client.get("/plan/session/").text

    assert ("Side-lying leg raise: 3 \N{MULTIPLICATION SIGN} 10 reps" in page) is has_it
