"""Signing up: the address first, then a password chosen from the e-mailed link."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from apps.accounts import invites, links, throttle
from apps.accounts import signup as signup_flow
from apps.accounts.forms import FinishSignupForm, SignupForm
from apps.accounts.models import CoachLink, Role
from psoas_tracker import units

AUTH_BACKEND = "apps.accounts.backends.EmailBackend"
SIGNUPS_PER_CLIENT = throttle.Limit(10, timedelta(hours=1))
SIGNUP_EMAIL_SESSION_KEY = "signup_email"


def _safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _invite(token):
    """(the invite a sign-up came from, why it cannot be accepted or None); (None, None)
    without one. A token naming no invite is explained, and goes no further."""
    if not token:
        return None, None
    link = links.invite_of(token)
    if link is None:
        return None, invites.NOT_FOUND
    return link, links.acceptance_problem(link)


def signup(request):
    """Step one: the address (and a name). The same answer whether or not it has an account.
    From a coach invite (?invite=token), the page says who invites, and the invite goes into
    the e-mailed link."""
    token = request.POST.get("invite") or request.GET.get("invite") or ""
    if request.user.is_authenticated:
        if links.invite_of(token):
            return redirect("accounts:accept_invite", token=token)
        return redirect("dashboard:home")
    invite, invite_problem = _invite(token)
    initial = {"units": units.from_accept_language(request.headers.get("Accept-Language"))}
    if invite:
        initial |= {"invite": invite.token, "email": invite.sent_to}
        if invite.direction == CoachLink.Direction.RUNNER_INVITES_COACH:
            initial["role"] = Role.COACH
    form = SignupForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        allowed = throttle.allow(request, "signup", per_client=SIGNUPS_PER_CLIENT)
        allowed = throttle.allow_for_key("signup", email, throttle.EMAILS_PER_ADDRESS) and allowed
        if allowed:
            signup_flow.start(
                request,
                email=email,
                display_name=form.cleaned_data["display_name"],
                timezone_name=form.cleaned_data["timezone"],
                role=form.cleaned_data["role"],
                units=form.cleaned_data["units"],
                next_url=_safe_next(request, ""),
                invite=invite,
            )
            request.session[SIGNUP_EMAIL_SESSION_KEY] = email
            return redirect("accounts:signup_sent")
        form.add_error(None, "Several sign-ups in the last hour: try again in an hour.")
        status = 429
    return render(
        request,
        "accounts/signup.html",
        {
            "form": form,
            "next": _safe_next(request, ""),
            "invite": invite,
            "invite_problem": invite_problem,
        },
        status=status,
    )


def signup_sent(request):
    return render(
        request,
        "accounts/signup_sent.html",
        {"email": request.session.get(SIGNUP_EMAIL_SESSION_KEY, "")},
    )


def signup_confirm(request, uidb64, token):
    """Step two, from the e-mailed link: choose a password; the account is then ready. A link
    from a coach invite (?invite=token) offers to accept it in the same step, ticked."""
    user = signup_flow.pending_user(uidb64, token)
    if user is None:
        return render(request, "accounts/signup_confirm.html", {"invalid": True}, status=404)
    invite, invite_problem = _invite(request.GET.get("invite", ""))
    if invite and not invite_problem:
        invite_problem = links.acceptance_problem(invite, user)
    offered = invite if invite and not invite_problem else None
    form = FinishSignupForm(user, request.POST or None, invite=offered)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        logout(request)  # whoever was signed in on this browser before
        login(request, user, backend=AUTH_BACKEND)
        messages.success(request, "Welcome to Psoas Tracker. Your account is ready.")
        if offered and form.cleaned_data["accept_invite"]:
            invite_problem = links.accept(offered.pk, user)
            if invite_problem is None:
                messages.success(
                    request, f"You are now linked with {offered.inviter.display_name}."
                )
        if invite_problem:
            messages.warning(request, f"The invite could not be accepted: {invite_problem}")
        return redirect(_safe_next(request, reverse("dashboard:home")))
    return render(
        request,
        "accounts/signup_confirm.html",
        {
            "form": form,
            "email": user.email,
            "next": _safe_next(request, ""),
            "invite": invite,
            "invite_problem": invite_problem,
        },
    )
