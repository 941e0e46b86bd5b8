"""Comment e-mails: the first comment of a quiet conversation is e-mailed at once; those written
within NOTICE_BATCH_WINDOW of an e-mail to the same reader wait, and one e-mail tells of them
all, sent by the next comment after the window or by `manage.py send_comment_emails`."""

import smtplib
from datetime import timedelta

import pytest
from django.core.management import call_command

from apps.accounts.models import CoachLink
from apps.conversation.models import Comment
from apps.conversation.services import NOTICE_BATCH_WINDOW
from psoas_tracker import mail
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def test(runner):
    return AssessmentFactory(runner=runner)


def comment(client, test, body):
    client.post(f"/tests/{test.pk}/comments/", {"body": body})


def window_passes():
    """As if the last comment e-mails went out a window ago."""
    for sent in Comment.objects.filter(emailed_at__isnull=False):
        Comment.objects.filter(pk=sent.pk).update(
            emailed_at=sent.emailed_at - NOTICE_BATCH_WINDOW - timedelta(seconds=1)
        )


def test_a_burst_brings_one_email_at_once_then_one_telling_of_the_rest(
    coach_client, runner, test, mailoutbox
):
    plan = PlanFactory(runner=runner)
    for number in range(1, 4):
        comment(coach_client, test, f"Comment {number}")
    coach_client.post(f"/plans/{plan.pk}/comments/", {"body": "And on the plan."})

    [first] = mailoutbox
    assert "Comment 1" in first.body
    call_command("send_comment_emails")
    assert len(mailoutbox) == 1  # within the window: nothing yet

    window_passes()
    call_command("send_comment_emails")
    call_command("send_comment_emails")  # idempotent

    [_, summary] = mailoutbox
    assert summary.to == ["alice@example.com"]
    assert summary.subject == "Bob wrote 3 comments"
    day = f"{test.taken_on.day} {test.taken_on:%B %Y}"
    assert summary.body.rstrip() == (
        "Hello Alice,\n\n"
        "Bob wrote 3 comments in Psoas Tracker.\n\n"
        f"On your test of {day}:\n\nComment 2\n\n"
        f"Read it and reply: http://127.0.0.1:8000/tests/{test.pk}/#comments\n\n"
        f"On your test of {day}:\n\nComment 3\n\n"
        f"Read it and reply: http://127.0.0.1:8000/tests/{test.pk}/#comments\n\n"
        "On your plan:\n\nAnd on the plan.\n\n"
        "Read it and reply: http://127.0.0.1:8000/plan/#comments\n\n"
        "You get this e-mail because comments are on in your profile; turn them off there.\n"
        "Psoas Tracker"
    )
    assert not Comment.objects.filter(email_pending=True).exists()


def test_the_first_comment_after_the_window_brings_those_waiting_with_it(
    coach_client, test, mailoutbox
):
    comment(coach_client, test, "First")
    comment(coach_client, test, "Second")
    window_passes()

    comment(coach_client, test, "Third")

    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject == "Bob wrote 2 comments"
    assert mailoutbox[1].body.index("Second") < mailoutbox[1].body.index("Third")


def test_a_refused_email_is_tried_again_by_the_command(coach_client, test, mailoutbox, monkeypatch):
    def refuse(**kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(mail, "send_mail", refuse)
    comment(coach_client, test, "While the mail server is down")
    monkeypatch.undo()

    assert Comment.objects.get().email_pending
    call_command("send_comment_emails")

    [sent] = mailoutbox
    assert "While the mail server is down" in sent.body
    assert not Comment.objects.filter(email_pending=True).exists()


def test_each_reader_has_a_window_of_their_own(
    coach_client, runner_client, coach, test, mailoutbox
):
    comment(coach_client, test, "From Bob")
    runner_client.post(f"/tests/{test.pk}/comments/", {"body": "From Alice", "coach": coach.pk})

    assert [mail.to for mail in mailoutbox] == [["alice@example.com"], ["bob@example.com"]]


def test_waiting_word_is_dropped_when_the_reader_turns_emails_off(
    coach_client, runner, test, mailoutbox
):
    comment(coach_client, test, "First")
    comment(coach_client, test, "Waiting")
    runner.profile.email_comments = False
    runner.profile.save()
    window_passes()

    call_command("send_comment_emails")
    runner.profile.email_comments = True
    runner.profile.save()
    call_command("send_comment_emails")

    assert len(mailoutbox) == 1
    assert not Comment.objects.filter(email_pending=True).exists()


def test_waiting_word_is_dropped_when_the_link_ends(coach_client, coach, test, mailoutbox):
    comment(coach_client, test, "First")
    comment(coach_client, test, "Waiting")
    CoachLink.objects.filter(coach=coach).update(status=CoachLink.Status.REVOKED)
    window_passes()

    call_command("send_comment_emails")

    assert len(mailoutbox) == 1
    assert not Comment.objects.filter(email_pending=True).exists()
