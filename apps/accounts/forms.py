import re
import zoneinfo

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from apps.accounts.models import (
    CADENCE_MAX,
    CADENCE_MIN,
    DISPLAY_NAME_MAX_LENGTH,
    Profile,
    Role,
    no_control_characters,
    normalize_email,
    validate_plain_local_part,
)
from psoas_tracker.units import MILE_REGIONS, Units


def timezone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class SignupForm(forms.Form):
    """The first step of signing up: who you are. The password comes from the e-mailed link."""

    email = forms.EmailField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text="We send a link there to choose your password.",
    )
    display_name = forms.CharField(
        validators=[no_control_characters],
        label="Your name",
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        help_text="Shown to coaches you link with. Optional.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    role = forms.ChoiceField(
        label="I am",
        choices=Role.choices,
        initial=Role.RUNNER,
        widget=forms.RadioSelect,
        help_text="Coaches and physios see only the runners who invite them.",
    )
    # Preselected by the view from the browser's Accept-Language (psoas_tracker/units.py), without
    # JavaScript; static/js/app.js refines it from navigator.languages where it can. A radio group
    # always sends one; a post without it (no browser) takes that preselection.
    units = forms.ChoiceField(
        label="Distances in",
        choices=Units.choices,
        initial=Units.KILOMETRES,
        required=False,
        widget=forms.RadioSelect,
        help_text="Chosen from this browser's language and country. You can change it later.",
    )
    # Preselected by static/js/app.js from the browser's time zone (the Intl API); UTC without
    # JavaScript. The profile page can change it later.
    timezone = forms.ChoiceField(
        label="Your time zone",
        choices=timezone_choices,
        initial="UTC",
        help_text="Taken from this device: it decides when your day and week begin.",
    )
    # The coach invite the person came from (its token), carried into the e-mailed link.
    invite = forms.CharField(required=False, max_length=128, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:  # after a refused form, keep what the person chose
            self.fields["timezone"].widget.attrs["data-browser-timezone"] = ""
            # The regions of miles, for the script: one list, the server's.
            self.fields["units"].widget.attrs["data-mile-regions"] = " ".join(sorted(MILE_REGIONS))

    def clean_email(self):
        email = self.cleaned_data["email"]
        validate_plain_local_part(email)  # as typed: lower-casing can make a letter ASCII
        return normalize_email(email)

    def clean_units(self):
        return self.cleaned_data["units"] or self.get_initial_for_field(
            self.fields["units"], "units"
        )


class FinishSignupForm(SetPasswordForm):
    """The second step, from the e-mailed link: the password, and the name again to check."""

    display_name = forms.CharField(
        validators=[no_control_characters],
        label="Your name",
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        help_text="Shown to coaches you link with. Optional.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ("display_name", "new_password1", "new_password2", "accept_invite")

    def __init__(self, user, *args, invite=None, **kwargs):
        """`invite`: the coach invite the sign-up came from, offered (ticked) to accept."""
        super().__init__(user, *args, **kwargs)
        self.fields["display_name"].initial = user.profile.display_name
        self.fields["new_password1"].label = "Choose a password"
        self.fields["new_password2"].label = "The password again"
        if invite is not None:
            self.fields["accept_invite"] = forms.BooleanField(
                label=f"Link with {invite.inviter.display_name} now",
                required=False,
                initial=True,
                help_text=f"{invite.inviter.display_name} invited you"
                + (
                    ": linked, they see your tests, stretch plan and logs, and can assign you "
                    "plans."
                    if invite.direction == invite.Direction.COACH_INVITES_RUNNER
                    else " to be their coach: linked, you see their tests, stretch plan and "
                    "logs, and can assign them plans."
                )
                + " Either of you can end the link at any time.",
            )

    def save(self, commit=True):
        user = super().save(commit=False)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        Profile.objects.filter(user=user).update(display_name=self.cleaned_data["display_name"])
        return user


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That e-mail and password do not match an account. The password is case-sensitive. "
            "Just signed up? Choose your password from the link we e-mailed you first."
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
        required=False,
        min_value=CADENCE_MIN,
        max_value=CADENCE_MAX,
        help_text=Profile._meta.get_field("cadence").help_text,
        error_messages=dict.fromkeys(
            ("min_value", "max_value", "invalid"),
            f"Enter a cadence from {CADENCE_MIN} to {CADENCE_MAX} steps a minute.",
        ),
    )

    class Meta:
        model = Profile
        fields = (
            "display_name",
            "role",
            "units",
            "timezone",
            "test_weekday",
            "dominant_leg",
            "cadence",
            "reminders_opt_in",
            "email_comments",
            "email_plans",
            "email_links",
            "email_red_flags",
        )
        labels = {"display_name": "Your name"}
        widgets = {"role": forms.RadioSelect, "units": forms.RadioSelect}
        help_texts = {
            "test_weekday": "The day you usually do your weekly hip-flexor test.",
            "dominant_leg": "The leg you would kick a ball with.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].required = False  # a post without it (no browser) keeps the choice
        self.fields["email_plans"].label = PLAN_EMAIL_LABELS[
            (self.instance.coaches, self.instance.trains)
        ]

    def clean_units(self):
        return self.cleaned_data["units"] or self.instance.units


# What the plan e-mails are about, said to whom they go: (coaches, trains) -> label. A coach is
# e-mailed when the tests change (or would change) a linked runner's plan; a runner when a
# coach assigns or changes theirs.
_MINE = "e-mail me when a coach assigns or changes my plan"
_THEIRS = "when the tests change a runner's plan, or suggest changing it"
PLAN_EMAIL_LABELS = {
    (False, True): _MINE,
    (False, False): _MINE,
    (True, False): f"e-mail me {_THEIRS}",
    (True, True): f"{_MINE}, and {_THEIRS}",
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


GROUP_INVITE_MAX = 50


class GroupInviteForm(forms.Form):
    """A coach's list of runners' addresses: each gets an invite of their own by e-mail."""

    addresses = forms.CharField(
        label="Runners' e-mail addresses",
        max_length=GROUP_INVITE_MAX * 80,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false"}),
        help_text=(
            f"One per line, or separated by commas or spaces; up to {GROUP_INVITE_MAX}. Each "
            "gets an e-mail with a link of their own that works once, for 7 days."
        ),
    )

    def clean_addresses(self):
        """The distinct addresses, in the order given; `duplicates` keeps those listed twice.
        One address that is not an e-mail address refuses the whole list (nothing is sent)."""
        words = [word for word in re.split(r"[\s,;]+", self.cleaned_data["addresses"]) if word]
        validate = forms.EmailField().clean
        bad, seen, self.duplicates = [], {}, []
        for word in words:
            word = word.strip("<>\"'")
            try:
                address = normalize_email(validate(word))
            except forms.ValidationError:
                bad.append(word)
                continue
            if address in seen:
                self.duplicates.append(address)
            seen[address] = True
        if bad:
            raise forms.ValidationError(
                "Not e-mail addresses: %(bad)s. Correct or remove them; nothing was sent.",
                params={"bad": ", ".join(bad[:10]) + (" …" if len(bad) > 10 else "")},
            )
        if not seen:
            raise forms.ValidationError("Enter at least one e-mail address.")
        if len(seen) > GROUP_INVITE_MAX:
            raise forms.ValidationError(
                f"That is {len(seen)} addresses: up to {GROUP_INVITE_MAX} at a time."
            )
        return list(seen)
