from datetime import timedelta

from axes.models import AccessAttempt
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts import invites, links, throttle
from apps.accounts import signup as signup_flow
from apps.accounts.forms import (
    DeleteAccountForm,
    FinishSignupForm,
    GroupInviteForm,
    ProfileForm,
    SignupForm,
)
from apps.accounts.models import CoachLink, normalize_email
from psoas_tracker.converters import is_token

AUTH_BACKEND = "apps.accounts.backends.EmailBackend"
# Each reset request may send an e-mail: a client may ask a few times an hour, and one address
# gets a few e-mails an hour at most, whoever asks.
RESETS_PER_CLIENT = throttle.Limit(10, timedelta(hours=1))
EMAILS_PER_ADDRESS = throttle.Limit(3, timedelta(hours=1))
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
        allowed = throttle.allow_for_key("password-reset", address, EMAILS_PER_ADDRESS) and allowed
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


def _safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


SIGNUPS_PER_CLIENT = throttle.Limit(10, timedelta(hours=1))
SIGNUP_EMAIL_SESSION_KEY = "signup_email"


def signup(request):
    """Step one: the address (and a name). The same answer whether or not it has an account."""
    if request.user.is_authenticated:
        return redirect("dashboard:home")
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        allowed = throttle.allow(request, "signup", per_client=SIGNUPS_PER_CLIENT)
        allowed = throttle.allow_for_key("signup", email, EMAILS_PER_ADDRESS) and allowed
        if allowed:
            signup_flow.start(
                request,
                email=email,
                display_name=form.cleaned_data["display_name"],
                timezone_name=form.cleaned_data["timezone"],
                role=form.cleaned_data["role"],
                next_url=_safe_next(request, ""),
            )
            request.session[SIGNUP_EMAIL_SESSION_KEY] = email
            return redirect("accounts:signup_sent")
        form.add_error(None, "Several sign-ups in the last hour: try again in an hour.")
        status = 429
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "next": _safe_next(request, "")},
        status=status,
    )


def signup_sent(request):
    return render(
        request,
        "accounts/signup_sent.html",
        {"email": request.session.get(SIGNUP_EMAIL_SESSION_KEY, "")},
    )


def signup_confirm(request, uidb64, token):
    """Step two, from the e-mailed link: choose a password; the account is then ready."""
    user = signup_flow.pending_user(uidb64, token)
    if user is None:
        return render(request, "accounts/signup_confirm.html", {"invalid": True}, status=404)
    form = FinishSignupForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        logout(request)  # whoever was signed in on this browser before
        login(request, user, backend=AUTH_BACKEND)
        messages.success(request, "Welcome to Psoas Tracker. Your account is ready.")
        return redirect(_safe_next(request, reverse("dashboard:home")))
    return render(
        request,
        "accounts/signup_confirm.html",
        {"form": form, "email": user.email, "next": _safe_next(request, "")},
    )


@login_required
def profile(request):
    profile = request.user.profile
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile = form.save(commit=False)
        profile.profile_saved_at = profile.profile_saved_at or timezone.now()
        profile.save()
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        AccessAttempt.objects.filter(username=user.email).delete()
        # Deleting the user cascades to the profile, links and every runner-owned row.
        user.delete()
        messages.success(request, "Your account and all its data have been deleted.")
        return redirect("accounts:login")
    return render(request, "accounts/delete_account.html", {"form": form})


