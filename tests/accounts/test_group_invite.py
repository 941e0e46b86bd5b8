"""A coach invites a squad at once: one e-mailed, single-use invite per address."""

import re

import pytest

from apps.accounts.forms import GROUP_INVITE_MAX
from apps.accounts.models import CoachLink
from tests.factories import CoachLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/coach/invite/group/"


@pytest.fixture(autouse=True)
def bob_coaches(coach):
    """Bob said he coaches: group invites are for coaches."""
    coach.profile.role = "coach"
    coach.profile.save()


def links_in(mail):
    return re.findall(r"http://testserver/invites/[\w-]+/", mail.body)


def test_each_address_gets_its_own_invite_by_email(coach_client, coach, mailoutbox, client):
    coach.profile.display_name = "Bob & Sons"
    coach.profile.save()

    response = coach_client.post(
        URL, {"addresses": "ann@example.com, ben@example.com\ncat@example.com"}
    )

    assert "3 invites sent" in response.text
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "ann@example.com",
        "ben@example.com",
        "cat@example.com",
    ]
    mail = mailoutbox[0]
    assert mail.subject == "Bob & Sons invites you to Psoas Tracker"
    assert "Bob & Sons (bob@example.com) invites you to link with them" in mail.body
    tokens = {link for mail in mailoutbox for link in links_in(mail)}
    assert len(tokens) == 3  # one link each
    assert set(CoachLink.objects.pending().values_list("sent_to", flat=True)) == {
        "ann@example.com",
        "ben@example.com",
        "cat@example.com",
    }

    # The link works as a copied one does: Ann accepts and joins the roster.
    ann = UserFactory(email="ann@example.com", display_name="Ann")
    client.force_login(ann)
    [ann_link] = links_in(next(mail for mail in mailoutbox if mail.to == ["ann@example.com"]))
    client.post(ann_link.removeprefix("http://testserver"))
    assert CoachLink.objects.active().filter(runner=ann, coach=coach).exists()


def test_one_bad_address_sends_nothing_and_says_which(coach_client, mailoutbox):
    response = coach_client.post(
        URL, {"addresses": "ann@example.com\nben@@example\nnot-an-address"}
    )

    assert "Not e-mail addresses: ben@@example, not-an-address." in response.text
    assert 'aria-invalid="true"' in response.text  # next to the field
    assert "ann@example.com" in response.text  # what was typed stays
    assert mailoutbox == []
    assert not CoachLink.objects.filter(sent_to__gt="").exists()


def test_duplicates_linked_runners_and_waiting_invites_are_reported(
    coach_client, coach, runner, mailoutbox
):
    CoachLinkFactory(
        coach=coach, runner=None, status="pending", direction="coach", sent_to="dan@example.com"
    )

    response = coach_client.post(
        URL,
        {"addresses": "Eve@Example.com eve@example.com alice@example.com dan@example.com"},
    )

    page = response.text
    assert "1 invite sent" in page
    assert "Already your runners, skipped: alice@example.com." in page
    assert "An invite is already waiting, skipped: dan@example.com." in page
    assert "Listed more than once, invited once: eve@example.com." in page
    assert [mail.to for mail in mailoutbox] == [["eve@example.com"]]


def test_too_many_or_none_are_refused(coach_client, mailoutbox):
    many = " ".join(f"r{n}@example.com" for n in range(GROUP_INVITE_MAX + 1))

    assert f"up to {GROUP_INVITE_MAX} at a time" in coach_client.post(URL, {"addresses": many}).text
    assert "Enter at least one e-mail address." in coach_client.post(URL, {"addresses": " , "}).text
    assert mailoutbox == []


def test_the_roster_links_to_it_and_lists_who_was_emailed(coach_client, mailoutbox):
    coach_client.post(URL, {"addresses": "ann@example.com"})

    roster = coach_client.get("/coach/").text

    assert f'href="{URL}"' in roster
    assert "E-mailed to ann@example.com" in roster


def test_only_somebody_who_coaches_sends_group_invites(runner_client, mailoutbox):
    response = runner_client.post(URL, {"addresses": "ann@example.com"})

    assert response.status_code == 403
    assert "Group invites are for coaches and physios." in response.text
    assert mailoutbox == []
    assert not CoachLink.objects.filter(sent_to__gt="").exists()


def test_one_address_gets_two_invites_a_week_at_most(coach_client, coach, mailoutbox):
    for _ in range(3):
        CoachLink.objects.filter(sent_to="ann@example.com").delete()  # withdrawn meanwhile
        page = coach_client.post(URL, {"addresses": "ann@example.com"}).text

    assert "Invited twice this week already, skipped: ann@example.com." in page
    assert len(mailoutbox) == 2


def test_a_name_with_a_line_break_is_refused_and_never_reaches_a_subject(coach_client, coach):
    response = coach_client.post(
        "/account/",
        {
            "display_name": "Bob\nBcc: x@evil.test",
            "role": "coach",
            "timezone": "UTC",
            "test_weekday": "0",
            "dominant_leg": "unsure",
        },
    )

    assert "no line breaks or tabs" in response.text
    coach.profile.refresh_from_db()
    assert coach.profile.display_name == "Bob"
