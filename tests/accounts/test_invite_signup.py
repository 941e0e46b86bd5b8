"""A coach's invite opened by somebody without an account: the page says who invites, offers
to sign up, and the invite rides in the e-mailed confirm link (any browser may open it), to be
accepted in the step that makes the account."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.accounts import invites
from apps.accounts.models import CoachLink, User
from tests.factories import PASSWORD, CoachLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = {"display_name": "Leo", "timezone": "Europe/Helsinki", "role": "runner"}


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@example.com", display_name="Bob", role="coach")


@pytest.fixture
def invite(bob):
    """Bob's invite link, copied and sent to somebody without an account."""
    return CoachLinkFactory(
        coach=bob, runner=None, direction=CoachLink.Direction.COACH_INVITES_RUNNER, status="pending"
    )


def invite_page(link):
    return reverse("accounts:accept_invite", args=[link.token])


def sign_up_from(client, link, email="leo@example.com"):
    """A visitor opens the invite, follows its sign-up offer and sends the first step."""
    page = client.get(invite_page(link)).text
    signup_url = re.search(r'href="(/signup/\?invite=[^"]+)"', page).group(1)
    form = client.get(signup_url).text
    token = re.search(r'name="invite" value="([^"]*)"', form).group(1)
    return client.post(signup_url, {**NEW, "email": email, "invite": token})


def confirm_link():
    return re.search(r"https?://[^/]+(/signup/\S+)", mail.outbox[-1].body).group(1)


def finish(client, link, **extra):
    return client.post(
        link, {"new_password1": PASSWORD, "new_password2": PASSWORD, "display_name": "Leo", **extra}
    )


def test_a_visitor_reads_who_invites_and_is_offered_sign_up(client, invite):
    page = client.get(invite_page(invite)).text

    assert "Bob invites you" in page
    assert "<strong>Bob</strong> (bob@example.com) invites you to link with them" in page
    assert f'href="/signup/?invite={invite.token}"' in page
    assert "Create an account and accept" in page
    assert "Accept invite" not in page  # accepting needs an account


def test_the_invite_survives_sign_up_confirmed_in_another_browser(
    client, client_class, invite, bob
):
    sent = sign_up_from(client, invite)

    assert sent["Location"] == reverse("accounts:signup_sent")
    link = confirm_link()
    assert f"invite={invite.token}" in link
    assert "Bob invited you" in mail.outbox[-1].body
    other_browser = client_class()  # the e-mail opened on the phone: no session of the sign-up
    page = other_browser.get(link).text
    assert "<strong>Bob</strong> (bob@example.com) invites you" in page
    assert re.search(r'<input type="checkbox" name="accept_invite"[^>]*checked', page)

    finished = finish(other_browser, link, accept_invite="on")

    leo = User.objects.get(email="leo@example.com")
    assert finished["Location"] == reverse("dashboard:home")
    assert CoachLink.objects.active().filter(runner=leo, coach=bob).exists()
    home = other_browser.get(finished["Location"]).text
    assert "You are now linked with Bob." in home
    assert re.search(r"Sharing your data with:\s*(<[^>]+>\s*)*Bob", home)
    assert "No coach sees your data yet" not in other_browser.get("/coaches/").text
    assert bob.runner_links.active().get().runner == leo  # on Bob's roster


def test_unticked_the_account_is_made_without_the_link(client, invite):
    sign_up_from(client, invite)

    finish(client, confirm_link())  # the box unticked: not sent

    assert User.objects.get(email="leo@example.com").is_active
    assert CoachLink.objects.get(pk=invite.pk).status == "pending"


def test_a_group_invite_by_email_through_sign_up(client_class, bob, mailoutbox):
    coach = client_class()
    coach.force_login(bob)
    coach.post("/coach/invite/group/", {"addresses": "sam@example.com"})
    invite_url = re.search(r"http://testserver(/invites/[\w-]+/)", mailoutbox[-1].body).group(1)
    visitor = client_class()

    page = visitor.get(invite_url).text
    signup_url = re.search(r'href="(/signup/\?invite=[^"]+)"', page).group(1)
    form = visitor.get(signup_url).text
    assert 'value="sam@example.com"' in form  # the address the invite was sent to
    assert "<strong>Bob</strong> (bob@example.com) invites you" in form
    token = re.search(r'name="invite" value="([^"]*)"', form).group(1)
    visitor.post(signup_url, {**NEW, "email": "sam@example.com", "invite": token})
    finish(visitor, confirm_link(), accept_invite="on")

    sam = User.objects.get(email="sam@example.com")
    assert CoachLink.objects.active().filter(runner=sam, coach=bob).exists()


