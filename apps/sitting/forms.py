from django import forms

from apps.sitting.models import (
    CORE_REPS_MAX,
    MINUTES_PER_DAY,
    NOTES_MAX_LENGTH,
    STANDING_BREAKS_MAX,
    SittingDay,
)
from apps.sitting.units import hours

# The day's total in one pick: half hours up to 16 h (a longer day goes through the full edit).
SEATED_TOTAL_STEP_MINUTES = 30
SEATED_TOTAL_MAX_MINUTES = 16 * 60


def _limits(high, what):
    message = f"Enter {what} from 0 to {high}."
    return {"min_value": message, "max_value": message, "invalid": message}


class SittingDayForm(forms.ModelForm):
    minutes_seated = forms.IntegerField(
        label="Minutes seated",
        min_value=0,
        max_value=MINUTES_PER_DAY,
        error_messages=_limits(MINUTES_PER_DAY, "minutes"),
        help_text="All the sitting of the day: desk, car, sofa. 8 hours = 480.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    standing_breaks = forms.IntegerField(
        min_value=0,
        max_value=STANDING_BREAKS_MAX,
        error_messages=_limits(STANDING_BREAKS_MAX, "a number of breaks"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    core_reps = forms.IntegerField(
        label="Sit-ups and crunches (not the side bridge or bird dog)",
        min_value=0,
        max_value=CORE_REPS_MAX,
        error_messages=_limits(CORE_REPS_MAX, "repetitions"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    run_minutes = forms.IntegerField(
        label="Minutes run (optional)",
        required=False,
        min_value=0,
        max_value=MINUTES_PER_DAY,
        error_messages=_limits(MINUTES_PER_DAY, "minutes"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = SittingDay
        fields = [
            "minutes_seated",
            "standing_breaks",
            "core_reps",
            "run_minutes",
            "run_hills",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2, "maxlength": NOTES_MAX_LENGTH})}


class SeatedTotalForm(forms.Form):
    """Today's sitting as one total (replacing what was tapped), for a day in two taps."""

    minutes_seated = forms.TypedChoiceField(
        label="Seated today in all",
        coerce=int,
        choices=[
            (minutes, hours(minutes))
            for minutes in range(0, SEATED_TOTAL_MAX_MINUTES + 1, SEATED_TOTAL_STEP_MINUTES)
        ],
    )
