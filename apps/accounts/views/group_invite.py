"""A coach invites a group of runners by e-mail, each with a link of their own."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from apps.accounts import links, throttle
from apps.accounts.forms import GroupInviteForm

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
