import pytest

from apps.assessments import scoring
from apps.assessments.scoring import Thresholds

DEFAULT = Thresholds(hip_degrees=5, knee_degrees=10)  # the product's defaults, docs/domain.md


@pytest.mark.parametrize(
    ("angle", "tight", "text"),
    [
        (8, True, "8° above level: tight hip flexors (psoas)"),
        (0.5, True, "0.5° above level: tight hip flexors (psoas)"),
        (0, False, "level with the table: hip flexors at good length"),
        (-5, False, "5° below level: hip flexors at good length"),
        (-11.9, False, "11.9° below level: hip flexors at good length"),
    ],
)
def test_psoas_verdict(angle, tight, text):
    verdict = scoring.psoas_verdict(angle)

    assert (verdict.tight, verdict.text) == (tight, text)


@pytest.mark.parametrize(
    ("angle", "tight", "starts"),
    [
        (70, True, "knee 70°, below the 80° mark: tight rectus femoris"),
        (79.5, True, "knee 79.5°, below the 80° mark"),
        (80, False, "knee 80°, at or past the 80° mark"),
        (95, False, "knee 95°, at or past"),
    ],
)
def test_rectus_femoris_verdict(angle, tight, starts):
    verdict = scoring.rectus_femoris_verdict(angle)

    assert verdict.tight is tight
    assert verdict.text.startswith(starts)


@pytest.mark.parametrize(
    ("result", "tight"), [("lifted", True), ("stayed_down", False), ("not_done", None)]
)
def test_knee_to_chest_verdict(result, tight):
    verdict = scoring.knee_to_chest_verdict(result)

    assert (verdict.tight if verdict else None) is tight


@pytest.mark.parametrize(
    ("left", "right", "difference", "side", "real", "text"),
    [
        (8, -2, 10, "left", True, "left 10° tighter than right"),
        (3, -1, 4, "left", False, "left 4° tighter than right (within measurement error)"),
        (-1, 4, -5, "right", True, "right 5° tighter than left"),
        (2, 2, 0, None, False, "left and right are even"),
        (-4.9, 0, -4.9, "right", False, "right 4.9° tighter than left (within measurement error)"),
    ],
)
def test_hip_imbalance_higher_thigh_is_tighter(left, right, difference, side, real, text):
    imbalance = scoring.hip_imbalance(left, right, DEFAULT)

    assert imbalance.left_minus_right == difference
    assert (imbalance.tighter_side, imbalance.is_real, imbalance.text) == (side, real, text)


@pytest.mark.parametrize(
    ("left", "right", "side", "real"),
    [
        (60, 75, "left", True),  # the left knee bends less: left is tighter
        (80, 72, "right", False),
        (90, 70, "right", True),
    ],
)
def test_knee_imbalance_less_bend_is_tighter(left, right, side, real):
    imbalance = scoring.knee_imbalance(left, right, DEFAULT)

    assert (imbalance.tighter_side, imbalance.is_real) == (side, real)


def test_thresholds_are_configurable():
    assert scoring.hip_imbalance(4, 0, Thresholds(hip_degrees=3, knee_degrees=10)).is_real
    assert not scoring.hip_imbalance(4, 0, Thresholds(hip_degrees=5, knee_degrees=10)).is_real


@pytest.mark.parametrize(
    ("latest", "previous", "persistent"),
    [
        ((8, 0), (9, 1), True),
        ((8, 0), (3, 1), False),  # the previous one was within error
        ((8, 0), (0, 8), False),  # real both times, but on opposite sides
        ((2, 0), (9, 1), False),
    ],
)
def test_persistent_imbalance_needs_two_real_tests_in_a_row_on_one_side(
    latest, previous, persistent
):
    imbalances = [
        scoring.hip_imbalance(*latest, DEFAULT),
        scoring.hip_imbalance(*previous, DEFAULT),
    ]

    assert scoring.is_persistent(imbalances) is persistent


def test_a_single_test_is_never_persistent():
    assert not scoring.is_persistent([scoring.hip_imbalance(10, 0, DEFAULT)])


@pytest.mark.parametrize(
    ("earlier", "current", "real", "improved", "text"),
    [
        (10, 4, True, True, "-6°, better"),
        (4, 10, True, False, "+6°, tighter"),
        (4, 7, False, None, "+3°, within measurement error"),
        (0, -5, True, True, "-5°, better"),
    ],
)
def test_hip_change_down_is_better(earlier, current, real, improved, text):
    change = scoring.hip_change(earlier, current, DEFAULT)

    assert (change.is_real, change.improved, change.text) == (real, improved, text)


@pytest.mark.parametrize(
    ("earlier", "current", "real", "improved"),
    [(55, 66, True, True), (66, 55, True, False), (55, 64, False, None)],
)
def test_knee_change_up_is_better(earlier, current, real, improved):
    change = scoring.knee_change(earlier, current, DEFAULT)

    assert (change.is_real, change.improved) == (real, improved)


@pytest.mark.parametrize(
    ("trials", "mean"),
    [([8, None, None], 8), ([8, 9, 10], 9), ([7, 8, None], 7.5), ([1, 1, 2], 1.3), ([], None)],
)
def test_mean_of_trials(trials, mean):
    assert scoring.mean_of_trials(trials) == mean


def test_summarize_uses_whatever_readings_are_present():
    summary = scoring.summarize(
        hip_left=8, hip_right=None, knee_to_chest_left="lifted", thresholds=DEFAULT
    )

    assert summary.legs[0].psoas.tight
    assert summary.legs[0].knee_to_chest.tight
    assert summary.legs[1].psoas is None
    assert summary.hip_imbalance is None
    assert not summary.is_empty
    assert scoring.summarize(hip_left=None, hip_right=None, thresholds=DEFAULT).is_empty


def test_describe_hip_angle_in_words():
    assert scoring.describe_hip_angle(8) == "8° above level"
    assert scoring.describe_hip_angle(-3.5) == "3.5° below level"


@pytest.mark.parametrize(
    ("function", "left", "right"),
    [(scoring.hip_imbalance, 17.4, 12.4), (scoring.knee_imbalance, 6.4, 16.4)],
)
def test_a_difference_shown_as_the_threshold_is_real(function, left, right):
    # 17.4 - 12.4 is 4.999... in floating point; what the runner reads is what counts.
    imbalance = function(left, right, DEFAULT)

    assert imbalance.is_real
    assert "within measurement error" not in imbalance.text
