import zoneinfo

from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm

from apps.accounts.models import (
    CADENCE_MAX,
    CADENCE_MIN,
    DISPLAY_NAME_MAX_LENGTH,
    Profile,
    User,
    normalize_email,
)


def timezone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class SignupForm(BaseUserCreationForm):
    display_name = forms.CharField(
        label="Your name",
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        help_text="Shown to coaches you link with. Optional.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # Filled in by static/js/app.js from the browser; the profile page can change it later.
    timezone = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs={"data-browser-timezone": ""})
    )

    field_order = ("email", "display_name", "password1", "password2", "timezone")

    class Meta:
        model = User
        fields = ("email",)
        labels = {"email": "E-mail"}
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})}

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail already exists. Log in, or reset your password."
            )
        return email

    def clean_timezone(self):
        name = self.cleaned_data.get("timezone") or ""
        return name if name in zoneinfo.available_timezones() else "UTC"

    def save(self, commit=True):
        return User.objects.create_user(
            email=self.cleaned_data["email"],
            password=self.cleaned_data["password1"],
            display_name=self.cleaned_data["display_name"],
            timezone=self.cleaned_data["timezone"],
        )


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That e-mail and password do not match an account. The password is case-sensitive."
        ),
    }


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=timezone_choices,
        help_text="Your 'today' and 'this week' follow this time zone.",
    )

    cadence = forms.IntegerField(
        label="Running cadence (steps a minute)",
        min_value=CADENCE_MIN,
        max_value=CADENCE_MAX,
        help_text="For the psoas cycles on your dashboard; 180 is typical.",
        error_messages=dict.fromkeys(
            ("min_value", "max_value", "invalid", "required"),
            f"Enter a cadence from {CADENCE_MIN} to {CADENCE_MAX} steps a minute.",
        ),
    )

    class Meta:
        model = Profile
        fields = (
            "display_name",
            "timezone",
            "test_weekday",
            "dominant_leg",
            "cadence",
            "reminders_opt_in",
        )
        labels = {"display_name": "Your name"}
        help_texts = {
            "test_weekday": "The day you usually do your weekly hip-flexor test.",
            "dominant_leg": "The leg you would kick a ball with.",
        }


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="I understand that all my tests, plans and logs will be deleted for good."
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password
