"""What a saved test means: scoring.py's rules applied to Assessment rows, with the product's
thresholds from settings. The one place pages, the roster, plans and guidance get a verdict from.

No request and no query here: callers pass the tests they fetched through the scoping path.
"""

from django.conf import settings

from apps.assessments import scoring


def thresholds(*instruments: str | None) -> scoring.Thresholds:
    """What the instrument can tell apart (settings.REAL_CHANGE_*, LEVEL_BAND_DEGREES), built
    here and only here. With two instruments (a change between tests taken with each), or
    none known, the wider figures: a change must be real for both."""
    known = [name for name in instruments if name in settings.LEVEL_BAND_DEGREES]
    names = known or list(settings.LEVEL_BAND_DEGREES)
    return scoring.Thresholds(
        hip_degrees=max(settings.REAL_CHANGE_HIP_DEGREES[name] for name in names),
        knee_degrees=settings.REAL_CHANGE_KNEE_DEGREES,
        level_band=max(settings.LEVEL_BAND_DEGREES[name] for name in names),
    )


def imbalances(test, limits: scoring.Thresholds | None = None):
    """(hip imbalance, knee imbalance or None) of one test, by its instrument's thresholds."""
    limits = limits or thresholds(test.instrument)
    hip = scoring.hip_imbalance(test.hip_angle_left, test.hip_angle_right, limits)
    knee = (
        scoring.knee_imbalance(test.knee_angle_left, test.knee_angle_right, limits)
        if test.has_knee_angles
        else None
    )
    return hip, knee


def persistence(test, previous) -> dict[str, bool]:
    """Which imbalances are real on this test and the one before it, on the same side."""
    if previous is None:
        return {"hip": False, "knee": False}
    (hip, knee), (previous_hip, previous_knee) = imbalances(test), imbalances(previous)
    return {
        "hip": scoring.is_persistent([hip, previous_hip]),
        "knee": bool(knee and previous_knee and scoring.is_persistent([knee, previous_knee])),
    }


def summary_of(test, baseline=None) -> scoring.TestSummary:
    """Every verdict for a saved test; `baseline` (the first test with the same instrument, see
    AssessmentQuerySet.baseline_for) puts its knee angles beside this test's."""
    knee_baseline = (
        (baseline.knee_angle_left, baseline.knee_angle_right)
        if baseline is not None and baseline.pk != test.pk and baseline.has_knee_angles
        else None
    )
    return scoring.summarize(
        hip_left=test.hip_angle_left,
        hip_right=test.hip_angle_right,
        knee_left=test.knee_angle_left,
        knee_right=test.knee_angle_right,
        knee_to_chest_left=test.knee_to_chest_left,
        knee_to_chest_right=test.knee_to_chest_right,
        knee_straightened_left=test.knee_straightened_left,
        knee_straightened_right=test.knee_straightened_right,
        knee_baseline=knee_baseline,
        thresholds=thresholds(test.instrument),
    )


def summary_of_entry(cleaned_data: dict) -> scoring.TestSummary:
    """Every verdict that a half-filled test form allows so far (live feedback while typing)."""

    def number(name):
        value = cleaned_data.get(name)
        return value if isinstance(value, float) else None

    return scoring.summarize(
        hip_left=number("hip_angle_left"),
        hip_right=number("hip_angle_right"),
        knee_left=number("knee_angle_left"),
        knee_right=number("knee_angle_right"),
        knee_to_chest_left=cleaned_data.get("knee_to_chest_left") or "not_done",
        knee_to_chest_right=cleaned_data.get("knee_to_chest_right") or "not_done",
        knee_straightened_left=cleaned_data.get("knee_straightened_left") or "not_done",
        knee_straightened_right=cleaned_data.get("knee_straightened_right") or "not_done",
        thresholds=thresholds(cleaned_data.get("instrument")),
    )


def needs_remeasure(test) -> bool:
    """Whether the hip difference is so far beyond the threshold (twice it) that the test is
    measured again, three trials a side, before a plan is built on it."""
    limits = thresholds(test.instrument)
    hip = scoring.hip_imbalance(test.hip_angle_left, test.hip_angle_right, limits)
    return scoring.needs_remeasure(hip, limits.hip_degrees, test.hip_trials)


def comparisons(previous, baseline, test) -> list[dict]:
    """The test against the one before it and against the baseline (one entry when they are the
    same test); [] for a first test."""
    if previous is None:
        return []
    if baseline is None or baseline.pk == test.pk:
        return [_comparison("previous test", previous, test)]
    if previous.pk == baseline.pk:
        return [_comparison("previous test (the baseline)", previous, test)]
    return [
        _comparison("previous test", previous, test),
        _comparison("first test (baseline)", baseline, test),
    ]


def _comparison(label, earlier, test) -> dict:
    limits = thresholds(earlier.instrument, test.instrument)
    changes = [
        (
            f"{side.capitalize()} hip",
            scoring.hip_change(
                getattr(earlier, f"hip_angle_{side}"), getattr(test, f"hip_angle_{side}"), limits
            ),
        )
        for side in scoring.SIDES
    ]
    if earlier.has_knee_angles and test.has_knee_angles:
        changes += [
            (
                f"{side.capitalize()} knee",
                scoring.knee_change(
                    getattr(earlier, f"knee_angle_{side}"),
                    getattr(test, f"knee_angle_{side}"),
                    limits,
                ),
            )
            for side in scoring.SIDES
        ]
    return {
        "label": label,
        "earlier": earlier,
        "changes": changes,
        "same_instrument": earlier.instrument == test.instrument,
    }
