from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from apps.accounts.forms import EmailAuthenticationForm
from apps.accounts.models import CoachLink
from apps.accounts.views import account, coach_links, group_invite, passwords, signup
from psoas_tracker.outbox import clears_device

app_name = "accounts"

urlpatterns = [
    path("signup/", signup.signup, name="signup"),
    path("signup/sent/", signup.signup_sent, name="signup_sent"),
    path("signup/<uidb64>/<token>/", signup.signup_confirm, name="signup_confirm"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", clears_device(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password-reset/",
        passwords.password_reset,
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", account.profile, name="profile"),
    path("account/delete/", account.delete_account, name="delete_account"),
    path("coaches/", coach_links.my_coaches, name="my_coaches"),
    path(
        "coaches/invite/",
        coach_links.create_invite,
        {"direction": CoachLink.Direction.RUNNER_INVITES_COACH},
        name="invite_coach",
    ),
    path(
        "coach/invite/",
        coach_links.create_invite,
        {"direction": CoachLink.Direction.COACH_INVITES_RUNNER},
        name="invite_runner",
    ),
    path("coach/invite/group/", group_invite.group_invite, name="group_invite"),
    path("invites/<str:token>/", coach_links.accept_invite, name="accept_invite"),
    path("links/<int:pk>/end/", coach_links.end_link, name="end_link"),
]
