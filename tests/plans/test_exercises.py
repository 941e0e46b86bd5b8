"""A coach's own exercises: the database's rules, the coach's pages, the plan editor's choice,
and where a runner (and nobody else) sees one."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.plans.models import Plan, PlanItem, Stretch
from tests.assessments.factories import AssessmentFactory
from tests.factories import PASSWORD
from tests.plans.factories import ExerciseFactory, PlanFactory, add_to_plan, says_they_coach

pytestmark = pytest.mark.django_db

EXERCISES = "/coach/exercises/"
NEW = "/coach/exercises/new/"


@pytest.fixture
def coach(coach):
    """Bob says he coaches: the exercise pages are for coaches."""
    return says_they_coach(coach)


def exercise_data(**overrides):
    data = {
        "name": "Couch stretch",
        "instructions": "Kneel with the back foot up on a sofa.\nTuck the pelvis under.",
        "cues": "Pelvis tucked\n\n  Ribs down  ",
        "cautions": "Pad the knee.",
        "dose_kind": "hold",
        "default_sets": "2",
        "default_hold_seconds": "40",
        "default_reps": "",
        "rep_hold_seconds": "",
        "kind": "stretch",
        "tempo": "",
        "rest_seconds": "",
        "per_side": "on",
    }
    data.update(overrides)
    return data


def refused(*, with_message, within):
    """The database refuses a row: IntegrityError naming the rule broken."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        within()
    assert with_message in str(error.value)


# --- The database ---------------------------------------------------------------------------


def test_the_seeded_stretches_are_the_catalogue():
    assert sorted(Stretch.objects.catalogue().stretches().values_list("slug", flat=True)) == [
        "edge-of-table",
        "half-kneeling-lunge",
        "warrior-one",
    ]
    assert not Stretch.objects.catalogue().filter(owner__isnull=False).exists()


def test_the_catalogue_has_no_owner(coach):
    refused(
        with_message="plans_stretch_catalogue_has_no_owner",
        within=lambda: Stretch.objects.filter(slug="warrior-one").update(owner=coach),
    )


@pytest.mark.parametrize(
    ("dose", "rule"),
    [
        ({"default_sets": 0}, "plans_stretch_sets_range"),
        ({"default_sets": 7}, "plans_stretch_sets_range"),
        ({"default_hold_seconds": 4}, "plans_stretch_one_dose"),
        ({"default_hold_seconds": 121}, "plans_stretch_one_dose"),
        ({"default_hold_seconds": None}, "plans_stretch_one_dose"),
        ({"default_reps": 10}, "plans_stretch_one_dose"),  # a hold with repetitions too
        ({"dose_kind": "reps", "default_hold_seconds": None, "default_reps": 41}, "one_dose"),
        ({"dose_kind": "reps", "default_hold_seconds": None, "default_reps": 0}, "one_dose"),
        (
            {
                "dose_kind": "reps",
                "default_hold_seconds": None,
                "default_reps": 8,
                "rep_hold_seconds": 31,
            },
            "plans_stretch_one_dose",
        ),
        ({"dose_kind": "jump"}, "plans_stretch_dose_kind"),
        ({"name": ""}, "plans_stretch_has_a_name"),
    ],
)
def test_the_database_refuses_a_dose_out_of_range(coach, dose, rule):
    refused(with_message=rule, within=lambda: ExerciseFactory(owner=coach, **dose))


def test_a_dose_of_repetitions_within_range_is_kept(coach):
    exercise = ExerciseFactory(
        owner=coach,
        dose_kind="reps",
        default_hold_seconds=None,
        default_reps=12,
        rep_hold_seconds=2,
    )

    assert exercise.sides == ["left", "right"]


def test_one_name_per_coach_whatever_the_case_but_archived_names_are_free(coach, stranger):
    ExerciseFactory(owner=coach, name="Couch stretch")
    ExerciseFactory(owner=stranger, name="Couch stretch")  # another coach's is another's

    refused(
        with_message="plans_exercise_name_once_per_coach",
        within=lambda: ExerciseFactory(owner=coach, name="COUCH STRETCH"),
    )
    Stretch.objects.filter(owner=coach).update(archived_at=timezone.now())
    ExerciseFactory(owner=coach, name="Couch stretch")


def test_a_coachs_exercise_has_no_illustration_the_catalogue_has(coach):
    assert ExerciseFactory(owner=coach).illustration is None
    assert Stretch.objects.get(slug="warrior-one").illustration == "img/stretches/warrior-one.svg"


