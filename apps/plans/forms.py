from django import forms

from apps.plans.models import (
    DISCOMFORT_MAX,
    DISCOMFORT_MIN,
    HOLD_SECONDS_MAX,
    HOLD_SECONDS_MIN,
    PLAN_WEEKS_MAX,
    PLAN_WEEKS_MIN,
    REPS_MAX,
    REPS_MIN,
    SESSION_NOTES_MAX,
    SESSIONS_PER_WEEK_MAX,
    SESSIONS_PER_WEEK_MIN,
    SETS_MAX,
    SETS_MIN,
    DoseKind,
)
from psoas_tracker.dates import EARLIEST_DATE, LATEST_DATE, PLAN_START_WINDOW


def _range_messages(low, high, what):
    message = f"Enter {what} from {low} to {high}."
    return {"min_value": message, "max_value": message, "invalid": message, "required": message}


class PlanForm(forms.Form):
    """A coach's plan for a runner whose calendar date is `today`."""

    title = forms.CharField(max_length=120, initial="Hip-flexor plan")
    starts_on = forms.DateField(
        label="Starts on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    weeks = forms.IntegerField(
        label="Length in weeks",
        min_value=PLAN_WEEKS_MIN,
        max_value=PLAN_WEEKS_MAX,
        initial=6,
        error_messages=_range_messages(PLAN_WEEKS_MIN, PLAN_WEEKS_MAX, "a number of weeks"),
    )
    sessions_per_week = forms.IntegerField(
        label="Sessions per week",
        min_value=SESSIONS_PER_WEEK_MIN,
        max_value=SESSIONS_PER_WEEK_MAX,
        initial=5,
        error_messages=_range_messages(
            SESSIONS_PER_WEEK_MIN, SESSIONS_PER_WEEK_MAX, "sessions per week"
        ),
    )
    # The generated plans' two phases: build weeks, then fewer sessions to keep the length.
    maintenance_from_week = forms.IntegerField(
        label="Maintenance from week",
        required=False,
        min_value=2,
        max_value=PLAN_WEEKS_MAX,
        help_text="Optional: empty for one phase.",
        error_messages=_range_messages(2, PLAN_WEEKS_MAX, "a week"),
    )
    maintenance_sessions_per_week = forms.IntegerField(
        label="Maintenance sessions per week",
        required=False,
        min_value=SESSIONS_PER_WEEK_MIN,
        max_value=SESSIONS_PER_WEEK_MAX,
        error_messages=_range_messages(
            SESSIONS_PER_WEEK_MIN, SESSIONS_PER_WEEK_MAX, "sessions per week"
        ),
    )
    notes = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        week = cleaned.get("maintenance_from_week")
        sessions = cleaned.get("maintenance_sessions_per_week")
        weeks = cleaned.get("weeks")
        if (
            week is not None
            and sessions is None
            and "maintenance_sessions_per_week" not in self.errors
        ):
            self.add_error(
                "maintenance_sessions_per_week", "Enter the maintenance sessions per week too."
            )
        if sessions is not None and week is None and "maintenance_from_week" not in self.errors:
            self.add_error("maintenance_from_week", "Enter the week maintenance starts too.")
        if week is not None and weeks is not None and week > weeks:
            self.add_error(
                "maintenance_from_week",
                f"The plan has {weeks} weeks: start maintenance in week {weeks} at the latest.",
            )
        return cleaned

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest_start = max(today - PLAN_START_WINDOW, EARLIEST_DATE)
        self.latest_start = min(today + PLAN_START_WINDOW, LATEST_DATE)
        attrs = self.fields["starts_on"].widget.attrs
        attrs["min"], attrs["max"] = self.earliest_start.isoformat(), self.latest_start.isoformat()

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on == self.initial.get("starts_on"):
            return starts_on  # an edit that keeps an older plan's start
        if not self.earliest_start <= starts_on <= self.latest_start:
            raise forms.ValidationError(
                f"Start the plan between {self.earliest_start:%-d %B %Y} and "
                f"{self.latest_start:%-d %B %Y} (within a year of the runner's today)."
            )
        return starts_on