@login_required
def my_coaches(request):
    links = (
        CoachLink.objects.filter(runner=request.user)
        .exclude(status=CoachLink.Status.REVOKED)
        .select_related("coach__profile")
        .order_by("status", "-created_at")
    )
    return render(
        request,
        "accounts/my_coaches.html",
        {
            "active_links": [link for link in links if link.status == CoachLink.Status.ACTIVE],
            "pending_invites": [
                link
                for link in links
                if link.status == CoachLink.Status.PENDING
                and link.direction == CoachLink.Direction.RUNNER_INVITES_COACH
            ],
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def create_invite(request, direction):
    if direction == CoachLink.Direction.RUNNER_INVITES_COACH:
        link = CoachLink.objects.create(runner=request.user, direction=direction)
        page = "accounts:my_coaches"
    else:
        link = CoachLink.objects.create(coach=request.user, direction=direction)
        page = "dashboard:roster"
    messages.success(
        request, "Invite link created. Copy it and send it; it works once, for 7 days."
    )
    return redirect(f"{reverse(page)}#invite-{link.pk}")


# Each submission may send up to GROUP_INVITE_MAX e-mails: ten a day is a squad of 500. One
# address gets two invites a week at most, whoever sends them (links.INVITES_PER_ADDRESS).
GROUP_INVITES_PER_ACCOUNT = throttle.Limit(10, timedelta(days=1))
GROUP_INVITES_PER_CLIENT = throttle.Limit(20, timedelta(days=1))


@login_required
def group_invite(request):
    """A coach invites several runners at once: an e-mail each, with a link of their own.
    Only somebody who said they coach (the profile's role) may send them."""
    if not request.user.profile.coaches:
        return render(request, "accounts/group_invite.html", {"not_a_coach": True}, status=403)
    form = GroupInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.allow(
            request,
            "group-invite",
            per_account=GROUP_INVITES_PER_ACCOUNT,
            per_client=GROUP_INVITES_PER_CLIENT,
        ):
            form.add_error(None, "Too many invites sent in the last hour: try again later.")
        else:
            report = links.invite_runners(
                request.user,
                form.cleaned_data["addresses"],
                lambda token: request.build_absolute_uri(
                    reverse("accounts:accept_invite", args=[token])
                ),
            )
            return render(
                request,
                "accounts/group_invite.html",
                {"form": GroupInviteForm(), "report": report, "duplicates": form.duplicates},
            )
    return render(request, "accounts/group_invite.html", {"form": form})


@login_required
def accept_invite(request, token):
    # A mangled link (a NUL byte, a stray character) is explained like an unknown one.
    link = (
        CoachLink.objects.select_related("runner__profile", "coach__profile")
        .filter(token=token)
        .first()
        if is_token(token)
        else None
    )
    if link is None:
        return render(request, "accounts/invite.html", {"problem": invites.NOT_FOUND}, status=404)
    problem = _acceptance_problem(link, request.user)
    if request.method == "POST" and problem is None:
        problem = _accept(link.pk, request.user)
        if problem is None:
            messages.success(request, "You are now linked.")
            if link.direction == CoachLink.Direction.RUNNER_INVITES_COACH:
                return redirect("dashboard:roster")
            return redirect("accounts:my_coaches")
    status = 409 if problem and request.method == "POST" else 200
    return render(
        request, "accounts/invite.html", {"link": link, "problem": problem}, status=status
    )


def _acceptance_problem(link, user):
    other_side = {"runner": link.runner_id, "coach": link.coach_id}
    if link.direction == CoachLink.Direction.RUNNER_INVITES_COACH:
        pair = {"runner_id": other_side["runner"], "coach_id": user.pk}
    else:
        pair = {"runner_id": user.pk, "coach_id": other_side["coach"]}
    already_linked = CoachLink.objects.active().filter(**pair).exists()
    state = invites.InviteState(
        status=link.status,
        inviter_id=link.inviter.pk,
        expires_at=link.expires_at,
        was_accepted=link.accepted_at is not None,
    )
    return invites.acceptance_problem(
        state, user_id=user.pk, now=timezone.now(), already_linked=already_linked
    )


def _accept(link_pk, user):
    """Accept under a row lock, so two tabs (or two people) cannot both use one invite."""
    try:
        with transaction.atomic():
            link = CoachLink.objects.select_for_update().get(pk=link_pk)
            problem = _acceptance_problem(link, user)
            if problem:
                return problem
            if link.direction == CoachLink.Direction.RUNNER_INVITES_COACH:
                link.coach = user
            else:
                link.runner = user
            link.status = CoachLink.Status.ACTIVE
            link.accepted_at = timezone.now()
            link.save(update_fields=["coach", "runner", "status", "accepted_at"])
    except IntegrityError:
        return invites.ALREADY_LINKED
    return None


@login_required
@require_http_methods(["GET", "POST"])
def end_link(request, pk):
    """Either side may end a link, or withdraw an invite, at any time. Ending an active link
    first asks, saying what happens (a GET, or a POST without `confirm`: the roster's and the
    coaches page's buttons lead here), and then tells the other side by e-mail."""
    link = get_object_or_404(
        CoachLink.objects.involving(request.user)
        .exclude(status=CoachLink.Status.REVOKED)
        .select_related("runner__profile", "coach__profile"),
        pk=pk,
    )
    is_runner = link.runner_id == request.user.pk
    active = link.status == CoachLink.Status.ACTIVE
    if active and (request.method == "GET" or "confirm" not in request.POST):
        return render(request, "accounts/end_link.html", {"link": link, "is_runner": is_runner})
    if request.method == "GET":  # a link from elsewhere never withdraws an invite
        return redirect("accounts:my_coaches" if is_runner else "dashboard:roster")
    # Only from the state the person saw: an invite accepted meanwhile is not ended unasked.
    ended = CoachLink.objects.filter(pk=link.pk, status=link.status)
    if not ended.update(status=CoachLink.Status.REVOKED, ended_at=timezone.now()):
        messages.info(request, "That link had already ended.")  # two tabs, or a double tap
    elif not active:
        messages.success(request, "Invite withdrawn: the link no longer works.")
    else:
        links.tell_link_ended(link, ended_by=request.user)
        if is_runner:
            messages.success(
                request, f"{link.coach.display_name} no longer sees your data, and has been told."
            )
        else:
            messages.success(
                request,
                f"You are no longer linked with {link.runner.display_name}, who has been told.",
            )
    return redirect("accounts:my_coaches" if is_runner else "dashboard:roster")
