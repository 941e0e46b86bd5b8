"""Comments on a stretch session: on the session's own page, for the runner and a linked coach."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.models import CoachLink
from apps.conversation.models import Comment
from apps.plans.models import StretchSession
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(runner):
    """Alice's session of two days ago: every set done, rated 8/10, with a note."""
    today = runner.profile.today()
    plan = PlanFactory(runner=runner, title="Base block", starts_on=today - timedelta(days=7))
    done = complete_session(plan, today - timedelta(days=2))
    StretchSession.objects.filter(pk=done.pk).update(discomfort=8, notes="Left hip pulled.")
    done.refresh_from_db()
    return done


def page(session):
    return f"/plans/sessions/{session.pk}/"


def posting(session):
    return f"/plans/sessions/{session.pk}/comments/"


def long_day(day):
    return f"{day:%A} {day.day} {day:%B %Y}"


def test_a_coach_comments_on_a_session_and_the_runner_replies(
    coach_client, coach, runner_client, runner, session, mailoutbox
):
    response = coach_client.post(posting(session), {"body": "Ease off <the lunge> next time."})

    assert response["Location"] == f"{page(session)}#comments"
    seen = runner_client.get(page(session)).text
    assert "With Bob" in seen
    assert "Ease off &lt;the lunge&gt; next time." in seen  # escaped
    [mail] = mailoutbox
    assert mail.to == ["alice@example.com"]
    assert (
        mail.subject == f"Bob commented on your stretch session of {long_day(session.performed_on)}"
    )
    assert mail.body.rstrip() == (
        "Hello Alice,\n\n"
        f"Bob commented on your stretch session of {long_day(session.performed_on)} in Psoas "
        "Tracker:\n\n"
        "Ease off <the lunge> next time.\n\n"
        "The session was rated 8/10 for discomfort. Your note: “Left hip pulled.”\n\n"
        f"Read it and reply: http://testserver{page(session)}#comments\n\n"
        "You get this e-mail because comments are on in your profile; turn them off there.\n"
        "Psoas Tracker"
    )

    runner_client.post(posting(session), {"body": "I will, thanks.", "coach": coach.pk})

    coach_page = coach_client.get(page(session)).text
    assert coach_page.index("Ease off") < coach_page.index("I will, thanks.")
    assert "<strong>Alice</strong>" in coach_page
    reply = mailoutbox[1]
    assert reply.to == ["bob@example.com"]
    assert reply.subject == (
        f"Alice commented on Alice's stretch session of {long_day(session.performed_on)}"
    )
    assert "Alice's note: “Left hip pulled.”" in reply.body
    comment = Comment.objects.get(body="I will, thanks.")
    assert (comment.runner, comment.coach, comment.by_coach) == (runner, coach, False)
    assert (comment.session, comment.plan, comment.assessment) == (session, None, None)


def test_the_email_of_a_session_without_rating_or_note_says_so(
    coach_client, runner, session, mailoutbox
):
    StretchSession.objects.filter(pk=session.pk).update(discomfort=None, notes="")

    coach_client.post(posting(session), {"body": "Nice."})

    assert "The session was not rated for discomfort.\n\nRead it" in mailoutbox[0].body


def test_the_session_page_shows_the_day_the_sets_the_rating_and_the_note(
    runner_client, coach_client, runner, session
):
    for client, heading, back in (
        (runner_client, "<h1>Your stretch session</h1>", 'href="/plan/">Your plan</a>'),
        (
            coach_client,
            "<h1>Stretch session of Alice</h1>",
            f'href="/coach/runners/{runner.pk}/">Alice\'s whole picture</a>',
        ),
    ):
        shown = client.get(page(session)).text
        assert heading in shown
        assert session.performed_on.strftime("%A") in shown
        assert "in the plan “Base block”" in shown
        assert f"<strong>Sets:</strong> 12 of {session.sets_planned}" in shown
        assert "8/10: past a gentle pull" in shown
        assert "Left hip pulled." in shown
        assert "Edge-of-table hip-flexor stretch</a>: left 3 sets, right 3 sets</li>" in shown
        assert "Half-kneeling lunge</a>: left 1 set, right 1 set</li>" in shown
        assert back in shown
        assert 'id="comments"' in shown


