"""A runner's link with a coach: the coaches page, an invite link, accepting it, ending a link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts import invites, links
from apps.accounts.models import CoachLink


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


def accept_invite(request, token):
    """The invite's page: who invites, and what accepting means. Somebody logged in accepts it
    here; anybody else is offered to sign up from it (the invite goes with the sign-up) or to
    log in and come back."""
    link = links.invite_of(token)
    if link is None:
        return render(request, "accounts/invite.html", {"problem": invites.NOT_FOUND}, status=404)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "accounts/invite.html",
            {"link": link, "problem": links.acceptance_problem(link), "visitor": True},
        )
    problem = links.acceptance_problem(link, request.user)
    if request.method == "POST" and problem is None:
        problem = links.accept(link.pk, request.user)
        if problem is None:
            messages.success(request, "You are now linked.")
            if link.direction == CoachLink.Direction.RUNNER_INVITES_COACH:
                return redirect("dashboard:roster")
            return redirect("accounts:my_coaches")
    status = 409 if problem and request.method == "POST" else 200
    return render(
        request, "accounts/invite.html", {"link": link, "problem": problem}, status=status
    )


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
