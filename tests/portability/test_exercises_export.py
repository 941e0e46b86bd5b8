"""A coach's own exercise in an export (format 5): whole, so the runner's plan and logged sets
come back, and private after an import, never in the catalogue."""

import json

import pytest

from apps.accounts.models import User
from apps.plans.models import Stretch
from tests.plans.factories import ExerciseFactory, PlanFactory, add_to_plan, complete_session
from tests.portability.helpers import export_of, import_into_new_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def bobs_exercise_in_alices_plan(runner, coach):
    plan = PlanFactory(runner=runner, author=coach)
    exercise = ExerciseFactory(owner=coach, name="Couch stretch", cues="Pelvis tucked")
    add_to_plan(plan, exercise)
    complete_session(plan, runner.profile.today())
    return exercise


def test_the_export_carries_the_exercise_whole(runner_client, bobs_exercise_in_alices_plan):
    data = export_of(runner_client)

    assert data["version"] >= 5  # exercises came in version 5
    [exercise] = data["exercises"]
    assert exercise["slug"] == bobs_exercise_in_alices_plan.slug
    assert (exercise["name"], exercise["cues"], exercise["own"]) == (
        "Couch stretch",
        "Pelvis tucked",
        False,
    )
    assert exercise["slug"] in [item["stretch"] for item in data["plans"][0]["items"]]
    assert exercise["slug"] in {log["stretch"] for log in data["plans"][0]["sessions"][0]["sets"]}


def test_an_imported_exercise_is_seen_only_in_the_importers_plan(
    runner_client, bobs_exercise_in_alices_plan, client_class, stranger_client
):
    data = export_of(runner_client)

    response = import_into_new_account(client_class, data)

    assert response.status_code == 302
    newcomer = User.objects.get(email="new@example.com")
    item = newcomer.plans.get().items.get(stretch__name="Couch stretch")
    copy = item.stretch
    assert copy.pk != bobs_exercise_in_alices_plan.pk
    assert copy.slug != bobs_exercise_in_alices_plan.slug
    assert (copy.owner, copy.is_catalogue, copy.cues) == (None, False, "Pelvis tucked")
    assert item.set_logs.count() == 2 * copy.default_sets
    assert not Stretch.objects.catalogue().filter(pk=copy.pk).exists()
    assert stranger_client.get(f"/stretches/{copy.slug}/").status_code == 404
    new = client_class()
    new.force_login(newcomer)
    assert new.get(f"/stretches/{copy.slug}/").status_code == 200
    # The round trip: the same exercise comes out again.
    again = export_of(new)["exercises"]
    assert [{**e, "slug": "-"} for e in again] == [{**e, "slug": "-"} for e in data["exercises"]]


def test_a_coachs_own_exercises_come_back_as_theirs(coach_client, coach, client_class):
    ExerciseFactory(owner=coach, name="Couch stretch")
    data = export_of(coach_client)
    assert [(e["name"], e["own"]) for e in data["exercises"]] == [("Couch stretch", True)]

    import_into_new_account(client_class, data)

    newcomer = User.objects.get(email="new@example.com")
    assert list(Stretch.objects.owned_by(newcomer).values_list("name", flat=True)) == [
        "Couch stretch"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["exercises"][0].update(slug="warrior-one"), "named twice"),
        (lambda d: d["exercises"].append(dict(d["exercises"][0])), "named twice"),
        (lambda d: d["exercises"][0].update(default_hold_seconds=999), "invalid data"),
        (lambda d: d["exercises"][0].update(cues="x" * 2001), "longer than 2000"),
        (lambda d: d["exercises"].clear(), "Unknown stretch"),
    ],
)
def test_a_crafted_exercise_refuses_the_whole_file(
    runner_client, bobs_exercise_in_alices_plan, client_class, change, message
):
    data = export_of(runner_client)
    change(data)

    response = import_into_new_account(client_class, data)

    assert message in response.content.decode()
    newcomer = User.objects.get(email="new@example.com")
    assert not newcomer.plans.exists()
    assert Stretch.objects.filter(is_catalogue=False).count() == 1  # Bob's alone


def test_an_export_of_version_4_still_imports(runner_client, runner, client_class):
    PlanFactory(runner=runner)
    data = export_of(runner_client)
    data["version"] = 4
    del data["exercises"]

    response = import_into_new_account(client_class, json.loads(json.dumps(data)))

    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").plans.get().items.count() == 3
