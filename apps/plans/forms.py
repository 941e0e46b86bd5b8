from datetime import timedelta

from django import forms
from django.db.models.functions import Lower

from apps.plans import morning, morning_checks, programme
from apps.plans.models import (
    DISCOMFORT_MAX,
    DISCOMFORT_MIN,
    EXERCISE_NAME_MAX,
    EXERCISE_TEXT_MAX,
    HOLD_SECONDS_MAX,
    HOLD_SECONDS_MIN,
    LATE_SESSION_DAYS,
    MAINTENANCE_FROM_WEEK_MIN,
    PLAN_WEEKS_MAX,
    PLAN_WEEKS_MIN,
    REP_HOLD_SECONDS_MAX,
    REP_HOLD_SECONDS_MIN,
    REPS_MAX,
    REPS_MIN,
    REST_SECONDS_MAX,
    REST_SECONDS_MIN,
    SESSION_NOTES_MAX,
    SESSIONS_PER_WEEK_MAX,
    SESSIONS_PER_WEEK_MIN,
    SETS_MAX,
    SETS_MIN,
    TEMPO_MAX,
    DoseKind,
    ExerciseKind,
    PlanItem,
    Stretch,
)
from psoas_tracker.dates import EARLIEST_DATE, LATEST_DATE, PLAN_START_WINDOW


def _range_messages(low, high, what):
    message = f"Enter {what} from {low} to {high}."
    return {"min_value": message, "max_value": message, "invalid": message, "required": message}


def _strength_day_choices():
    """0 (no strength), then 1-3 days, each naming its weekdays (programme.STRENGTH_WEEKDAYS)."""
    return [(0, "None")] + [
        (
            days,
            f"{days} day{'s' if days > 1 else ''} "
            f"({programme.weekday_names(programme.STRENGTH_WEEKDAYS[:days])})",
        )
        for days in range(programme.STRENGTH_SESSIONS_MIN, programme.STRENGTH_SESSIONS_MAX + 1)
    ]


STRENGTH_DAYS_NEEDED = "Choose the strength days: a strength exercise is ticked below."
STRENGTH_DAYS_UNUSED = "Tick a strength exercise below, or choose no strength days."


