"""Comments between a runner and a linked coach, on a test or the plan."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import CoachLink
from apps.conversation.models import Comment
from tests.assessments.factories import AssessmentFactory
from tests.factories import CoachLinkFactory, UserFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def test(runner):
    return AssessmentFactory(runner=runner)


def comments_of(client, test):
    return client.get(f"/tests/{test.pk}/").text


def test_a_coach_comments_on_a_test_and_the_runner_replies(
    coach_client, coach, runner_client, runner, test, mailoutbox
):
    response = coach_client.post(
        f"/tests/{test.pk}/comments/", {"body": "Left looks <tight>: same time next week?"}
    )

    assert response["Location"] == f"/tests/{test.pk}/#comments"
    page = comments_of(runner_client, test)
    assert "With Bob" in page
    assert "Left looks &lt;tight&gt;: same time next week?" in page  # escaped
    [mail] = mailoutbox
    assert mail.to == ["alice@example.com"]
    assert (
        mail.subject == f"Bob commented on your test of {test.taken_on.day} {test.taken_on:%B %Y}"
    )
    assert "Left looks <tight>: same time next week?" in mail.body  # plain text, as written

    runner_client.post(f"/tests/{test.pk}/comments/", {"body": "Yes, Monday.", "coach": coach.pk})

    coach_page = comments_of(coach_client, test)
    assert coach_page.index("Left looks") < coach_page.index("Yes, Monday.")
    assert "<strong>Alice</strong>" in coach_page
    assert mailoutbox[1].to == ["bob@example.com"]
    comment = Comment.objects.get(body="Yes, Monday.")
    assert (comment.runner, comment.coach, comment.by_coach) == (runner, coach, False)


def test_comments_on_the_plan_show_on_both_plan_pages(coach_client, runner_client, runner):
    plan = PlanFactory(runner=runner)

    coach_client.post(f"/plans/{plan.pk}/comments/", {"body": "Two sessions this week is fine."})

    assert "Two sessions this week is fine." in runner_client.get("/plan/").text
    assert "Two sessions this week is fine." in coach_client.get(f"/runners/{runner.pk}/plan/").text


def test_only_the_two_people_see_their_conversation(
    coach_client, coach, runner, test, client, stranger_client
):
    other_coach = UserFactory(display_name="Physio Pat")
    CoachLinkFactory(runner=runner, coach=other_coach)
    coach_client.post(f"/tests/{test.pk}/comments/", {"body": "Between Bob and Alice."})
    client.force_login(other_coach)

    assert "Between Bob and Alice." not in comments_of(client, test)
    assert stranger_client.get(f"/tests/{test.pk}/").status_code == 404
    assert stranger_client.post(f"/tests/{test.pk}/comments/", {"body": "x"}).status_code == 404

    CoachLink.objects.filter(coach=coach).update(status=CoachLink.Status.REVOKED)
    assert coach_client.get(f"/tests/{test.pk}/").status_code == 404
    assert coach_client.post(f"/tests/{test.pk}/comments/", {"body": "x"}).status_code == 404
    assert Comment.objects.count() == 1


def test_the_runner_can_write_only_to_a_linked_coach(runner_client, runner, test, stranger):
    response = runner_client.post(
        f"/tests/{test.pk}/comments/", {"body": "Hello?", "coach": stranger.pk}, follow=True
    )

    assert "That coach is no longer linked with you: nothing was sent." in response.text
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "Write something first."), ("x" * 2001, "at most 2000 characters")],
)
def test_an_empty_or_too_long_comment_is_refused(coach_client, test, body, message):
    response = coach_client.post(f"/tests/{test.pk}/comments/", {"body": body}, follow=True)

    assert message in response.text
    assert not Comment.objects.exists()


def test_the_author_changes_or_deletes_within_15_minutes_only(
    coach_client, coach, runner_client, runner, test
):
    coach_client.post(f"/tests/{test.pk}/comments/", {"body": "Typo hre."})
    comment = Comment.objects.get()

    assert (
        runner_client.post(f"/comments/{comment.pk}/edit/", {"body": "Hacked"}).status_code == 302
    )
    coach_client.post(f"/comments/{comment.pk}/edit/", {"body": "Typo here."})
    comment.refresh_from_db()
    assert (comment.body, comment.edited_at is not None) == ("Typo here.", True)
    assert "(changed)" in comments_of(runner_client, test)

    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    response = coach_client.post(f"/comments/{comment.pk}/delete/", follow=True)
    assert "for 15 minutes only" in response.text
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_deleted_coachs_words_stay_as_a_former_coach(coach_client, coach, runner_client, test):
    coach_client.post(f"/tests/{test.pk}/comments/", {"body": "Keep going."})

    coach.delete()

    page = comments_of(runner_client, test)
    assert "Earlier, with a coach no longer linked" in page
    assert "<strong>A former coach</strong>" in page
    assert "Keep going." in page


def test_no_email_when_the_reader_turned_them_off(coach_client, runner, test, mailoutbox):
    runner.profile.email_comments = False
    runner.profile.save()

    coach_client.post(f"/tests/{test.pk}/comments/", {"body": "Quiet."})

    assert mailoutbox == []


def test_the_database_holds_a_comment_to_one_thing_and_its_length(runner, test):
    from django.db import IntegrityError, transaction

    plan = PlanFactory(runner=runner)
    for fields in ({"assessment": test, "plan": plan}, {"assessment": test, "body": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Comment.objects.create(runner=runner, by_coach=False, **{"body": "x", **fields})


def test_a_double_tap_keeps_one_comment_and_one_email(coach_client, test, mailoutbox):
    for _ in range(2):
        coach_client.post(f"/tests/{test.pk}/comments/", {"body": "Nice work."})

    assert Comment.objects.count() == 1
    assert len(mailoutbox) == 1


def test_line_breaks_count_once_as_the_textarea_counts_them(coach_client, test):
    body = "\r\n".join(["x" * 9] * 200)  # 1,999 characters with LF, 2,198 sent with CR LF

    coach_client.post(f"/tests/{test.pk}/comments/", {"body": body})

    assert Comment.objects.get().body == body.replace("\r\n", "\n")