class PlanItemForm(forms.Form):
    """One catalogue stretch in a coach's plan (prefix = the stretch's slug)."""

    include = forms.BooleanField(label="Include", required=False)
    order = forms.IntegerField(
        label="Order",
        min_value=1,
        max_value=20,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sets = forms.IntegerField(
        label="Sets per side",
        min_value=SETS_MIN,
        max_value=SETS_MAX,
        error_messages=_range_messages(SETS_MIN, SETS_MAX, "sets"),
    )
    extra_set_side = forms.ChoiceField(
        label="Extra set on",
        required=False,
        choices=[("", "Neither side"), ("left", "Left"), ("right", "Right")],
    )

    def __init__(self, *args, stretch, **kwargs):
        self.stretch = stretch
        super().__init__(*args, prefix=stretch.slug, **kwargs)
        if stretch.dose_kind == DoseKind.HOLD:
            low, high, label, what = HOLD_SECONDS_MIN, HOLD_SECONDS_MAX, "Hold (seconds)", "seconds"
        else:
            low, high, label, what = REPS_MIN, REPS_MAX, "Repetitions", "repetitions"
        self.fields["amount"] = forms.IntegerField(
            label=label,
            min_value=low,
            max_value=high,
            error_messages=_range_messages(low, high, what),
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
        self.order_fields(["include", "order", "sets", "amount", "extra_set_side"])

    def item_fields(self):
        if not self.cleaned_data.get("include"):
            return None
        hold = self.stretch.dose_kind == DoseKind.HOLD
        return {
            "stretch": self.stretch,
            "order": self.cleaned_data["order"],
            "sets": self.cleaned_data["sets"],
            "hold_seconds": self.cleaned_data["amount"] if hold else None,
            "reps": None if hold else self.cleaned_data["amount"],
            "extra_set_side": self.cleaned_data["extra_set_side"],
        }


class DiscomfortForm(forms.Form):
    discomfort = forms.IntegerField(
        label="How did it feel? 0 = no discomfort, 10 = very uncomfortable",
        min_value=DISCOMFORT_MIN,
        max_value=DISCOMFORT_MAX,
        error_messages=_range_messages(DISCOMFORT_MIN, DISCOMFORT_MAX, "a whole number"),
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "min": DISCOMFORT_MIN, "max": DISCOMFORT_MAX}
        ),
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=SESSION_NOTES_MAX,
        help_text="How it went, for you and your coach: where you felt it, what was hard.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def plan_forms(data, *, stretches, today, plan=None, runner=None):
    """(PlanForm, [PlanItemForm per catalogue stretch]) for a new plan for `runner` or an edit
    of `plan` (whose items fill the stretch forms)."""
    existing = {item.stretch_id: item for item in plan.items.current()} if plan else {}
    plan_initial = (
        {
            "title": plan.title,
            "starts_on": plan.starts_on,
            "weeks": plan.weeks,
            "sessions_per_week": plan.sessions_per_week,
            "maintenance_from_week": plan.maintenance_from_week,
            "maintenance_sessions_per_week": plan.maintenance_sessions_per_week,
            "notes": plan.notes,
        }
        if plan
        else {"starts_on": runner.profile.today()}
    )
    item_forms = []
    for position, stretch in enumerate(stretches, start=1):
        item = existing.get(stretch.pk)
        initial = {
            "include": item is not None if plan else True,
            "order": item.order if item else position,
            "sets": item.sets if item else stretch.default_sets,
            "amount": (item.hold_seconds or item.reps)
            if item
            else (stretch.default_hold_seconds or stretch.default_reps),
            "extra_set_side": item.extra_set_side if item else "",
        }
        item_forms.append(PlanItemForm(data, stretch=stretch, initial=initial))
    return PlanForm(data, initial=plan_initial, today=today), item_forms


def valid_plan(plan_form, item_forms):
    """(valid, items): whether the plan and every included stretch validate, and the included
    stretches' fields as services.start_plan() takes them."""
    valid = plan_form.is_valid()
    for form in item_forms:
        # Only the stretches included in the plan must be valid.
        if form.is_valid() or (form.data and not form.cleaned_data.get("include")):
            continue
        valid = False
    items = [form.item_fields() for form in item_forms if form.is_valid()]
    items = [item for item in items if item]
    if valid and not items:
        plan_form.add_error(None, "Include at least one stretch.")
        valid = False
    return valid, items
