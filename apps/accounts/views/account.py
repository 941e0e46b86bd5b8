"""The signed-in person's own account: the profile, and deleting the account with its data."""

from axes.models import AccessAttempt
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.accounts.forms import DeleteAccountForm, ProfileForm
from psoas_tracker.outbox import clears_device


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
@clears_device
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
