"""The red-flag rules of docs/domain.md, as a table."""

import pytest

from apps.assessments import red_flags


@pytest.mark.parametrize(
    ("first_test", "pain", "ask"),
    [
        (True, [], True),  # always at the first test
        (False, [], False),
        (False, [None, 2, 5], False),
        (False, [None, 6], True),  # a high score
        (False, [9], True),
    ],
)
def test_the_questions_are_asked_at_the_first_test_and_with_high_pain(first_test, pain, ask):
    assert red_flags.must_ask(first_test=first_test, pain_scores=pain) is ask


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
