from django import forms
from django.core.validators import RegexValidator
from django.db.models.functions import Lower

from apps.accounts.models import CoachLink, shown_name
from apps.dashboard.models import GROUP_NAME_MAX, RunnerGroup
from apps.dashboard.roster import SORTS

NAME_QUERY_MAX = 80


class RosterOrderForm(forms.Form):
    sort = forms.ChoiceField(label="Sort by", choices=SORTS.items(), required=False)
    alerts = forms.BooleanField(label="Only runners with alerts", required=False)
    group = forms.IntegerField(label="Group", min_value=1, required=False)
    q = forms.CharField(label="Name", max_length=NAME_QUERY_MAX, required=False)
    page = forms.IntegerField(min_value=1, max_value=1000, required=False)


class SeenAlertForm(forms.Form):
    # "kind:trigger", as alerts.py writes it: a test id, a date, or "never".
    key = forms.CharField(max_length=60, validators=[RegexValidator(r"^[a-z_]+:[0-9a-z-]+$")])


class LinkedRunnerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, link):
        return shown_name(link.runner.profile.display_name, link.runner.email)


class RunnerGroupForm(forms.ModelForm):
    """A coach's group: its name, and which of the runners linked to them are in it."""

    name = forms.CharField(
        label="Name",
        max_length=GROUP_NAME_MAX,
        help_text="For example “Marathon squad” or “Injured list”. Only you see it.",
    )
    links = LinkedRunnerChoices(
        label="Runners in the group",
        queryset=CoachLink.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RunnerGroup
        fields = ["name", "links"]

    def __init__(self, *args, coach, **kwargs):
        super().__init__(*args, **kwargs)
        self.coach = coach
        self.fields["links"].queryset = (
            CoachLink.objects.active()
            .filter(coach=coach)
            .select_related("runner__profile")
            .order_by(Lower("runner__profile__display_name"), "runner__email")
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the group.")
        taken = RunnerGroup.objects.owned_by(self.coach).filter(name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"You already have a group called “{name}”.")
        return name

    def save(self, commit=True):
        self.instance.coach = self.coach
        return super().save(commit=commit)


class SquadReportForm(forms.Form):
    group = forms.IntegerField(label="Group", min_value=1, required=False)