class ScheduleForm(forms.Form):
    """What a coach's plan and a plan template both have: a title, the weeks and sessions of
    its phases (programme.phases: build, then maintenance), its strength days, and notes."""

    title = forms.CharField(max_length=120, initial="Hip-flexor plan")
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
        help_text="In the build weeks (all the weeks of a plan of one phase).",
        error_messages=_range_messages(
            SESSIONS_PER_WEEK_MIN, SESSIONS_PER_WEEK_MAX, "sessions per week"
        ),
    )
    # The generated plans' two phases: build weeks, then fewer sessions to keep the length.
    maintenance_from_week = forms.IntegerField(
        label="Maintenance from week",
        required=False,
        min_value=MAINTENANCE_FROM_WEEK_MIN,
        max_value=PLAN_WEEKS_MAX,
        help_text="Optional: the build runs up to it. Empty: one phase.",
        error_messages=_range_messages(MAINTENANCE_FROM_WEEK_MIN, PLAN_WEEKS_MAX, "a week"),
    )
    maintenance_sessions_per_week = forms.IntegerField(
        label="Maintenance sessions per week",
        required=False,
        min_value=SESSIONS_PER_WEEK_MIN,
        max_value=SESSIONS_PER_WEEK_MAX,
        help_text="Fewer than in the build weeks keeps the length gained (3 a week).",
        error_messages=_range_messages(
            SESSIONS_PER_WEEK_MIN, SESSIONS_PER_WEEK_MAX, "sessions per week"
        ),
    )
    strength_sessions_per_week = forms.TypedChoiceField(
        label="Strength days a week",
        choices=_strength_day_choices,
        coerce=int,
        empty_value=0,
        required=False,
        help_text="The strength exercises go on these session days only, never two days in a "
        "row (ACSM: 2-3 days a week). None without a strength exercise.",
        error_messages={"invalid_choice": "Choose no strength days, or one to three."},
    )
    notes = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A plan saved without strength days has None: the field's "None".
        if self.initial.get("strength_sessions_per_week") is None:
            self.initial["strength_sessions_per_week"] = 0

    def clean_strength_sessions_per_week(self):
        """0 (none) is saved as no strength days (None)."""
        return self.cleaned_data["strength_sessions_per_week"] or None

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
        strength_days = cleaned.get("strength_sessions_per_week")
        per_week = cleaned.get("sessions_per_week")
        if strength_days and per_week and strength_days > per_week:
            self.add_error(
                "strength_sessions_per_week",
                f"Strength goes on session days: {per_week} session{'s' if per_week > 1 else ''} "
                f"a week take{'' if per_week > 1 else 's'} strength on {per_week} "
                f"day{'s' if per_week > 1 else ''} at most.",
            )
        return cleaned

    def check_strength(self, items) -> bool:
        """Whether the strength days fit the exercises ticked (`items`, as valid_plan gives
        them): days with a strength exercise, none without. Else the message is beside the
        field."""
        if "strength_sessions_per_week" in self.errors:
            return False
        has_strength = any(item["stretch"].is_strength for item in items)
        days = self.cleaned_data.get("strength_sessions_per_week")
        if has_strength and not days:
            self.add_error("strength_sessions_per_week", STRENGTH_DAYS_NEEDED)
            return False
        if days and not has_strength:
            self.add_error("strength_sessions_per_week", STRENGTH_DAYS_UNUSED)
            return False
        return True

    def phases(self) -> list[programme.Phase]:
        """The phases the schedule builds, as the plan page names them: the post's once
        checked, else the plan's or template's being edited (none for a new one)."""
        if self.is_bound and hasattr(self, "cleaned_data"):
            values = self.cleaned_data
        else:
            values = self.initial
        weeks = values.get("weeks")
        if not weeks or "maintenance_from_week" in self.errors:
            return []
        return programme.phases(weeks, values.get("maintenance_from_week"))


