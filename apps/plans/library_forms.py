"""The forms of a coach's plan templates: writing one, and whom to assign it to."""

from django import forms
from django.db.models.functions import Lower

from apps.plans.forms import SCHEDULE_FIELDS, ScheduleForm, item_forms_for
from apps.plans.models import TEMPLATE_NOTES_MAX, TEMPLATE_TITLE_MAX, PlanTemplate, Stretch
from psoas_tracker.dates import EARLIEST_DATE, LATEST_DATE, PLAN_START_WINDOW


class TemplateForm(ScheduleForm):
    """A template of `coach`'s library: a plan's schedule, notes and title without a start;
    one template of each title (any case) per coach."""

    title = forms.CharField(
        max_length=TEMPLATE_TITLE_MAX,
        help_text="The title of each plan made from it; one template of each title.",
        error_messages={"required": "Give the template a title."},
    )
    notes = forms.CharField(
        required=False,
        max_length=TEMPLATE_NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Each runner reads them with their plan.",
    )

    def __init__(self, *args, coach, template=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.coach, self.template = coach, template

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())  # one line, single spaces
        if not title:
            raise forms.ValidationError("Give the template a title.")
        same = PlanTemplate.objects.owned_by(self.coach).annotate(lower=Lower("title"))
        if self.template:
            same = same.exclude(pk=self.template.pk)
        if same.filter(lower=title.lower()).exists():
            raise forms.ValidationError(TEMPLATE_TITLE_TAKEN)
        return title


TEMPLATE_TITLE_TAKEN = "You already have a template of this title."


def template_forms(data, *, coach, template=None, plan=None, plan_items=None):
    """(TemplateForm, [PlanItemForm per stretch `coach` may use]) for a new template, an edit
    of `template`, or a template from a runner's `plan` whose `plan_items` (the items the coach
    may use) fill the stretch forms."""
    source = template or plan
    initial = {name: getattr(source, name) for name in SCHEDULE_FIELDS} if source else {}
    if template:
        existing = {item.stretch_id: item for item in template.items.all()}
    elif plan:
        existing = {item.stretch_id: item for item in plan_items}
    else:
        existing = None
    form = TemplateForm(data, initial=initial, coach=coach, template=template)
    return form, item_forms_for(data, form, Stretch.objects.for_coach(coach), existing)


class AssignTemplateForm(forms.Form):
    """Whom a template goes to, `runners` one of the coach's runners or `groups` one of their
    groups, and from when (`today`: the coach's date)."""

    runner = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="To one runner",
        empty_label="No one runner",
        error_messages={"invalid_choice": "Choose one of your runners."},
    )
    group = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Or to a group",
        empty_label="No group",
        help_text="Each runner linked to you in the group now.",
        error_messages={"invalid_choice": "Choose one of your groups."},
    )
    starts_on = forms.DateField(
        label="Starts on (optional)",
        required=False,
        help_text="Empty: each runner starts on their own today.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, runners, groups, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["runner"].queryset = runners
        self.fields["runner"].label_from_instance = lambda runner: runner.display_name
        self.fields["group"].queryset = groups
        self.earliest_start = max(today - PLAN_START_WINDOW, EARLIEST_DATE)
        self.latest_start = min(today + PLAN_START_WINDOW, LATEST_DATE)
        attrs = self.fields["starts_on"].widget.attrs
        attrs["min"], attrs["max"] = self.earliest_start.isoformat(), self.latest_start.isoformat()

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on and not self.earliest_start <= starts_on <= self.latest_start:
            raise forms.ValidationError(
                f"Start the plans between {self.earliest_start:%-d %B %Y} and "
                f"{self.latest_start:%-d %B %Y} (within a year of today)."
            )
        return starts_on

    def clean(self):
        cleaned = super().clean()
        if "runner" in self.errors or "group" in self.errors:
            return cleaned
        runner, group = cleaned.get("runner"), cleaned.get("group")
        if runner and group:
            self.add_error("group", "Choose one runner or one group, not both.")
        elif not runner and not group:
            self.add_error("runner", "Choose a runner, or a group below.")
        return cleaned
