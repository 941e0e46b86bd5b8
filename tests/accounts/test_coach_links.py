from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from apps.accounts import invites
from apps.accounts.models import CoachLink
from tests.factories import CoachLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

CONFIRM = {"confirm": "yes"}


def invite_url(link):
    return reverse("accounts:accept_invite", args=[link.token])


@pytest.fixture
def new_coach(db):
    return UserFactory(email="dana@example.com", display_name="Dana")


@pytest.fixture
def new_coach_client(new_coach, client_class):
    client = client_class()
    client.force_login(new_coach)
    return client


def test_runner_creates_an_invite_that_a_coach_accepts(runner_client, runner, new_coach_client):
    response = runner_client.post(reverse("accounts:invite_coach"))
    link = CoachLink.objects.get(runner=runner, status="pending")
    assert response["Location"].endswith(f"#invite-{link.pk}")
    page = runner_client.get(reverse("accounts:my_coaches")).content.decode()
    assert invite_url(link) in page

    preview = new_coach_client.get(invite_url(link)).content.decode()
    assert "Alice" in preview
    assert "invites you to be their coach" in preview
    response = new_coach_client.post(invite_url(link))

    assert response["Location"] == reverse("dashboard:roster")
    link.refresh_from_db()
    assert link.status == "active"
    assert link.coach.email == "dana@example.com"
    roster = new_coach_client.get(reverse("dashboard:roster")).content.decode()
    assert "Alice" in roster
    assert new_coach_client.get(reverse("dashboard:runner", args=[runner.pk])).status_code == 200


def test_coach_invites_a_runner_who_accepts(new_coach_client, new_coach, runner_client, runner):
    new_coach_client.post(reverse("accounts:invite_runner"))
    link = CoachLink.objects.get(coach=new_coach, status="pending")

    assert "invites you to link with them" in runner_client.get(invite_url(link)).content.decode()
    response = runner_client.post(invite_url(link))

    assert response["Location"] == reverse("accounts:my_coaches")
    link.refresh_from_db()
    assert (link.status, link.runner_id) == ("active", runner.pk)
    assert "Dana" in runner_client.get(reverse("accounts:my_coaches")).content.decode()


def test_accepting_twice_changes_nothing(runner, new_coach_client, client_class):
    link = CoachLinkFactory(runner=runner, coach=None, status="pending")
    new_coach_client.post(invite_url(link))
    accepted_at = CoachLink.objects.get(pk=link.pk).accepted_at

    third = UserFactory(email="eve@example.com")
    other = client_class()
    other.force_login(third)
    for client in (new_coach_client, other):
        response = client.post(invite_url(link))
        assert response.status_code == 409
        assert invites.USED in response.content.decode()

    link.refresh_from_db()
    assert link.accepted_at == accepted_at
    assert link.coach.email == "dana@example.com"
    assert CoachLink.objects.count() == 1


def test_expired_invite_is_refused(runner, new_coach_client):
    link = CoachLinkFactory(
        runner=runner,
        coach=None,
        status="pending",
        expires_at=timezone.now() - timedelta(minutes=1),
    )

    response = new_coach_client.post(invite_url(link))

    assert response.status_code == 409
    assert "This invite has expired" in response.content.decode()
    link.refresh_from_db()
    assert (link.status, link.coach_id) == ("pending", None)


def test_invites_expire_after_seven_days(runner_client, runner):
    runner_client.post(reverse("accounts:invite_coach"))
    link = CoachLink.objects.get(runner=runner)

    assert timedelta(days=6, hours=23) < link.expires_at - timezone.now() <= timedelta(days=7)


@pytest.mark.parametrize("token", ["nonsense", "a" * 43, "not-a-token%21", "%00", "a%00b"])
def test_malformed_invite_gets_a_clear_404(runner_client, token):
    response = runner_client.get(f"/invites/{token}/")

    assert response.status_code == 404
    assert "This invite link is not valid" in response.content.decode()


def test_inviting_yourself_is_refused(runner_client, runner):
    runner_client.post(reverse("accounts:invite_coach"))
    link = CoachLink.objects.get(runner=runner)

    response = runner_client.post(invite_url(link))

    assert response.status_code == 409
    assert invites.OWN_INVITE in response.content.decode()
    link.refresh_from_db()
    assert (link.status, link.coach_id) == ("pending", None)


def test_a_second_link_with_the_same_coach_is_refused(runner, coach, client_class):
    link = CoachLinkFactory(runner=runner, coach=None, status="pending")
    coach_client = client_class()
    coach_client.force_login(coach)

    response = coach_client.post(invite_url(link))

    assert response.status_code == 409
    assert invites.ALREADY_LINKED in response.content.decode()
    assert CoachLink.objects.filter(runner=runner, status="active").count() == 1
    link.refresh_from_db()
    assert link.status == "pending"


def test_accepting_needs_login_and_comes_back_after_it(client, runner):
    link = CoachLinkFactory(runner=runner, coach=None, status="pending")

    page = client.get(invite_url(link)).text
    response = client.post(invite_url(link))

    login = f"{reverse('accounts:login')}?next={invite_url(link)}"
    assert f'href="{login}"' in page  # the invite's page offers to log in and come back
    assert response["Location"] == login
    link.refresh_from_db()
    assert link.status == "pending"


def test_runner_revokes_a_coach_who_then_gets_404(runner_client, runner, coach, coach_client):
    overview = reverse("dashboard:runner", args=[runner.pk])
    assert coach_client.get(overview).status_code == 200
    link = CoachLink.objects.get(runner=runner, coach=coach)

    response = runner_client.post(reverse("accounts:end_link", args=[link.pk]), CONFIRM)

    assert response["Location"] == reverse("accounts:my_coaches")
    link.refresh_from_db()
    assert link.status == "revoked"
    assert link.ended_at is not None
    assert coach_client.get(overview).status_code == 404
    assert "Alice" not in coach_client.get(reverse("dashboard:roster")).content.decode()


