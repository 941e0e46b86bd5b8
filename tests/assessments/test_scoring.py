import pytest

from apps.assessments import scoring, verdicts
from apps.assessments.scoring import Thresholds

DEFAULT = Thresholds(hip_degrees=5, knee_degrees=10)  # the product's defaults, docs/domain.md


@pytest.mark.parametrize(
    ("angle", "instrument", "kind", "text"),
    [
        (8, "phone", "tight", "8° above level: points to tight hip flexors"),
        (3.5, "phone", "tight", "3.5° above level: points to tight hip flexors"),
        (3, "phone", "level", "about level (3° above, within measurement error)"),
        (0.5, "visual", "level", "about level (0.5° above, within measurement error)"),
        (4.5, "visual", "level", "about level (4.5° above, within measurement error)"),
        (5.5, "visual", "tight", "5.5° above level: points to tight hip flexors"),
        # A goniometer at the hip is far less reliable than a phone on the thigh: a wider band.
        (4.5, "goniometer", "level", "about level (4.5° above, within measurement error)"),
        (5.5, "goniometer", "tight", "5.5° above level: points to tight hip flexors"),
        (0, "phone", "level", "level with the table"),
        (-2, "goniometer", "level", "about level (2° below, within measurement error)"),
        # Below the band is a pass, beside the athletes' mean: never "good length".
        (-5, "inclinometer", "good", "5° below level: passes (athletes average 11.9° below level)"),
        (-11.9, "phone", "good", "11.9° below level: passes (athletes average 11.9° below level)"),
        (2, None, "level", "about level (2° above, within measurement error)"),  # widest band
    ],
)
def test_a_hip_reading_within_the_instruments_band_is_about_level(angle, instrument, kind, text):
    verdict = scoring.psoas_verdict(angle, verdicts.thresholds(instrument).level_band)

    assert (verdict.kind, verdict.tight, verdict.text) == (kind, kind == "tight", text)


@pytest.mark.parametrize(
    ("straightened", "text"),
    [
        ("not_done", "8° above level: points to tight hip flexors"),
        (
            "stayed_up",
            "8° above level, and the thigh stayed up with the knee straightened: points to tight "
            "one-joint hip flexors (psoas/iliacus)",
        ),
        (
            "dropped",
            "8° above level, and the thigh dropped with the knee straightened: points to a tight "
            "rectus femoris rather than the psoas/iliacus",
        ),
    ],
)
def test_kendalls_step_tells_the_rectus_femoris_from_the_psoas(straightened, text):
    verdict = scoring.psoas_verdict(8, 3, straightened)

    assert (verdict.tight, verdict.text) == (True, text)


def test_kendalls_step_does_not_change_a_thigh_about_level_or_below():
    for angle in (2, -6):
        assert scoring.psoas_verdict(angle, 3, "dropped") == scoring.psoas_verdict(angle, 3)


@pytest.mark.parametrize(
    ("instruments", "hip", "knee", "band"),
    [
        (("phone",), 5, 20, 3),
        (("inclinometer",), 5, 20, 3),
        (("goniometer",), 10, 20, 5),
        (("visual",), 10, 20, 5),
        (("phone", "goniometer"), 10, 20, 5),  # a change across two: real for both
        ((), 10, 20, 5),  # unknown: the widest
    ],
)
def test_each_instrument_has_its_own_measurement_error(instruments, hip, knee, band):
    assert verdicts.thresholds(*instruments) == Thresholds(
        hip_degrees=hip, knee_degrees=knee, level_band=band
    )


def test_a_home_knee_reading_is_not_called_tight_inside_the_clinicians_error():
    """The knee's real change is its MDC95 by clinicians (SEM 7°: 19.4°, rounded to 20): a knee
    of 40° is within it of the athletes' 52.5°, not "shorter than most athletes"."""
    knee = verdicts.thresholds("phone").knee_degrees
    verdict = scoring.rectus_femoris_verdict(40, knee_threshold=knee)

    assert (verdict.kind, verdict.tight) == ("around-mean", False)
    assert scoring.rectus_femoris_verdict(32, knee_threshold=knee).tight


