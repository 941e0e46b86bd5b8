import copy

from django import forms
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html

from apps.assessments import scoring
from apps.assessments.models import (
    ABDUCTION_MAX,
    ABDUCTION_MIN,
    HIP_ANGLE_MAX,
    HIP_ANGLE_MIN,
    KNEE_ANGLE_MAX,
    KNEE_ANGLE_MIN,
    NOTES_MAX_LENGTH,
    PAIN_MAX,
    PAIN_MIN,
    PAIN_REGIONS,
    SIDES,
    Assessment,
    Instrument,
    KneeStraightened,
    KneeToChest,
)
from apps.assessments.red_flags import RED_FLAGS
from psoas_tracker.dates import EARLIEST_DATE, too_early_message

TRIALS = (2, 3)  # extra trials beyond the main field, averaged into it


def angle_field(label, low, high, *, required, help_text=""):
    return forms.FloatField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        help_text=help_text,
        error_messages={
            "invalid": "Enter the angle as a number of degrees, e.g. 8 or -5.",
            "min_value": f"Enter an angle between {low} and {high} degrees.",
            "max_value": f"Enter an angle between {low} and {high} degrees.",
            "required": "Enter this angle: it is the heart of the test.",
        },
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )


def pain_field(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=PAIN_MIN,
        max_value=PAIN_MAX,
        error_messages={
            "invalid": f"Enter a whole number from {PAIN_MIN} to {PAIN_MAX}.",
            "min_value": f"Enter a whole number from {PAIN_MIN} to {PAIN_MAX}.",
            "max_value": f"Enter a whole number from {PAIN_MIN} to {PAIN_MAX}.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": PAIN_MIN, "max": PAIN_MAX}),
    )