# --- The coach's pages ----------------------------------------------------------------------


def test_a_coach_writes_an_exercise_and_finds_it_in_the_list(coach_client, coach):
    response = coach_client.post(NEW, exercise_data())

    assert response["Location"] == EXERCISES
    exercise = Stretch.objects.get(owner=coach)
    assert (exercise.name, exercise.is_catalogue, exercise.archived_at) == (
        "Couch stretch",
        False,
        None,
    )
    assert exercise.slug.startswith("couch-stretch-")
    assert len(exercise.slug) == len("couch-stretch-") + 8
    assert exercise.cue_list() == ["Pelvis tucked", "Ribs down"]
    assert (exercise.default_sets, exercise.default_hold_seconds, exercise.default_reps) == (
        2,
        40,
        None,
    )
    page = coach_client.get(EXERCISES).content.decode()
    assert "Couch stretch" in page
    assert "2 \N{MULTIPLICATION SIGN} 40 s per side" in page


def test_repetitions_leave_the_hold_empty(coach_client, coach):
    coach_client.post(
        NEW,
        exercise_data(
            dose_kind="reps", default_reps="15", rep_hold_seconds="2", default_hold_seconds="999"
        ),
    )

    exercise = Stretch.objects.get(owner=coach)
    assert (exercise.default_hold_seconds, exercise.default_reps, exercise.rep_hold_seconds) == (
        None,
        15,
        2,
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "  "}, "name", "Give the exercise a name."),
        ({"name": "Bell\x07"}, "name", "no line breaks or tabs"),
        ({"name": "x" * 81}, "name", "at most 80 characters"),
        ({"instructions": ""}, "instructions", "Write how to do it"),
        ({"cues": " \n "}, "cues", "Write at least one cue"),
        ({"dose_kind": ""}, "dose_kind", "Choose a hold or repetitions."),
        ({"default_sets": "9"}, "default_sets", "Enter sets from 1 to 6."),
        ({"default_hold_seconds": ""}, "default_hold_seconds", "Enter how many seconds to hold."),
        ({"default_hold_seconds": "3"}, "default_hold_seconds", "Enter seconds from 5 to 120."),
        ({"dose_kind": "reps"}, "default_reps", "Enter how many repetitions."),
        (
            {"dose_kind": "reps", "default_reps": "50"},
            "default_reps",
            "Enter repetitions from 1 to 40.",
        ),
    ],
)
def test_bad_input_is_named_beside_its_field_and_nothing_is_saved(
    coach_client, change, field, message
):
    response = coach_client.post(NEW, exercise_data(**change))

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert message in response.content.decode()
    assert not Stretch.objects.filter(is_catalogue=False).exists()


def test_a_second_exercise_of_the_same_name_is_refused(coach_client, coach):
    ExerciseFactory(owner=coach, name="Couch stretch")

    response = coach_client.post(NEW, exercise_data(name="couch  STRETCH"))

    assert response.context["form"].errors["name"] == ["You already have an exercise of this name."]
    assert Stretch.objects.filter(owner=coach).count() == 1


def test_somebody_who_only_runs_is_told_exercises_are_for_coaches(runner_client, runner):
    page = runner_client.get(EXERCISES).content.decode()

    assert "for coaches and physios" in page
    assert runner_client.post(NEW, exercise_data())["Location"] == EXERCISES
    assert not Stretch.objects.filter(is_catalogue=False).exists()


def test_the_list_holds_only_the_coachs_own_exercises(coach_client, coach, stranger):
    ExerciseFactory(owner=coach, name="Mine")
    ExerciseFactory(owner=stranger, name="Charlie's secret")
    ExerciseFactory(owner=coach, name="Gone", archived_at=timezone.now())

    page = coach_client.get(EXERCISES).content.decode()

    assert "Mine" in page
    assert "Charlie's secret" not in page
    assert "Gone" not in page
    assert "Edge-of-table" not in page


def test_a_coach_changes_an_exercise_and_its_address_stays(coach_client, coach):
    exercise = ExerciseFactory(owner=coach)

    response = coach_client.post(
        f"/coach/exercises/{exercise.pk}/edit/", exercise_data(name="Sofa stretch")
    )

    assert response["Location"] == EXERCISES
    changed = Stretch.objects.get(pk=exercise.pk)
    assert (changed.name, changed.slug) == ("Sofa stretch", exercise.slug)


