"""Signing up proves the e-mail address first, and answers the same whether or not an account
exists for it: the e-mail to that address says what happened. The password is chosen only from
the link in that e-mail, so nobody can set up an account on an address they cannot read.
"""

from datetime import timedelta

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_decode, urlsafe_base64_encode

from apps.accounts.models import Profile, Role, User
from psoas_tracker.units import Units

UNCONFIRMED_KEPT_FOR = timedelta(days=7)


class SignupTokenGenerator(PasswordResetTokenGenerator):
    """A link that works until the account is confirmed or signed up again (is_active and the
    password, unusable and new at each sign-up, are in the hash), within PASSWORD_RESET_TIMEOUT."""

    key_salt = "apps.accounts.signup.SignupTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{timestamp}{user.email}"


tokens = SignupTokenGenerator()


def start(
    request,
    *,
    email,
    display_name,
    timezone_name,
    role=Role.RUNNER,
    units=Units.KILOMETRES,
    next_url="",
    invite=None,
) -> None:
    """Sends the e-mail that continues a sign-up: a link to choose a password for a new (or not
    yet confirmed) account, or word that the account already exists. The latest sign-up of an
    unconfirmed address wins: its answers replace the earlier ones, and only its link works.
    `invite` (a coach invite the sign-up came from) rides in the link, so it survives whichever
    browser opens the e-mail; an account that exists is sent the invite's page to log in to."""
    answers = {
        "display_name": display_name,
        "timezone": timezone_name,
        "role": role,
        "units": units,
    }
    with transaction.atomic():
        user = _account_for(email, answers)
        token = None if user.is_active else tokens.make_token(user)
    invite_context = {"inviter": invite.inviter.display_name} if invite else {}
    if token is None:
        if invite:
            invite_context["invite_url"] = request.build_absolute_uri(
                reverse("accounts:accept_invite", args=[invite.token])
            )
        _mail(user, "accounts/signup_exists_email.txt", {
            "login_url": request.build_absolute_uri(reverse("accounts:login")),
            "reset_url": request.build_absolute_uri(reverse("accounts:password_reset")),
            **invite_context,
        })  # fmt: skip
        return
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    link = reverse("accounts:signup_confirm", kwargs={"uidb64": uidb64, "token": token})
    query = {"next": next_url} if next_url else {}
    if invite:
        query["invite"] = invite.token
    if query:
        link += "?" + urlencode(query)
    _mail(
        user,
        "accounts/signup_email.txt",
        {"link": request.build_absolute_uri(link), **invite_context},
    )


def _account_for(email, answers):
    """The account of `email`, locked until the transaction ends: a new unconfirmed one with
    `answers`, an unconfirmed one given `answers` anew, or a confirmed one as it is."""
    user = User.objects.select_for_update().filter(email=email).first()
    if user is None:
        try:
            with transaction.atomic():
                return User.objects.create_user(
                    email=email, password=None, is_active=False, **answers
                )
        except IntegrityError:  # the same address signed up at the same moment
            user = User.objects.select_for_update().get(email=email)
    if unconfirmed_before(timezone.now()).filter(pk=user.pk).exists():
        # A new unusable password is a new nonce in the token's hash: earlier links stop working.
        user.set_unusable_password()
        user.date_joined = timezone.now()  # kept UNCONFIRMED_KEPT_FOR after the latest sign-up
        user.save(update_fields=["password", "date_joined"])
        Profile.objects.filter(user=user).update(**answers)
    return user


def _mail(user, template, context):
    send_mail(
        subject="Your Psoas Tracker account",
        message=render_to_string(template, {"email": user.email, **context}),
        from_email=None,
        recipient_list=[user.email],
    )


def pending_user(uidb64: str, token: str):
    """The unconfirmed account a sign-up link names, or None if the link is invalid or used."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.select_related("profile").filter(pk=pk, is_active=False).first()
    if user is None or user.has_usable_password() or not tokens.check_token(user, token):
        return None
    return user


def unconfirmed_before(moment):
    """Sign-ups never confirmed (never active, never logged in, no password) before `moment`."""
    return User.objects.filter(
        is_active=False, last_login__isnull=True, date_joined__lt=moment, password__startswith="!"
    )


def forget_unconfirmed() -> int:
    """Deletes sign-ups left unconfirmed for UNCONFIRMED_KEPT_FOR; returns how many."""
    users = unconfirmed_before(timezone.now() - UNCONFIRMED_KEPT_FOR)
    count = users.count()
    users.delete()
    return count