def test_withdrawn_invite_no_longer_works(runner_client, runner, new_coach_client):
    runner_client.post(reverse("accounts:invite_coach"))
    link = CoachLink.objects.get(runner=runner)
    runner_client.post(reverse("accounts:end_link", args=[link.pk]))

    response = new_coach_client.post(invite_url(link))

    assert invites.ENDED in response.content.decode()
    link.refresh_from_db()
    assert (link.status, link.coach_id) == ("revoked", None)


def test_unlinked_coach_gets_404_on_the_runner(runner, coach, stranger_client):
    overview = reverse("dashboard:runner", args=[runner.pk])

    assert stranger_client.get(overview).status_code == 404


def test_pending_link_grants_no_access(runner, new_coach, new_coach_client):
    CoachLinkFactory(runner=runner, coach=new_coach, status="pending")

    response = new_coach_client.get(reverse("dashboard:runner", args=[runner.pk]))

    assert response.status_code == 404


def test_a_stranger_cannot_end_someone_elses_link(runner, coach, stranger_client):
    link = CoachLink.objects.get(runner=runner, coach=coach)

    response = stranger_client.post(reverse("accounts:end_link", args=[link.pk]))

    assert response.status_code == 404
    link.refresh_from_db()
    assert link.status == "active"


def test_coach_can_end_the_link_too(coach_client, runner, coach):
    link = CoachLink.objects.get(runner=runner, coach=coach)

    response = coach_client.post(reverse("accounts:end_link", args=[link.pk]), CONFIRM)

    assert response["Location"] == reverse("dashboard:roster")
    link.refresh_from_db()
    assert link.status == "revoked"


def test_coach_nav_link_shows_only_with_runners(coach_client, runner_client):
    assert 'href="/coach/"' in coach_client.get(reverse("dashboard:home")).content.decode()
    assert 'href="/coach/"' not in runner_client.get(reverse("dashboard:home")).content.decode()


def test_database_allows_one_active_link_per_pair(runner, coach):
    with pytest.raises(IntegrityError):
        CoachLinkFactory(runner=runner, coach=coach)


def test_database_refuses_a_link_to_oneself(runner):
    with pytest.raises(IntegrityError):
        CoachLinkFactory(runner=runner, coach=runner)


def test_database_refuses_an_active_link_without_a_coach(runner):
    with pytest.raises(IntegrityError):
        CoachLinkFactory(runner=runner, coach=None, status="active")


@pytest.mark.parametrize("method", ["get", "post"])
def test_ending_a_link_first_says_what_happens(coach_client, runner, coach, method):
    link = CoachLink.objects.get(runner=runner, coach=coach)

    response = getattr(coach_client, method)(reverse("accounts:end_link", args=[link.pk]))

    assert response.status_code == 200
    page = response.text
    assert "Stop coaching Alice?" in page
    assert "A plan you assigned stays with them" in page
    assert "Alice is told by e-mail" in page
    link.refresh_from_db()
    assert link.status == "active"


def test_the_runner_is_told_in_plain_words_when_a_coach_stops(
    coach_client, runner, coach, mailoutbox
):
    coach.profile.display_name = "Bob O'Hara & Co"
    coach.profile.save()
    link = CoachLink.objects.get(runner=runner, coach=coach)

    response = coach_client.post(reverse("accounts:end_link", args=[link.pk]), CONFIRM, follow=True)

    assert "You are no longer linked with Alice, who has been told." in response.text
    [mail] = mailoutbox
    assert mail.to == ["alice@example.com"]
    assert mail.subject == "Bob O'Hara & Co has stopped coaching you"
    assert "Bob O'Hara & Co has stopped coaching you in Psoas Tracker." in mail.body
    assert "A plan Bob O'Hara & Co assigned stays with you" in mail.body


def test_the_coach_is_told_when_a_runner_ends_the_link(runner_client, runner, coach, mailoutbox):
    link = CoachLink.objects.get(runner=runner, coach=coach)
    page = runner_client.get(reverse("accounts:end_link", args=[link.pk])).text
    assert "End the link with Bob?" in page

    runner_client.post(reverse("accounts:end_link", args=[link.pk]), CONFIRM)

    [mail] = mailoutbox
    assert (mail.to, mail.subject) == (["bob@example.com"], "Alice ended the link with you")
    assert "You no longer see their tests, plan, sessions or sitting log" in mail.body


def test_withdrawing_an_invite_asks_nothing_and_tells_nobody(runner_client, runner, mailoutbox):
    runner_client.post(reverse("accounts:invite_coach"))
    link = CoachLink.objects.get(runner=runner, status="pending")

    response = runner_client.post(reverse("accounts:end_link", args=[link.pk]), follow=True)

    assert "Invite withdrawn" in response.text
    assert mailoutbox == []


def test_no_email_of_an_ended_link_when_turned_off(coach_client, runner, coach, mailoutbox):
    runner.profile.email_links = False
    runner.profile.save()
    link = CoachLink.objects.get(runner=runner, coach=coach)

    coach_client.post(reverse("accounts:end_link", args=[link.pk]), CONFIRM)

    link.refresh_from_db()
    assert link.status == "revoked"
    assert mailoutbox == []


def test_a_get_never_withdraws_an_invite(runner_client, runner):
    runner_client.post(reverse("accounts:invite_coach"))
    invite = CoachLink.objects.get(runner=runner, status="pending")

    response = runner_client.get(reverse("accounts:end_link", args=[invite.pk]))

    assert response.status_code == 302
    invite.refresh_from_db()
    assert invite.status == "pending"