def test_a_stranger_and_a_former_coach_find_no_session(
    coach_client, coach, runner, session, stranger_client
):
    for client in (stranger_client, coach_client):
        if client is coach_client:
            CoachLink.objects.filter(coach=coach).update(status=CoachLink.Status.REVOKED)
        assert client.get(page(session)).status_code == 404
        assert client.post(posting(session), {"body": "x"}).status_code == 404
    assert not Comment.objects.exists()


def test_another_coach_of_the_runner_does_not_read_bobs_conversation(
    coach_client, runner, session, client
):
    from tests.factories import CoachLinkFactory, UserFactory

    physio = UserFactory(display_name="Physio Pat")
    CoachLinkFactory(runner=runner, coach=physio)
    coach_client.post(posting(session), {"body": "Between Bob and Alice."})
    client.force_login(physio)

    assert "Between Bob and Alice." not in client.get(page(session)).text


def test_the_author_changes_or_deletes_within_15_minutes_and_returns_to_the_session(
    coach_client, runner_client, session
):
    coach_client.post(posting(session), {"body": "Typo hre."})
    comment = Comment.objects.get()

    response = coach_client.post(f"/comments/{comment.pk}/edit/", {"body": "Typo here."})

    assert response["Location"] == f"{page(session)}#comments"
    assert "Typo here." in runner_client.get(page(session)).text
    response = runner_client.post(f"/comments/{comment.pk}/delete/", follow=True)
    assert "for 15 minutes only" in response.text  # not hers to delete
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    response = coach_client.post(f"/comments/{comment.pk}/delete/")
    assert response["Location"] == f"{page(session)}#comments"
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_double_tap_keeps_one_comment_and_one_email(coach_client, session, mailoutbox):
    for _ in range(2):
        coach_client.post(posting(session), {"body": "Nice work."})

    assert Comment.objects.count() == 1
    assert len(mailoutbox) == 1


def test_no_email_when_the_runner_turned_them_off(coach_client, runner, session, mailoutbox):
    runner.profile.email_comments = False
    runner.profile.save()

    coach_client.post(posting(session), {"body": "Quiet."})

    assert Comment.objects.get().session == session
    assert mailoutbox == []


def test_the_database_holds_a_comment_to_exactly_one_thing(runner, session):
    test = AssessmentFactory(runner=runner)
    for targets in (
        {"session": session, "plan": session.plan},
        {"session": session, "assessment": test},
        {"session": session, "assessment": test, "plan": session.plan},
        {},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Comment.objects.create(runner=runner, by_coach=False, body="x", **targets)

    Comment.objects.create(runner=runner, by_coach=False, body="x", session=session)
    session.delete()  # a comment goes with its session
    assert not Comment.objects.exists()


def test_both_reach_the_session_from_their_session_lists(
    runner_client, coach_client, runner, session
):
    link = f'href="{page(session)}"'

    assert link in runner_client.get("/plan/").text  # the plan page's latest sessions
    assert link in runner_client.get(f"/coach/runners/{runner.pk}/").text  # the report
    assert link in coach_client.get(f"/runners/{runner.pk}/plan/").text
    assert link in coach_client.get(f"/coach/runners/{runner.pk}/").text  # the whole picture


@pytest.mark.parametrize("who", ["runner", "coach"])
def test_the_session_page_queries_do_not_grow_with_comments(
    runner_client, coach_client, coach, runner, session, page_queries, who
):
    client = runner_client if who == "runner" else coach_client
    Comment.objects.create(runner=runner, coach=coach, by_coach=True, session=session, body="1")
    few = page_queries(client, page(session))

    for number in range(10):
        Comment.objects.create(
            runner=runner, coach=coach, by_coach=number % 2 == 0, session=session, body="more"
        )
    Comment.objects.create(runner=runner, coach=None, by_coach=True, session=session, body="gone")

    assert page_queries(client, page(session)) == few
