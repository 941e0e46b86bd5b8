"""Strength progression (apps/plans/progression.py): two easy last sets move an exercise to
more repetitions, then to its harder version; two hard ones step back the same way."""

import pytest

from apps.plans.progression import Dose, next_dose

E, R, H = "easy", "right", "hard"
HARDER = "The single-leg bridge: one foot off the floor."
EASIER = "Lift the hips only a few centimetres."


def step(dose, ratings, harder=HARDER, easier=EASIER):
    return next_dose(dose, ratings, name="Bridge", harder=harder, easier=easier)


@pytest.mark.parametrize(
    ("dose", "ratings", "after"),
    [
        # Easy twice in a row: two more repetitions, up to 12.
        (Dose(2, 8, None), [E, E], Dose(2, 10, None)),
        (Dose(2, 10, None), [E, E], Dose(2, 12, None)),
        (Dose(2, 11, None), [E, E], Dose(2, 12, None)),
        (Dose(2, 10, None), [H, R, E, E], Dose(2, 12, None)),
        # At 12: the harder version, back at 8.
        (Dose(2, 12, None), [E, E], Dose(2, 8, None, "harder")),
        (Dose(3, 12, None, "easier"), [E, E], Dose(3, 8, None, "standard")),
        # A hold (the side bridge): five seconds more up to 30, then the harder version.
        (Dose(2, None, 20), [E, E], Dose(2, None, 25)),
        (Dose(2, None, 30), [E, E], Dose(2, None, 15, "harder")),
        # Hard twice: two fewer, down to 8, then the easier version at 10.
        (Dose(2, 12, None), [H, H], Dose(2, 10, None)),
        (Dose(2, 8, None), [H, H], Dose(2, 10, None, "easier")),
        (Dose(2, 8, None, "harder"), [H, H], Dose(2, 10, None, "standard")),
        (Dose(2, None, 10), [H, H], Dose(2, None, 15, "easier")),
    ],
)
def test_two_ratings_alike_move_the_dose(dose, ratings, after):
    assert step(dose, ratings).dose == after


@pytest.mark.parametrize(
    ("dose", "ratings"),
    [
        (Dose(2, 10, None), []),
        (Dose(2, 10, None), [E]),  # once is not twice
        (Dose(2, 10, None), [E, R]),
        (Dose(2, 10, None), [E, H, E]),  # not in a row
        (Dose(2, 10, None), [R, R]),
        (Dose(2, 10, None), [H]),
        (Dose(2, 12, None, "harder"), [E, E]),  # the top: it keeps what was gained
        (Dose(2, 8, None, "easier"), [H, H]),  # the easiest dose stays
    ],
)
def test_otherwise_the_dose_stays(dose, ratings):
    assert step(dose, ratings) is None


def test_without_a_harder_version_the_top_of_the_range_stays():
    assert step(Dose(2, 12, None), [E, E], harder="") is None
    assert step(Dose(2, 8, None), [H, H], easier="") is None


@pytest.mark.parametrize(
    ("dose", "ratings", "words"),
    [
        (
            Dose(2, 10, None),
            [E, E],
            "Bridge: the last set felt easy twice. From the next session, 2 sets of 12 "
            "repetitions.",
        ),
        (
            Dose(2, 12, None),
            [E, E],
            "Bridge: the last set felt easy twice. From the next session, the harder version "
            "of the bridge (the single-leg bridge: one foot off the floor): 2 sets of 8 "
            "repetitions.",
        ),
        (
            Dose(2, 8, None),
            [H, H],
            "Bridge: the last set felt hard twice. From the next session, the easier version "
            "of the bridge (lift the hips only a few centimetres): 2 sets of 10 repetitions.",
        ),
    ],
)
def test_each_change_says_what_and_why(dose, ratings, words):
    assert step(dose, ratings).words == words


@pytest.mark.parametrize(("pain", "held"), [(None, False), (3, False), (4, True)])
def test_a_step_up_waits_for_a_settled_morning(pain, held):
    step = next_dose(Dose(2, 10, None), [E, E], name="Bridge", harder="", morning_pain=pain)

    assert step.held is held
    if held:
        assert step.dose == Dose(2, 10, None)
        assert f"the hip was {pain}/10 on the morning of this session" in step.words
    else:
        assert step.dose.reps == 12


def test_a_step_down_does_not_wait_for_the_morning():
    step = next_dose(Dose(2, 10, None), [H, H], name="Bridge", morning_pain=6)

    assert not step.held
    assert step.dose.reps == 8
