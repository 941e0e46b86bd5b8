"""A forgotten password: Django's reset views, the request for a link rate-limited."""

from datetime import timedelta

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import render
from django.urls import reverse_lazy

from apps.accounts import throttle
from apps.accounts.models import normalize_email

# Each reset request may send an e-mail: a client may ask a few times an hour.
RESETS_PER_CLIENT = throttle.Limit(10, timedelta(hours=1))
_password_reset = auth_views.PasswordResetView.as_view(
    success_url=reverse_lazy("accounts:password_reset_done"),
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
)


def password_reset(request):
    """Django's password reset, rate-limited per client and per address."""
    if request.method == "POST":
        address = normalize_email(request.POST.get("email", ""))
        allowed = throttle.allow(request, "password-reset", per_client=RESETS_PER_CLIENT)
        allowed = (
            throttle.allow_for_key("password-reset", address, throttle.EMAILS_PER_ADDRESS)
            and allowed
        )
        if not allowed:
            form = PasswordResetForm(request.POST)
            form.is_valid()
            form.add_error(
                None,
                "Several reset links were asked for in the last hour: check your inbox (and "
                "spam folder) for the latest, or try again in an hour.",
            )
            return render(
                request, "registration/password_reset_form.html", {"form": form}, status=429
            )
    return _password_reset(request)