def test_an_exercise_in_a_plan_keeps_its_dose_kind_and_sides(coach_client, coach, runner):
    exercise = ExerciseFactory(owner=coach)
    add_to_plan(PlanFactory(runner=runner, author=coach), exercise)
    url = f"/coach/exercises/{exercise.pk}/edit/"

    assert "1 plan uses it" in coach_client.get(url).content.decode()
    response = coach_client.post(url, exercise_data(dose_kind="reps", default_reps="10"))
    assert "its dose kind cannot change" in " ".join(response.context["form"].errors["dose_kind"])
    response = coach_client.post(url, exercise_data(per_side=""))
    assert "its sides cannot change" in " ".join(response.context["form"].errors["per_side"])
    assert Stretch.objects.get(pk=exercise.pk).dose_kind == "hold"
    # Its words and dose may change: the plan shows them from now on.
    coach_client.post(url, exercise_data(default_hold_seconds="50", cues="Breathe"))
    assert Stretch.objects.get(pk=exercise.pk).cue_list() == ["Breathe"]


def test_deleting_an_unused_exercise_deletes_it(coach_client, coach):
    exercise = ExerciseFactory(owner=coach, name="Couch stretch")

    response = coach_client.post(f"/coach/exercises/{exercise.pk}/delete/", follow=True)

    assert "“Couch stretch” deleted." in response.content.decode()
    assert not Stretch.objects.filter(pk=exercise.pk).exists()


def test_deleting_an_exercise_a_plan_uses_keeps_it_in_the_plan(
    coach_client, coach, runner, runner_client
):
    exercise = ExerciseFactory(owner=coach, name="Couch stretch")
    plan = PlanFactory(runner=runner, author=coach)
    add_to_plan(plan, exercise)

    response = coach_client.post(f"/coach/exercises/{exercise.pk}/delete/", follow=True)

    assert "The plans that have it keep it" in response.content.decode()
    assert "None yet" in coach_client.get(EXERCISES).content.decode()
    exercise.refresh_from_db()
    assert exercise.archived_at is not None
    assert plan.items.filter(stretch=exercise).exists()
    assert "Couch stretch" in runner_client.get("/plan/").content.decode()
    # Gone from the coach's list, their editor, and editing.
    assert not Stretch.objects.for_coach(coach).filter(pk=exercise.pk).exists()
    assert coach_client.get(f"/coach/exercises/{exercise.pk}/edit/").status_code == 404


# --- The plan editor --------------------------------------------------------------------------


def test_the_plan_editor_offers_the_catalogue_and_only_this_coachs_exercises(
    coach_client, coach, runner, stranger
):
    ExerciseFactory(owner=coach, name="Couch stretch by Bob")
    ExerciseFactory(owner=stranger, name="Secret by Charlie")
    ExerciseFactory(owner=coach, name="Old one by Bob", archived_at=timezone.now())

    page = coach_client.get(f"/runners/{runner.pk}/plan/new/").content.decode()

    assert "Edge-of-table hip-flexor stretch" in page
    assert "Couch stretch by Bob <small>(your exercise)</small>" in page
    assert "Secret by Charlie" not in page
    assert "Old one by Bob" not in page


def plan_with(exercise, runner, **overrides):
    from tests.plans.test_coach_plans import plan_data

    prefix = exercise.slug
    return plan_data(
        runner,
        **{
            f"{prefix}-include": "on",
            f"{prefix}-order": "3",
            f"{prefix}-sets": "3",
            f"{prefix}-amount": "45",
            f"{prefix}-extra_set_side": "",
        },
        **overrides,
    )


def test_a_coach_puts_their_exercise_in_a_runners_plan(coach_client, coach, runner, runner_client):
    exercise = ExerciseFactory(owner=coach, name="Couch stretch")

    response = coach_client.post(f"/runners/{runner.pk}/plan/new/", plan_with(exercise, runner))

    assert response.status_code == 302
    item = PlanItem.objects.get(stretch=exercise)
    assert (item.plan.runner, item.sets, item.hold_seconds) == (runner, 3, 45)
    page = runner_client.get("/plan/").content.decode()
    assert f'<a href="/stretches/{exercise.slug}/">Couch stretch</a>' in page


def test_another_coachs_exercise_cannot_be_posted_into_a_plan(
    coach_client, coach, runner, stranger
):
    secret = ExerciseFactory(owner=stranger, name="Charlie's secret")

    response = coach_client.post(f"/runners/{runner.pk}/plan/new/", plan_with(secret, runner))

    assert response.status_code == 200
    assert "not one you can use" in response.content.decode()
    assert not Plan.objects.exists()
    assert not PlanItem.objects.filter(stretch=secret).exists()


