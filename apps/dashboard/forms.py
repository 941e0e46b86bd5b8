from django import forms
from django.core.validators import RegexValidator

from apps.dashboard.roster import SORTS


class RosterOrderForm(forms.Form):
    sort = forms.ChoiceField(label="Sort by", choices=SORTS.items(), required=False)
    alerts = forms.BooleanField(label="Only runners with alerts", required=False)
    page = forms.IntegerField(min_value=1, max_value=1000, required=False)


class SeenAlertForm(forms.Form):
    # "kind:trigger", as alerts.py writes it: a test id, a date, or "never".
    key = forms.CharField(max_length=60, validators=[RegexValidator(r"^[a-z_]+:[0-9a-z-]+$")])