@pytest.mark.parametrize(
    ("angle", "kind", "text"),
    [
        (95, "passes", "knee 95°: passes the classic 80° mark"),
        (80, "passes", "knee 80°: passes the classic 80° mark"),
        (79.5, "short", "knee 79.5°: short of the classic 80° mark, within what athletes measure"),
        (66, "short", "knee 66°: short of the classic 80° mark, within what athletes measure"),
        (52.5, "short", "knee 52.5°: short of the classic 80° mark, within what athletes measure"),
        (52, "around-mean", "knee 52°: short of the classic 80° mark, around the athletes'"),
        (42.5, "around-mean", "knee 42.5°: short of the classic 80° mark, around the athletes'"),
        (42, "shorter", "knee 42°: shorter than most athletes measure"),
        (30, "shorter", "knee 30°: shorter than most athletes measure"),
    ],
)
def test_a_knee_reading_is_placed_between_the_classic_mark_and_the_athletes_mean(angle, kind, text):
    verdict = scoring.rectus_femoris_verdict(angle, knee_threshold=10)

    assert verdict.kind == kind
    assert verdict.text.startswith(text)
    assert verdict.tight is (kind == "shorter")  # only well below the athletes' mean


def test_only_a_knee_well_below_the_athletes_mean_calls_the_rectus_femoris_tight():
    verdict = scoring.rectus_femoris_verdict(38, knee_threshold=10)

    assert verdict.text.endswith("a tight rectus femoris is likely")


def test_the_knee_verdict_names_the_runners_baseline():
    verdict = scoring.rectus_femoris_verdict(66, knee_threshold=10, baseline=60)

    assert verdict.text.endswith("; baseline 60°")


@pytest.mark.parametrize(
    ("result", "tight"), [("lifted", True), ("stayed_down", False), ("not_done", None)]
)
def test_knee_to_chest_verdict(result, tight):
    verdict = scoring.knee_to_chest_verdict(result)

    assert (verdict.tight if verdict else None) is tight


def test_a_lifted_leg_carries_its_flat_back_caveat():
    text = scoring.knee_to_chest_verdict("lifted").text

    assert "if the knee was pulled in only until the lower back was flat" in text


@pytest.mark.parametrize(
    ("left", "right", "trials", "remeasure"),
    [
        (12, 1, 1, True),  # 11° apart: beyond twice the 5° threshold
        (10, 0, 2, True),  # exactly twice
        (9.5, 0, 1, False),
        (12, 1, 3, False),  # already three trials a side: believed
        (-3, 8, 1, True),
    ],
)
def test_a_difference_of_twice_the_threshold_asks_to_measure_again(left, right, trials, remeasure):
    imbalance = scoring.hip_imbalance(left, right, DEFAULT)

    assert scoring.needs_remeasure(imbalance, DEFAULT.hip_degrees, trials) is remeasure


@pytest.mark.parametrize(
    ("left", "right", "difference", "side", "real", "text"),
    [
        (8, -2, 10, "left", True, "left 10° tighter than right"),
        (3, -1, 4, "left", False, "left and right within measurement error (left thigh 4° higher)"),
        (-1, 4, -5, "right", True, "right 5° tighter than left"),
        (2, 2, 0, None, False, "left and right are even"),
        (
            -4.9,
            0,
            -4.9,
            "right",
            False,
            "left and right within measurement error (right thigh 4.9° higher)",
        ),
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
        (10, 4, True, True, "-6°, better: the thigh rests lower"),
        (4, 10, True, False, "+6°, worse: the thigh stays higher"),
        (4, 7, False, None, "+3°, within measurement error"),
        (0, -5, True, True, "-5°, better: the thigh rests lower"),
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