def test_a_forged_exercise_in_an_edit_changes_nothing(coach_client, coach, runner, stranger):
    plan = PlanFactory(runner=runner, author=coach)
    secret = ExerciseFactory(owner=stranger)

    response = coach_client.post(
        f"/runners/{runner.pk}/plan/{plan.pk}/edit/", plan_with(secret, runner, title="Changed")
    )

    assert response.status_code == 200
    assert "not one you can use" in response.content.decode()
    assert Plan.objects.get().title == "Test plan"


def test_another_coachs_exercise_already_in_the_plan_stays_editable(
    coach_client, coach, runner, stranger
):
    """The runner's former coach put it there: Bob may keep it, change its dose or take it
    out, but never finds it among his own to put in another plan."""
    plan = PlanFactory(runner=runner)
    theirs = ExerciseFactory(owner=stranger, name="Stretch by a former coach")
    add_to_plan(plan, theirs)

    page = coach_client.get(f"/runners/{runner.pk}/plan/{plan.pk}/edit/").content.decode()
    assert "Stretch by a former coach <small>(a coach's exercise)</small>" in page
    coach_client.post(f"/runners/{runner.pk}/plan/{plan.pk}/edit/", plan_with(theirs, runner))
    assert PlanItem.objects.get(stretch=theirs).hold_seconds == 45
    assert not Stretch.objects.for_coach(coach).filter(pk=theirs.pk).exists()


def test_a_generated_plan_uses_only_the_catalogue(runner, coach):
    from apps.plans import services

    ExerciseFactory(owner=coach, name="Couch stretch", order=0)
    ExerciseFactory(owner=None, name="Orphan")
    test = AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    plan = services.generate_plan_for(runner, test, runner.profile.today())

    slugs = set(plan.items.values_list("stretch__slug", flat=True))
    assert Stretch.objects.filter(slug__in=slugs, is_catalogue=True).count() == len(slugs)
    assert len(slugs) >= 2


def test_the_public_catalogue_lists_no_coachs_exercise(client, coach):
    ExerciseFactory(owner=coach, name="Couch stretch")
    ExerciseFactory(owner=None, name="Orphan")

    page = client.get("/stretches/").content.decode()

    assert "Warrior I" in page
    assert "Couch stretch" not in page
    assert "Orphan" not in page


# --- Where the runner sees it ------------------------------------------------------------------


@pytest.fixture
def plan_with_bobs_exercise(runner, coach):
    plan = PlanFactory(runner=runner, author=coach)
    exercise = ExerciseFactory(
        owner=coach,
        name="Couch stretch",
        cues="Pelvis tucked\nRibs down",
        dose_kind="reps",
        default_hold_seconds=None,
        default_reps=8,
        rep_hold_seconds=None,
        default_sets=1,
    )
    add_to_plan(plan, exercise)
    return exercise


def test_the_runner_sees_the_exercise_in_her_session_without_a_broken_picture(
    runner_client, plan_with_bobs_exercise
):
    exercise = plan_with_bobs_exercise

    page = runner_client.get("/plan/session/").content.decode()

    assert "<legend>Couch stretch: 1 \N{MULTIPLICATION SIGN} 8 reps per side" in page
    assert 'data-cues="Pelvis tucked\nRibs down"' in page
    assert 'data-stretch="Couch stretch"' in page
    assert 'data-illustration=""' in page  # session.js hides the figure for it
    assert f"img/stretches/{exercise.slug}" not in page
    assert "None" not in page
    assert "img/stretches/edge-of-table" in page  # the catalogue keeps its drawings


def test_the_runner_and_her_coach_read_the_exercise_page(
    runner_client, coach_client, plan_with_bobs_exercise
):
    url = f"/stretches/{plan_with_bobs_exercise.slug}/"

    for client in (runner_client, coach_client):
        page = client.get(url).content.decode()
        assert "<h1>Couch stretch</h1>" in page
        assert "8 repetitions per side." in page
        assert "<img" not in page.split("<h1>", 1)[1]
        assert "All stretches" not in page


def test_a_stranger_never_reads_the_exercise(stranger_client, client, plan_with_bobs_exercise):
    url = f"/stretches/{plan_with_bobs_exercise.slug}/"

    assert stranger_client.get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_the_coachs_picture_of_the_runner_shows_the_exercise(
    coach_client, runner, plan_with_bobs_exercise
):
    page = coach_client.get(f"/coach/runners/{runner.pk}/").content.decode()

    assert "Couch stretch: 1 \N{MULTIPLICATION SIGN} 8 reps per side" in page


