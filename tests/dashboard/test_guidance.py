from datetime import date

import pytest

from apps.dashboard import guidance, insights

MONDAY = date(2026, 11, 23)


def advise(**overrides):
    values = {
        "latest_test_on": MONDAY,
        "pain_scores": [],
        "pain_uphill": False,
        "tender_to_touch": None,
        "core_reps_this_week": 0,
        "sitting_days": [],
        "hip_change_since_baseline": None,
        "improvement_is_real": False,
        **overrides,
    }
    return {item.key: item for item in guidance.advise(**values)}


def test_nothing_to_say_when_nothing_calls_for_it():
    assert advise() == {}


@pytest.mark.parametrize(
    ("overrides", "because"),
    [
        ({"pain_uphill": True}, "Your test of 23 November: running uphill hurts."),
        ({"pain_scores": [("low_back", 2), ("hamstring", 6)]}, "hamstring pain 6/10"),
    ],
)
def test_uphill_pain_or_high_pain_says_avoid_hills(overrides, because):
    item = advise(**overrides)["avoid-hills"]

    assert because in item.because
    assert item.link_name
    assert item.title == "Ease off hills and fast running for now"
    assert "Keep runs flat and easy until the pain settles" in item.text


def test_moderate_pain_says_nothing_about_hills():
    assert "avoid-hills" not in advise(pain_scores=[("hip", 5)])  # hills wait from 6 on


def test_only_tenderness_to_the_touch_gets_advice_on_it():
    because = advise(tender_to_touch=True)["soft-tissue"].because
    assert because == (
        "Your test of 23 November: tender when you pressed the front of the hip or the groin."
    )
    # A pain score is not a palpation finding.
    assert "soft-tissue" not in advise(pain_scores=[("groin", 8), ("hip", 9)])
    assert "soft-tissue" not in advise(tender_to_touch=False)


def test_tenderness_gets_a_therapists_massage_at_the_hip_and_none_in_the_groin():
    text = advise(tender_to_touch=True)["soft-tissue"].text

    assert text == (
        "At the front of the hip, a massage by a therapist may help before stretching. In the "
        "groin, do not massage it or roll on it: if it stays tender, see a physiotherapist, and "
        "if the pain grows with each run, stop running and see a doctor within days."
    )
    assert "foam roller" not in text


@pytest.mark.parametrize(
    ("tender_to_touch", "red_flag", "advised"),
    [
        (True, False, True),
        (True, True, False),  # a flag open: no advice on tenderness at all
        (False, True, False),
        (None, False, False),
    ],
)
def test_tenderness_advice_waits_while_a_red_flag_is_open(tender_to_touch, red_flag, advised):
    result = advise(tender_to_touch=tender_to_touch, red_flag=red_flag)

    assert ("soft-tissue" in result) is advised


@pytest.mark.parametrize(("reps", "flagged"), [(299, False), (300, True), (1200, True)])
def test_many_core_reps_flag_core_volume(reps, flagged):
    result = advise(core_reps_this_week=reps)

    assert ("core-volume" in result) is flagged
    if flagged:
        assert f"{reps} sit-ups and crunches logged this week." == result["core-volume"].because
        text = result["core-volume"].text
        assert text.startswith("Many sit-ups and crunches may keep the psoas short")
        assert "the side bridge, the bird dog, or the curl-up" in text
        assert "dead bug" not in text


def test_long_sitting_days_nudge_to_stand_up_naming_the_longest():
    days = [(MONDAY, 420), (date(2026, 11, 24), 555), (date(2026, 11, 25), 500)]

    item = advise(sitting_days=days)["stand-up"]

    assert item.because == "You sat 9 h 15 min on Tuesday, and 1 more long day(s) this week."
    assert item.text.startswith("Long hours in a chair go with tighter hip flexors.")


def test_a_real_improvement_since_baseline_is_celebrated():
    assert (
        "6° lower"
        in advise(hip_change_since_baseline=-6, improvement_is_real=True)["improving"].because
    )
    assert "improving" not in advise(hip_change_since_baseline=-3, improvement_is_real=False)


@pytest.mark.parametrize(
    ("has_plan", "keep_going"),
    [
        (True, "Keep going with your plan: after about six weeks, three sessions a week keep "),
        (False, "Three stretching sessions a week keep the gains; a plan from your latest test "),
    ],
)
def test_an_improvement_speaks_of_the_thigh_and_of_a_plan_only_with_one(has_plan, keep_going):
    item = advise(hip_change_since_baseline=-6, improvement_is_real=True, has_plan=has_plan)[
        "improving"
    ]

    assert item.text.startswith(
        "Your thigh rests lower in the test than at your first one, by more than measurement "
        "error. "
    )
    assert keep_going in item.text
    assert "longer" not in item.text


def test_correlation_needs_six_weeks_and_its_critical_value_before_a_pattern():
    assert insights.describe(0.9, 5).startswith("Not enough data yet")
    below = insights.describe(0.55, 8)  # 8 weeks must pass 0.71
    assert below == (
        "Your sitting and your hip angle: no clear pattern yet (8 weeks). With 8 weeks a "
        "pattern needs r beyond ±0.71; here r = 0.55."
    )
    text = insights.describe(0.55, 20)  # 20 weeks must pass 0.44
    assert "a moderate positive correlation (r = 0.55; with 20 weeks" in text
    assert "weeks with more sitting went with your thigh resting higher in the test" in text
    assert "A correlation is not a cause" in text


def test_with_a_red_flag_open_nothing_advises_stretching_or_running():
    """The red flag's card says no stretching and no running: no advice may say otherwise."""
    found = advise(
        red_flag=True,
        pain_uphill=True,
        tender_to_touch=True,
        sitting_days=[(MONDAY, 9 * 60)],
        hip_change_since_baseline=-6,
        improvement_is_real=True,
        has_plan=True,
    )

    assert set(found) == {"stand-up", "improving"}
    assert "stretch" not in found["stand-up"].text
    assert found["stand-up"].link_name == "sitting:week"
    assert found["improving"].text.endswith("Your plan waits until the red flag has cleared.")