def test_an_invite_that_expired_during_sign_up_says_so_and_links_nothing(client, invite):
    sign_up_from(client, invite)
    CoachLink.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    link = confirm_link()

    page = client.get(link).text
    finished = finish(client, link, accept_invite="on")

    assert f"cannot be accepted: {invites.EXPIRED}" in page
    assert 'name="accept_invite"' not in page
    assert User.objects.get(email="leo@example.com").is_active  # the account is made anyway
    assert not CoachLink.objects.active().exists()
    assert invites.EXPIRED in client.get(finished["Location"]).text


def test_an_invite_used_by_somebody_else_meanwhile_is_not_used_twice(
    client, client_class, invite, bob
):
    sign_up_from(client, invite, email="leo@example.com")
    leos_link = confirm_link()
    page = client.get(leos_link).text  # offered while still unused
    assert 'name="accept_invite"' in page
    ann = client_class()
    sign_up_from(ann, invite, email="ann@example.com")
    finish(ann, confirm_link(), accept_invite="on")

    finished = finish(client, leos_link, accept_invite="on")

    leo = User.objects.get(email="leo@example.com")
    assert list(CoachLink.objects.active().values_list("runner__email", flat=True)) == [
        "ann@example.com"
    ]
    assert not CoachLink.objects.filter(runner=leo).exists()
    assert invites.USED in client.get(finished["Location"]).text


def test_a_used_invite_tells_the_visitor_and_offers_no_sign_up(client, invite, runner):
    CoachLink.objects.filter(pk=invite.pk).update(
        runner=runner, status="active", accepted_at=timezone.now()
    )

    page = client.get(invite_page(invite)).text
    signup = client.get(f"/signup/?invite={invite.token}").text

    assert invites.USED in page
    assert "Create an account" not in page
    assert f"cannot be accepted: {invites.USED}" in signup


def test_a_made_up_invite_goes_nowhere(client, invite):
    signup = client.get("/signup/?invite=not-a-real-invite-token").text
    client.post(
        "/signup/?invite=not-a-real-invite-token",
        {**NEW, "email": "leo@example.com", "invite": "not-a-real-invite-token"},
    )
    link = confirm_link()

    assert invites.NOT_FOUND in signup
    assert "invite=" not in link  # nothing carried
    # A confirm link edited to name another token links nothing either.
    forged = f"{link}?invite=made-up-token"
    assert invites.NOT_FOUND in client.get(forged).text
    finish(client, forged, accept_invite="on")
    assert not CoachLink.objects.active().exists()
    assert CoachLink.objects.get(pk=invite.pk).status == "pending"


def test_the_token_opens_nothing_more_than_the_invite(client, invite, bob, runner):
    """Whoever holds the link may accept it, once, as the runner: not read Bob's runners,
    not accept a withdrawn invite, not sign up as Bob."""
    CoachLinkFactory(runner=runner, coach=bob)  # Bob's runner Alice
    sign_up_from(client, invite, email="bob@example.com")  # Bob's own address

    assert "already has an account" in mail.outbox[-1].body
    assert "/signup/" not in mail.outbox[-1].body  # no link to set Bob's password
    assert invite_page(invite) in mail.outbox[-1].body  # log in and open the invite instead

    sign_up_from(client, invite)
    link = confirm_link()
    CoachLink.objects.filter(pk=invite.pk).update(status="revoked", ended_at=timezone.now())
    finish(client, link, accept_invite="on")

    leo = User.objects.get(email="leo@example.com")
    assert not CoachLink.objects.filter(runner=leo).exists()
    assert client.get(reverse("dashboard:runner", args=[runner.pk])).status_code == 404


def test_a_runners_invite_makes_the_new_account_their_coach(client, runner):
    link = CoachLinkFactory(runner=runner, coach=None, status="pending")

    form = client.get(f"/signup/?invite={link.token}").text
    sign_up_from(client, link, email="dana@example.com")
    finish(client, confirm_link(), accept_invite="on")

    assert "to be their coach or physio" in form
    assert re.search(r'value="coach"[^>]*checked', form)
    dana = User.objects.get(email="dana@example.com")
    assert CoachLink.objects.active().filter(runner=runner, coach=dana).exists()


def test_signed_in_the_sign_up_offer_leads_back_to_the_invite(runner_client, invite):
    response = runner_client.get(f"/signup/?invite={invite.token}")

    assert response["Location"] == invite_page(invite)