class PlanForm(ScheduleForm):
    """A coach's plan for a runner whose calendar date is `today`."""

    starts_on = forms.DateField(
        label="Starts on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    return_to_run = forms.BooleanField(
        label="Start a return to running with this plan",
        required=False,
        help_text=(
            "After a pause for pain: walk-runs from 10 \N{MULTIPLICATION SIGN} 1 min on the "
            "flat, beside the stretches and strength, each next step once the morning after "
            "allows. The runner logs each one; a return under way starts over."
        ),
    )
    field_order = ["title", "starts_on"]

    def __init__(self, *args, today, held=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.held = held  # a red flag is open: no running until it clears
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

    def clean_return_to_run(self):
        if self.cleaned_data["return_to_run"] and self.held:
            raise forms.ValidationError(
                "Not while a red flag is open: the walk-runs start once it has cleared (it "
                "starts by itself then)."
            )
        return self.cleaned_data["return_to_run"]


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
            help_text = f"Seconds each set is held, {low} to {high}."
        else:
            low, high, label, what = REPS_MIN, REPS_MAX, "Repetitions", "repetitions"
            help_text = f"Repetitions in each set, {low} to {high}"
            help_text += f", each {stretch.tempo}." if stretch.tempo else "."
        self.fields["amount"] = forms.IntegerField(
            label=label,
            min_value=low,
            max_value=high,
            help_text=help_text,
            error_messages=_range_messages(low, high, what),
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
        if not stretch.per_side:
            self.fields["sets"].label = "Sets"
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


def plan_forms(data, *, stretches, today, plan=None, runner=None, held=False):
    """(PlanForm, [PlanItemForm per stretch offered]) for a new plan for `runner` or an edit of
    `plan` (whose items fill the stretch forms). `stretches`: Stretch.objects.for_coach(); a
    new plan starts with the catalogue ticked, the coach's own exercises not. `held`: a red
    flag is open, so no return to running may start."""
    plan_initial = (
        {name: getattr(plan, name) for name in (*SCHEDULE_FIELDS, "starts_on")}
        if plan
        else {"starts_on": runner.profile.today()}
    )
    existing = {item.stretch_id: item for item in plan.items.current()} if plan else None
    plan_form = PlanForm(data, initial=plan_initial, today=today, held=held)
    return plan_form, item_forms_for(data, plan_form, stretches, existing)


SCHEDULE_FIELDS = (
    *("title", "weeks", "sessions_per_week", "maintenance_from_week"),
    *("maintenance_sessions_per_week", "strength_sessions_per_week", "notes"),
)


def item_forms_for(data, schedule_form, stretches, existing):
    """A PlanItemForm per stretch offered, filled from `existing` ({stretch id: an item with
    order, sets, hold_seconds, reps, extra_set_side}), or with None the catalogue ticked at its
    default doses (the stretches: strength exercises are the coach's to add); `schedule_form`
    learns which were offered (valid_plan checks the post)."""
    item_forms = []
    for position, stretch in enumerate(stretches, start=1):
        item = existing.get(stretch.pk) if existing is not None else None
        initial = {
            "include": item is not None
            if existing is not None
            else stretch.is_catalogue and not stretch.is_strength,
            "order": item.order if item else position,
            "sets": item.sets if item else stretch.default_sets,
            "amount": (item.hold_seconds or item.reps)
            if item
            else (stretch.default_hold_seconds or stretch.default_reps),
            "extra_set_side": item.extra_set_side if item else "",
        }
        item_forms.append(PlanItemForm(data, stretch=stretch, initial=initial))
    schedule_form.offered = {form.prefix for form in item_forms}
    return item_forms


def _names_a_stretch_not_offered(plan_form) -> bool:
    """Whether the post includes a stretch the form did not offer (another coach's exercise,
    or one since deleted): it is refused, never silently dropped."""
    return any(
        key.endswith("-include") and key.removesuffix("-include") not in plan_form.offered
        for key in plan_form.data
    )


def valid_plan(plan_form, item_forms):
    """(valid, items): whether the plan and every included stretch validate, and the included
    stretches' fields as services.start_plan() takes them."""
    valid = plan_form.is_valid()
    if plan_form.data and _names_a_stretch_not_offered(plan_form):
        plan_form.add_error(
            None,
            "A stretch in the form is not one you can use (the catalogue and your own "
            "exercises): nothing was saved. Reload the page and try again.",
        )
        valid = False
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
    if valid and not plan_form.check_strength(items):
        valid = False
    return valid, items


class ExerciseForm(forms.ModelForm):
    """A coach's own exercise. `owner`: the coach; an exercise a plan uses keeps its dose kind
    and sides (the plan's doses and logged sets are counted in them)."""

    name = forms.CharField(
        max_length=EXERCISE_NAME_MAX,
        error_messages={"required": "Give the exercise a name."},
    )
    instructions = forms.CharField(
        max_length=EXERCISE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="How to get into position and do it, as the runner will read it.",
        error_messages={"required": "Write how to do it: the runner reads this first."},
    )
    cues = forms.CharField(
        label="Cues",
        max_length=EXERCISE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: the guided session shows them during each set.",
        error_messages={"required": "Write at least one cue, one a line."},
    )
    cautions = forms.CharField(
        label="Cautions (optional)",
        required=False,
        max_length=EXERCISE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="When to ease off or stop.",
    )
    dose_kind = forms.ChoiceField(
        label="Dose",
        choices=DoseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a hold or repetitions."},
    )
    default_sets = forms.IntegerField(
        label="Sets",
        min_value=SETS_MIN,
        max_value=SETS_MAX,
        initial=2,
        error_messages=_range_messages(SETS_MIN, SETS_MAX, "sets"),
    )
    default_hold_seconds = forms.IntegerField(
        label="Hold (seconds)",
        required=False,
        min_value=HOLD_SECONDS_MIN,
        max_value=HOLD_SECONDS_MAX,
        help_text="For a hold.",
        error_messages=_range_messages(HOLD_SECONDS_MIN, HOLD_SECONDS_MAX, "seconds"),
    )
    default_reps = forms.IntegerField(
        label="Repetitions",
        required=False,
        min_value=REPS_MIN,
        max_value=REPS_MAX,
        help_text="For repetitions.",
        error_messages=_range_messages(REPS_MIN, REPS_MAX, "repetitions"),
    )
    rep_hold_seconds = forms.IntegerField(
        label="Each repetition held (seconds, optional)",
        required=False,
        min_value=REP_HOLD_SECONDS_MIN,
        max_value=REP_HOLD_SECONDS_MAX,
        help_text="For repetitions; empty with a tempo: the tempo's seconds.",
        error_messages=_range_messages(REP_HOLD_SECONDS_MIN, REP_HOLD_SECONDS_MAX, "seconds"),
    )
    per_side = forms.BooleanField(
        label="One side at a time (left, then right)", required=False, initial=True
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=ExerciseKind.choices,
        initial=ExerciseKind.STRETCH,
        widget=forms.RadioSelect,
        help_text="A strength exercise goes on the plan's strength days only.",
        error_messages={
            "required": "Choose a stretch or a strength exercise.",
            "invalid_choice": "Choose a stretch or a strength exercise.",
        },
    )
    tempo = forms.CharField(
        label="Tempo (optional)",
        required=False,
        max_length=TEMPO_MAX,
        help_text="For repetitions: how each one goes, in seconds, e.g. “2 s up, 2 s down”. "
        "The guided session counts the repetitions at it.",
        error_messages={"max_length": f"Write the tempo in {TEMPO_MAX} characters at most."},
    )
    rest_seconds = forms.IntegerField(
        label="Rest (seconds, optional)",
        required=False,
        min_value=REST_SECONDS_MIN,
        max_value=REST_SECONDS_MAX,
        help_text="For repetitions: the guided session's pause between two sets.",
        error_messages=_range_messages(REST_SECONDS_MIN, REST_SECONDS_MAX, "seconds"),
    )

    class Meta:
        model = Stretch
        fields = [
            *("name", "instructions", "cues", "cautions", "kind", "dose_kind", "default_sets"),
            *("default_hold_seconds", "default_reps", "rep_hold_seconds", "tempo"),
            *("rest_seconds", "per_side"),
        ]

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        number_attrs = {"inputmode": "numeric"}
        for name in (
            *("default_sets", "default_hold_seconds", "default_reps", "rep_hold_seconds"),
            "rest_seconds",
        ):
            self.fields[name].widget.attrs.update(number_attrs)
        self.in_a_plan = bool(
            self.instance.pk and PlanItem.objects.filter(stretch=self.instance).exists()
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())  # one line, single spaces
        if not name:
            raise forms.ValidationError("Give the exercise a name.")
        same = Stretch.objects.owned_by(self.owner).annotate(lower=Lower("name"))
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.filter(lower=name.lower()).exists():
            raise forms.ValidationError("You already have an exercise of this name.")
        return name

    def clean_cues(self):
        cues = "\n".join(line.strip() for line in self.cleaned_data["cues"].splitlines())
        if not cues.strip():
            raise forms.ValidationError("Write at least one cue, one a line.")
        return cues.strip()

    def clean_tempo(self):
        tempo = " ".join(self.cleaned_data["tempo"].split())  # one line, single spaces
        if tempo and not REP_HOLD_SECONDS_MIN <= programme.tempo_seconds(tempo) <= (
            REP_HOLD_SECONDS_MAX
        ):
            raise forms.ValidationError(
                f"Write the tempo in seconds, e.g. “2 s up, 2 s down”: {REP_HOLD_SECONDS_MIN} "
                f"to {REP_HOLD_SECONDS_MAX} s a repetition in all."
            )
        return tempo

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("dose_kind")
        if self.in_a_plan:
            for name, words in (
                ("dose_kind", "its dose kind"),
                ("per_side", "its sides"),
                ("kind", "its kind (which days it goes on)"),
            ):
                if name in cleaned and cleaned[name] != getattr(self.instance, name):
                    self.add_error(
                        name,
                        f"A plan uses this exercise: {words} cannot change, as its sets are "
                        "counted in them. Write a new exercise instead.",
                    )
        if kind == DoseKind.HOLD:
            self._leave_out(cleaned, "default_reps", "rep_hold_seconds", "rest_seconds")
            cleaned["tempo"] = ""
            self.errors.pop("tempo", None)
            self._require(cleaned, "default_hold_seconds", "Enter how many seconds to hold.")
        elif kind == DoseKind.REPS:
            self._leave_out(cleaned, "default_hold_seconds")
            self._require(cleaned, "default_reps", "Enter how many repetitions.")
            self._time_repetitions_at_tempo(cleaned)
        return cleaned

    def _time_repetitions_at_tempo(self, cleaned):
        """A repetition lasts its tempo's seconds: the guided session counts at that pace."""
        tempo, rep_seconds = cleaned.get("tempo"), cleaned.get("rep_hold_seconds")
        if not tempo or "rep_hold_seconds" in self.errors:
            return
        at_tempo = round(programme.tempo_seconds(tempo))
        if rep_seconds is None:
            cleaned["rep_hold_seconds"] = at_tempo
        elif rep_seconds != at_tempo:
            self.add_error(
                "rep_hold_seconds",
                f"The tempo makes {at_tempo} s a repetition: enter {at_tempo}, or leave this "
                "empty.",
            )

    def _leave_out(self, cleaned, *names):
        """The other dose's fields are not saved, so what they hold is no error."""
        for name in names:
            cleaned[name] = None
            self.errors.pop(name, None)

    def _require(self, cleaned, name, message):
        if cleaned.get(name) is None and name not in self.errors:
            self.add_error(name, message)


def _pain_field(what: str) -> forms.IntegerField:
    """A pain from 0 to 10, one tap of the pain scale."""
    return forms.IntegerField(
        min_value=morning.PAIN_MIN,
        max_value=morning.PAIN_MAX,
        error_messages=_range_messages(morning.PAIN_MIN, morning.PAIN_MAX, what),
    )


class OneTapForm(forms.Form):
    """A one-tap answer from the phone, for the day the page showed (`day`, sent late from the
    outbox maybe): refused, it says why in a line (the message, and the outbox's)."""

    day = forms.DateField(required=False)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def refusal(self) -> str:
        return next(iter(self.errors.values()))[0]


class MorningCheckForm(OneTapForm):
    """One tap: how the hip feels this morning, 0-10, for the morning the page showed (`day`:
    today, or yesterday for an answer sent late after midnight)."""

    pain = _pain_field("how your hip feels")

    def clean_day(self):
        day = self.cleaned_data.get("day") or self.today
        if not self.today - timedelta(days=morning_checks.LATE_DAYS) <= day <= self.today:
            raise forms.ValidationError(
                "That morning's check is past: answer on the morning after a session or a run."
            )
        return day


class WalkRunForm(OneTapForm):
    """A walk-run of the return to running, logged the day it was done (or a day or two late,
    sent from the phone's outbox): the pain during it, 0-10, one tap."""

    pain_during = _pain_field("the pain during the walk-run")

    def __init__(self, *args, started_on, **kwargs):
        super().__init__(*args, **kwargs)
        self.started_on = started_on

    def clean_day(self):
        day = self.cleaned_data.get("day") or self.today
        if day > self.today:
            raise forms.ValidationError("That day has not come yet: log a walk-run once done.")
        if day < max(self.started_on, self.today - timedelta(days=LATE_SESSION_DAYS)):
            raise forms.ValidationError(
                "That day is before this return to running, or more than a week ago: log the "
                "walk-runs of this block, within the week."
            )
        return day