class AssessmentForm(forms.ModelForm):
    """The weekly test. Each angle takes up to three trials; their mean is what is stored."""

    HIP_HELP = "+ when the thigh stays above the table, - when it drops below."
    sent_twice = False  # save_unless_taken found this entry's key saved by another request
    # Filled by static/js/outbox.js, one per page shown: the same test sent twice is saved once.
    idempotency_key = forms.UUIDField(
        label="Key of this entry", required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Assessment
        fields = [
            "taken_on",
            "instrument",
            "hip_angle_left",
            "knee_angle_left",
            "knee_straightened_left",
            "knee_to_chest_left",
            "abduction_left",
            "hip_angle_right",
            "knee_angle_right",
            "knee_straightened_right",
            "knee_to_chest_right",
            "abduction_right",
            *[f"pain_{region}" for region, _ in PAIN_REGIONS],
            "pain_uphill",
            "tender_to_touch",
            "notes",
        ]
        widgets = {
            "taken_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "instrument": forms.RadioSelect,
            "knee_to_chest_left": forms.RadioSelect,
            "knee_to_chest_right": forms.RadioSelect,
            "knee_straightened_left": forms.RadioSelect,
            "knee_straightened_right": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3, "maxlength": NOTES_MAX_LENGTH}),
        }

    def __init__(self, *args, runner, today, taken_dates=None, **kwargs):
        """taken_dates: {date: test pk} of the runner's tests, when the caller validates many
        rows at once (an import) and has read them in one query."""
        self.runner = runner
        self.today = today
        self.taken_dates = taken_dates
        super().__init__(*args, **kwargs)
        self.fields["taken_on"].widget.attrs["max"] = today.isoformat()
        self.fields["taken_on"].widget.attrs["min"] = EARLIEST_DATE.isoformat()
        self.fields["taken_on"].error_messages["invalid"] = "Enter a date like 2026-11-24."
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("taken_on", today)
        self.fields["instrument"].label = "Measured with"
        self.fields["instrument"].error_messages["required"] = (
            "Choose what you measured with: each instrument has its own margin of error."
        )
        self.fields["instrument"].choices = Instrument.choices
        if not self.is_bound and not self.instance.pk:
            # Same instrument as last time: readings from different ones should not be mixed.
            last = (
                Assessment.objects.owned_by(runner)
                .newest_first()
                .values_list("instrument", flat=True)
                .first()
            )
            self.initial.setdefault("instrument", last)
        for side in SIDES:
            title = side.capitalize()
            self.fields[f"hip_angle_{side}"] = angle_field(
                f"{title} hip angle (°)",
                HIP_ANGLE_MIN,
                HIP_ANGLE_MAX,
                required=True,
                help_text=self.HIP_HELP,
            )
            self.fields[f"knee_angle_{side}"] = angle_field(
                f"{title} knee angle (°)", KNEE_ANGLE_MIN, KNEE_ANGLE_MAX, required=False
            )
            self.fields[f"abduction_{side}"] = angle_field(
                f"{title} thigh drift outwards (°, optional)",
                ABDUCTION_MIN,
                ABDUCTION_MAX,
                required=False,
            )
            self.fields[f"knee_to_chest_{side}"].label = f"{title} leg in the knee-to-chest test"
            other = "right" if side == "left" else "left"
            self.fields[
                f"knee_to_chest_{side}"
            ].help_text = (
                f"While you pulled your {other} knee in, did the straight {side} leg lift?"
            )
            self.fields[f"knee_to_chest_{side}"].choices = KneeToChest.choices
            straightened = self.fields[f"knee_straightened_{side}"]
            straightened.label = f"{title} thigh with the knee straightened (optional)"
            straightened.help_text = (
                "If the thigh stays above the table: straighten the hanging knee. Does the thigh "
                "drop? Dropping points to a short rectus femoris, staying up to short one-joint "
                "hip flexors (psoas/iliacus)."
            )
            straightened.choices = KneeStraightened.choices
            straightened.required = False  # optional: not sent is not done
            for measure, low, high in (
                ("hip_angle", HIP_ANGLE_MIN, HIP_ANGLE_MAX),
                ("knee_angle", KNEE_ANGLE_MIN, KNEE_ANGLE_MAX),
            ):
                for trial in TRIALS:
                    self.fields[f"{measure}_{side}_{trial}"] = angle_field(
                        f"{title} {measure.replace('_', ' ')}, trial {trial}",
                        low,
                        high,
                        required=False,
                    )
        for region, label in PAIN_REGIONS:
            self.fields[f"pain_{region}"] = pain_field(label)

    summary = None  # the verdicts of what was entered so far (verdicts.summary_of_entry)

    def legs(self):
        """The fields of each leg, for the template: main inputs and their extra trials, and
        the leg's card: its verdicts so far and the problems with what was typed."""
        verdicts_by_side = {leg.side: leg for leg in self.summary.legs} if self.summary else {}
        return [
            {
                "side": side,
                "verdict": verdicts_by_side.get(side),
                "problems": self.problems_of(side),
                "title": f"{side.capitalize()} leg",
                "hip": self[f"hip_angle_{side}"],
                "hip_trials": [self[f"hip_angle_{side}_{n}"] for n in TRIALS],
                "knee_straightened": self[f"knee_straightened_{side}"],
                "knee": self[f"knee_angle_{side}"],
                "knee_trials": [self[f"knee_angle_{side}_{n}"] for n in TRIALS],
                "knee_to_chest": self[f"knee_to_chest_{side}"],
                "abduction": self[f"abduction_{side}"],
            }
            for side in SIDES
        ]

    def problems_of(self, side):
        """'Left hip angle: Enter a number from -30 to 40.' for each of the leg's fields whose
        typed value was refused; an empty field is not a problem while typing."""
        if not self.is_bound:
            return []
        names = [f"hip_angle_{side}", f"knee_angle_{side}", f"abduction_{side}"]
        names += [f"{angle}_{side}_{n}" for angle in ("hip_angle", "knee_angle") for n in TRIALS]
        return [
            f"{self[name].label}: {' '.join(self.errors[name])}"
            for name in names
            if name in self.errors and str(self.data.get(self.add_prefix(name), "")).strip()
        ]

    def pain_fields(self):
        return [self[f"pain_{region}"] for region, _ in PAIN_REGIONS]

    # What an untouched optional field holds (unticked, not done, not answered, empty).
    EMPTY_VALUES = (None, "", "not_done", "unknown", False, "false", "False")

    def optional_parts(self):
        """The optional parts, folded under the four numbers until opened: each comes open when
        one of its fields holds a value or an error, so nothing entered is hidden."""
        legs = self.legs()
        parts = [
            ("trials", "Trials: average up to 3 per angle",
             [t for leg in legs for t in (*leg["hip_trials"], *leg["knee_trials"])]),
            ("knee_to_chest", "Knee-to-chest, the straightened knee, thigh drift",
             [leg[name] for name in ("knee_to_chest", "knee_straightened", "abduction")
              for leg in legs]),
            ("pain", "Pain", [*self.pain_fields(), self["pain_uphill"]]),
            ("tenderness", "Tenderness", [self["tender_to_touch"]]),
            ("notes", "Notes", [self["notes"]]),
        ]  # fmt: skip
        return {
            key: {
                "title": title,
                "fields": fields,
                "open": any(f.errors or f.value() not in self.EMPTY_VALUES for f in fields),
            }
            for key, title, fields in parts
        }

    def clean_taken_on(self):
        taken_on = self.cleaned_data["taken_on"]
        if taken_on > self.today:
            raise forms.ValidationError("The date cannot be in the future.")
        if taken_on < EARLIEST_DATE:
            raise forms.ValidationError(too_early_message())
        if self.taken_dates is not None:
            existing = self.taken_dates.get(taken_on)
        else:
            existing = (
                Assessment.objects.owned_by(self.runner)
                .filter(taken_on=taken_on)
                .exclude(pk=self.instance.pk)
                .values_list("pk", flat=True)
                .first()
            )
        if existing and existing != self.instance.pk:
            raise forms.ValidationError(_already_recorded(existing))
        return taken_on

    tender_to_touch = forms.NullBooleanField(
        label="Press the front of your hip and your groin: is it tender?",
        required=False,
        help_text="A finding to note, not a pain score. Do not massage or roll a tender groin; "
        "if it stays tender, ask a physiotherapist.",
        widget=forms.RadioSelect(
            choices=[("unknown", "Not checked"), ("true", "Yes, tender"), ("false", "No")]
        ),
    )

    def clean(self):
        cleaned = super().clean()
        for side in SIDES:
            if not cleaned.get(f"knee_straightened_{side}"):
                cleaned[f"knee_straightened_{side}"] = KneeStraightened.NOT_DONE
        trials_entered = []
        for side in SIDES:
            for measure in ("hip_angle", "knee_angle"):
                field = f"{measure}_{side}"
                if field in self.errors:
                    continue
                trials = [cleaned.get(field)] + [cleaned.get(f"{field}_{n}") for n in TRIALS]
                if measure == "hip_angle":
                    trials_entered.append(sum(value is not None for value in trials))
                cleaned[field] = scoring.mean_of_trials(trials)
                if cleaned[field] is None and measure == "hip_angle":
                    self.add_error(field, "Enter this angle: it is the heart of the test.")
        knees = [cleaned.get(f"knee_angle_{side}") for side in SIDES]
        if (knees[0] is None) != (knees[1] is None) and not self.errors.keys() & {
            "knee_angle_left",
            "knee_angle_right",
        }:
            missing = "knee_angle_left" if knees[0] is None else "knee_angle_right"
            self.add_error(missing, "Enter both knee angles, or leave both empty.")
        # Every rule the database checks is checked above, with its own message; Django's
        # generic re-check would run a query per constraint (15 a row, in an import). The
        # database still refuses what slips through, and save_unless_taken() explains it.
        self._validate_unique = self._validate_constraints = False
        cleaned["hip_trials"] = self._hip_trials(cleaned, trials_entered)
        return cleaned

    def _hip_trials(self, cleaned, trials_entered):
        """How many trials both hip angles are the mean of; an edit that leaves the angles as
        they were keeps the count they were saved with (the trials are not shown again)."""
        unchanged = self.instance.pk and all(
            cleaned.get(f"hip_angle_{side}") == getattr(self.instance, f"hip_angle_{side}")
            for side in SIDES
        )
        if unchanged:
            return self.instance.hip_trials
        return max(min(trials_entered, default=1), 1)

    def save(self, commit=True):
        self.instance.runner = self.runner
        self.instance.hip_trials = self.cleaned_data["hip_trials"]
        if not self.instance.pk:
            self.instance.idempotency_key = self.cleaned_data.get("idempotency_key")
        return super().save(commit)

    def bound_copy(self, data):
        """A new form like this unbound one, bound to `data` and sharing its fields: building
        a form's fields is most of its cost, and an import validates thousands of rows (the
        fields hold no per-form state; validation only reads them)."""
        form = copy.copy(self)
        form.data, form.files, form.is_bound = data, MultiValueDict(), True
        form.instance = Assessment()
        form.initial = {}
        form._errors = None
        form._bound_fields_cache = {}
        form.__dict__.pop("cleaned_data", None)
        return form

    def save_unless_taken(self):
        """Saves and returns the test; None, with the date's error set, when another request
        saved a test for that date since this form was validated (a double tap, a second tab)."""
        try:
            with transaction.atomic():
                if self.instance.pk and not self._still_there():
                    self.add_error(None, "This test was deleted meanwhile: nothing was saved.")
                    return None
                return self.save()
        except IntegrityError:
            if sent_before := self.saved_before():
                self.sent_twice = True
                return sent_before
            existing = (
                Assessment.objects.owned_by(self.runner)
                .filter(taken_on=self.cleaned_data["taken_on"])
                .values_list("pk", flat=True)
                .first()
            )
            self.add_error("taken_on", _already_recorded(existing) if existing else _CHANGED)
            return None

    def saved_before(self):
        """The test this entry's key saved already (sent twice from a phone), if any."""
        key = self.cleaned_data.get("idempotency_key") if hasattr(self, "cleaned_data") else None
        if key is None or self.instance.pk:
            return None
        return Assessment.objects.owned_by(self.runner).filter(idempotency_key=key).first()

    def _still_there(self):
        """Locks the test being edited, if it still exists (saving a deleted one would bring
        it back)."""
        tests = Assessment.objects.owned_by(self.runner).select_for_update()
        return tests.filter(pk=self.instance.pk).exists()


_CHANGED = "This test changed while you were editing it: check and save again."


def _already_recorded(pk):
    return format_html(
        'You already recorded a test on this date. <a href="{}">Edit that test</a>.',
        reverse("assessments:edit", args=[pk]),
    )


class RedFlagForm(forms.Form):
    """The red-flag questions, about the last two weeks (docs/domain.md, section 6)."""

    flags = forms.MultipleChoiceField(
        label="In the last two weeks, have you had any of these? Tick each one you had.",
        choices=RED_FLAGS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RedFlagReviewForm(RedFlagForm):
    """The questions again, when the runner says things have changed: a flag left unticked
    clears, and a clinician's all-clear clears every flag but a pain of 7+ (a later test does)."""

    clinician_cleared = forms.BooleanField(
        label="A physiotherapist or doctor has examined me since, and said I may stretch and run",
        required=False,
    )
