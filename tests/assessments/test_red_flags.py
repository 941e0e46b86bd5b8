"""The red-flag rules of docs/domain.md, as a table."""

import pytest

from apps.assessments import red_flags


@pytest.mark.parametrize(
    ("first_test", "pain", "previous", "ask"),
    [
        (True, {}, None, True),  # always at the first test
        (False, {}, {}, False),
        (False, {"hip": 2, "low_back": 5}, {"hip": 2}, False),
        (False, {"groin": 6}, {}, True),  # a high score
        (False, {"hamstring": 9}, None, True),
        # Hip or groin pain up 2 or more since the test before, whatever its level.
        (False, {"groin": 3}, {"groin": 1}, True),
        (False, {"hip": 2}, {"hip": 0}, True),
        (False, {"groin": 3}, {"groin": 2}, False),
        (False, {"low_back": 4}, {"low_back": 1}, False),  # another region: not this rule
        (False, {"groin": 3}, {"hip": 1}, False),  # no score before in that region
    ],
)
def test_the_questions_are_asked_at_the_first_test_with_high_or_rising_pain(
    first_test, pain, previous, ask
):
    assert red_flags.must_ask(first_test=first_test, pain=pain, previous_pain=previous) is ask


@pytest.mark.parametrize(
    ("pain", "releases"),
    [([3], True), ([6, None], True), ([7], False), ([2, 8], False), ([], False), ([None], False)],
)
def test_only_a_test_scoring_every_pain_below_seven_releases_severe_pain(pain, releases):
    assert red_flags.pain_releases_hold(pain) is releases


@pytest.mark.parametrize(
    ("keys", "level", "first"),
    [
        (["numbness", "bladder_bowel"], "emergency", "A change in bladder or bowel control"),
        (["lasting", "night_or_rest"], "urgent", "Stop running, and anything that hurts"),
        (["injury"], "urgent", "Pain after a fall or a blow can be a fracture"),
        (["severe"], "non-urgent", "See a physiotherapist or doctor before stretching"),
    ],
)
def test_the_most_urgent_advice_comes_first_and_a_clinician_always(keys, level, first):
    advice = red_flags.advice_for(keys)

    assert red_flags.most_urgent(keys) == level
    assert advice[0].startswith(first)
    assert advice[-1] == red_flags.SEE_A_CLINICIAN


def test_suspected_bone_stress_says_what_a_clinician_would():
    (bone_stress, _see) = red_flags.advice_for(["worsening"])

    assert "Stop running, and anything that hurts to stand or hop on" in bone_stress
    assert "see a doctor within days" in bone_stress
    assert "imaging" in bone_stress
    assert "stress fracture" in bone_stress


def test_every_question_asks_about_the_last_two_weeks_not_now():
    form_label = "In the last two weeks, have you had any of these?"
    from apps.assessments.forms import RedFlagForm

    assert RedFlagForm().fields["flags"].label.startswith(form_label)
    assert not any(" now" in question for _key, question in red_flags.RED_FLAGS)


@pytest.mark.parametrize(
    ("answers", "pain", "raised"),
    [
        ([], [3], []),
        (["numbness"], [], ["numbness"]),
        (["lasting", "worsening"], [2], ["worsening", "lasting"]),  # in the questions' order
        ([], [7], ["severe"]),  # 7/10 is a red flag whatever was answered
        (["severe"], [8], ["severe"]),
        (["not-a-flag"], [], []),
    ],
)
def test_any_yes_or_a_pain_of_seven_raises_a_flag(answers, pain, raised):
    assert red_flags.flags_raised(answers, pain) == raised


@pytest.mark.parametrize(
    ("pain", "uphill", "gentle"),
    [([], False, False), ([5], False, False), ([6], False, True), ([1], True, True)],
)
def test_high_pain_or_pain_uphill_starts_a_plan_gently(pain, uphill, gentle):
    assert red_flags.starts_gently(pain_scores=pain, pain_uphill=uphill) is gentle


def test_every_flag_of_the_domain_document_is_asked():
    keys = {key for key, _question in red_flags.RED_FLAGS}

    assert keys == {
        "worsening", "night_or_rest", "numbness", "injury", "unwell", "bladder_bowel",
        "severe", "lasting",
    }  # fmt: skip
    assert red_flags.SEE_A_CLINICIAN == (
        "See a physiotherapist or doctor before stretching or running on it."
    )
