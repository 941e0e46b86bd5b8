"""The strength exercises of the catalogue (plans 0017), beside the three stretches: each with
instructions, cues, cautions, a dose, an easier and a harder version, and a drawing."""

from pathlib import Path

import pytest
from django.conf import settings

from apps.plans.models import DoseKind, ExerciseKind, Stretch
from tests.migrating import migrate

pytestmark = pytest.mark.django_db

STRENGTH = {
    # slug: (sets, reps, hold seconds, per side), docs/domain.md "Strength alongside length"
    "standing-knee-lift": (2, 8, None, True),
    "lying-psoas-march": (2, 10, None, True),
    "bridge": (2, 10, None, False),
    "single-leg-bridge": (2, 8, None, True),
    "side-lying-hip-abduction": (2, 12, None, True),
    "side-plank-leg-lift": (2, 8, None, True),
    "side-bridge": (2, None, 20, True),
    "bird-dog": (2, 8, None, True),
    "curl-up": (2, 8, None, False),
}


def test_the_catalogue_holds_nine_strength_exercises_at_their_doses():
    seeded = {
        exercise.slug: (
            exercise.default_sets,
            exercise.default_reps,
            exercise.default_hold_seconds,
            exercise.per_side,
        )
        for exercise in Stretch.objects.catalogue().strength()
    }

    assert seeded == STRENGTH
    assert Stretch.objects.catalogue().stretches().count() == 3


@pytest.mark.parametrize("slug", sorted(STRENGTH))
def test_each_strength_exercise_is_complete_and_drawn(slug):
    exercise = Stretch.objects.get(slug=slug)

    assert all((exercise.instructions, exercise.cautions, exercise.targets))
    assert len(exercise.cue_list()) == 3
    assert all((exercise.easier, exercise.harder))
    assert exercise.rest_seconds
    if exercise.dose_kind == DoseKind.REPS:
        # ACSM 2009: 8-12 repetitions; each at a tempo the guided session counts.
        assert 8 <= exercise.default_reps <= 12
        assert all((exercise.tempo, exercise.rep_hold_seconds))
    drawing = Path(settings.BASE_DIR, "static", exercise.illustration).read_text()
    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 150" role="img"' in drawing
    assert "<title" in drawing


def test_the_catalogue_page_lists_strength_beside_the_stretches(client):
    page = client.get("/stretches/").content.decode()

    assert page.index('<h2 id="stretches-heading">Stretches</h2>') < page.index(
        '<h2 id="strength-heading">Strength</h2>'
    )
    for name in ("Lying psoas march", "Single-leg bridge", "Side bridge", "Bird dog", "Curl-up"):
        assert name in page.split('id="strength-heading"')[1]
    assert page.count('src="/static/img/stretches/') == 12
    assert "never two days in a row" in page


def test_a_strength_page_gives_sets_reps_tempo_rest_and_both_versions(client):
    page = client.get("/stretches/bridge/").content.decode()

    assert (
        "2 sets of 10 repetitions, each 2 s up, hold 2 s, 2 s down; rest 60 s between sets." in page
    )
    assert "<dt>Easier</dt>" in page
    assert "<dt>Harder</dt><dd>The single-leg bridge" in page
    assert "Stop a set that hurts" in page


def test_the_side_bridge_is_a_hold(client):
    page = client.get("/stretches/side-bridge/").content.decode()

    assert "2 sets of 20 s holds per side; rest 30 s between sets." in page


def test_the_curl_up_is_not_a_sit_up(client):
    page = client.get("/stretches/curl-up/").content.decode()

    assert "Not a sit-up: do not curl up to sitting." in page
    assert "dead bug" not in page.lower()


def test_the_seed_migration_adds_the_strength_exercises_and_takes_them_back():
    before = migrate([("plans", "0016_strength_exercise_fields")]).get_model("plans", "Stretch")
    assert not before.objects.filter(kind=ExerciseKind.STRENGTH).exists()
    assert before.objects.filter(is_catalogue=True).count() == 3

    after = migrate([("plans", "0017_seed_strength")]).get_model("plans", "Stretch")

    strength = after.objects.filter(kind=ExerciseKind.STRENGTH, is_catalogue=True)
    assert set(strength.values_list("slug", flat=True)) == set(STRENGTH)
    assert after.objects.get(slug="edge-of-table").kind == ExerciseKind.STRETCH

    back = migrate([("plans", "0016_strength_exercise_fields")]).get_model("plans", "Stretch")
    assert not back.objects.filter(kind=ExerciseKind.STRENGTH).exists()


def test_the_session_page_gives_a_strength_set_its_tempo_and_rest(runner, runner_client):
    from tests.plans.factories import PlanFactory, add_to_plan

    plan = PlanFactory(runner=runner, sessions_per_week=7, with_items=False)
    add_to_plan(plan, Stretch.objects.get(slug="bridge"))

    page = runner_client.get("/plan/session/").content.decode()

    assert 'data-tempo="2 s up, hold 2 s, 2 s down" data-rest="60"' in page
    dose = "Bridge: 2 \N{MULTIPLICATION SIGN} 10 reps (2 s up, hold 2 s, 2 s down)"
    assert f"{dose}, rest 60 s between sets" in page