# --- A coach's account deleted ------------------------------------------------------------------


def test_a_deleted_coachs_exercise_stays_in_the_runners_plan_and_out_of_the_catalogue(
    coach_client, coach, runner, runner_client, plan_with_bobs_exercise
):
    unused = ExerciseFactory(owner=coach, name="Never used")

    coach_client.post("/account/delete/", {"password": PASSWORD, "confirm": "on"})

    exercise = Stretch.objects.get(pk=plan_with_bobs_exercise.pk)
    assert (exercise.owner, exercise.is_catalogue) == (None, False)
    assert not Stretch.objects.filter(pk=unused.pk).exists()
    assert not Stretch.objects.catalogue().filter(pk=exercise.pk).exists()
    assert "Couch stretch" in runner_client.get("/plan/").content.decode()
    assert "Couch stretch" in runner_client.get("/plan/session/").content.decode()
    assert runner_client.get(f"/stretches/{exercise.slug}/").status_code == 200
    assert "Couch stretch" not in runner_client.get("/stretches/").content.decode()


# --- A coach's edit and the plans that have the exercise --------------------------------------


def bobs_data(**overrides):
    """The form for plan_with_bobs_exercise, as it is (repetitions), with `overrides`."""
    return exercise_data(
        dose_kind="reps", default_hold_seconds="", default_reps="8", default_sets="1", **overrides
    )


def test_a_runner_whose_link_ended_keeps_the_exercise_as_it_was(
    coach_client, coach, runner, runner_client, plan_with_bobs_exercise
):
    """A coach gone bad edits their exercise after the link ended: the runner's plan, session
    and exercise page keep the words the runner was given."""
    from apps.accounts.models import CoachLink

    CoachLink.objects.filter(coach=coach, runner=runner).update(status="revoked")
    url = f"/coach/exercises/{plan_with_bobs_exercise.pk}/edit/"

    coach_client.post(url, bobs_data(cues="Push through sharp pain"))

    item = PlanItem.objects.get(plan__runner=runner, stretch__name="Couch stretch")
    kept = item.stretch
    assert kept.pk != plan_with_bobs_exercise.pk
    assert (kept.owner, kept.is_catalogue) == (None, False)
    assert kept.archived_at is not None
    assert "Push through sharp pain" not in runner_client.get("/plan/session/").text
    assert "Pelvis tucked" in runner_client.get(f"/stretches/{kept.slug}/").text
    assert "Push through sharp pain" not in runner_client.get(f"/stretches/{kept.slug}/").text
    # The coach's own exercise has the new words, and the frozen copy is nobody's to change.
    assert Stretch.objects.get(pk=plan_with_bobs_exercise.pk).cue_list() == [
        "Push through sharp pain"
    ]
    assert coach_client.get(f"/coach/exercises/{kept.pk}/edit/").status_code == 404


def test_a_linked_runner_sees_the_coachs_edit_as_a_change(
    coach_client, coach, runner, runner_client, plan_with_bobs_exercise, mailoutbox
):
    url = f"/coach/exercises/{plan_with_bobs_exercise.pk}/edit/"

    coach_client.post(url, bobs_data(cues="Ribs down, slowly"))

    item = PlanItem.objects.get(plan__runner=runner, stretch=plan_with_bobs_exercise)
    assert item.stretch_changed_on == runner.profile.today()
    page = runner_client.get("/plan/").text
    assert "changed</strong>" in page
    assert f"by Bob on {runner.profile.today():%-d %b}: read it again" in page
    assert "Ribs down, slowly" in runner_client.get("/plan/session/").text
    assert [message.to for message in mailoutbox] == [["alice@example.com"]]
    assert "changed their exercise" in mailoutbox[0].body


def test_an_ended_plan_keeps_the_exercise_as_it_was(coach_client, coach, runner):
    exercise = ExerciseFactory(owner=coach, name="Couch stretch", cues="Pelvis tucked")
    old = PlanFactory(runner=runner, author=coach, status="ended")
    add_to_plan(old, exercise)

    coach_client.post(
        f"/coach/exercises/{exercise.pk}/edit/", exercise_data(name="Couch stretch", cues="New")
    )

    assert old.items.get(stretch__name="Couch stretch").stretch.cue_list() == ["Pelvis tucked"]
