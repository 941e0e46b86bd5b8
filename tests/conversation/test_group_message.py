"""A coach's one message to a group: one comment in each conversation of the group's runners
linked now (on their plan, else their latest test), the e-mails as each runner chose and
batched as any comment's, and the comment limit counting the message once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import Profile
from apps.conversation import services
from apps.conversation.models import Comment
from tests.assessments.factories import AssessmentFactory
from tests.dashboard.groups import end_link, squad
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db

WORDS = "Long run on Sunday: start easy, and stretch after."


def message_url(group):
    return f"/coach/groups/{group.pk}/message/"


def with_something_to_write_on(runners):
    for runner in runners:
        PlanFactory(runner=runner)
    return runners


def test_each_runner_gets_one_comment_in_their_conversation(coach, coach_client, mailoutbox):
    group, runners = squad(coach, 3)
    with_something_to_write_on(runners)

    response = coach_client.post(message_url(group), {"body": WORDS}, follow=True)

    assert "Message sent to 3 runners." in response.text
    comments = Comment.objects.filter(coach=coach, by_coach=True, body=WORDS)
    assert sorted(comments.values_list("runner_id", flat=True)) == sorted(r.pk for r in runners)
    assert all(comment.plan.runner_id == comment.runner_id for comment in comments)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(r.email for r in runners)
    assert mailoutbox[0].subject == "Bob commented on your plan"
    # The runner reads it on her plan page, in her conversation with Bob.
    client = coach_client.__class__()
    client.force_login(runners[0])
    assert WORDS in client.get("/plan/").text


def test_a_runner_without_a_plan_reads_it_on_her_latest_test(coach, coach_client):
    group, [runner] = squad(coach, 1)
    AssessmentFactory(runner=runner, taken_on=timezone.localdate() - timedelta(days=7))
    latest = AssessmentFactory(runner=runner, taken_on=timezone.localdate())

    coach_client.post(message_url(group), {"body": WORDS})

    assert Comment.objects.get().assessment == latest


def test_a_runner_with_nothing_to_write_on_is_named(coach, coach_client):
    group, [empty, ready] = squad(coach, 2)
    Profile.objects.filter(user=empty).update(display_name="Mia")
    with_something_to_write_on([ready])

    response = coach_client.post(message_url(group), {"body": WORDS}, follow=True)

    assert "Message sent to 1 runner." in response.text
    assert "Not sent to Mia: no plan or test to write it on yet." in response.text
    assert list(Comment.objects.values_list("runner_id", flat=True)) == [ready.pk]


def test_only_the_runners_who_want_comment_emails_are_emailed(coach, coach_client, mailoutbox):
    group, runners = squad(coach, 2)
    quiet, keen = with_something_to_write_on(runners)
    Profile.objects.filter(user=quiet).update(email_comments=False)

    coach_client.post(message_url(group), {"body": WORDS})

    assert [message.to for message in mailoutbox] == [[keen.email]]
    assert Comment.objects.filter(runner=quiet, email_pending=False, emailed_at=None).exists()


def test_a_runner_emailed_minutes_ago_is_told_in_the_next_batch(coach, coach_client, mailoutbox):
    group, [recent, other] = squad(coach, 2)
    with_something_to_write_on([recent, other])
    Comment.objects.create(
        runner=recent,
        coach=coach,
        by_coach=True,
        plan=recent.plans.get(),
        body="Earlier today",
        emailed_at=timezone.now() - timedelta(minutes=3),
    )

    coach_client.post(message_url(group), {"body": WORDS})

    assert [message.to for message in mailoutbox] == [[other.email]]
    owed = Comment.objects.get(runner=recent, body=WORDS)
    assert owed.email_pending  # send_comment_emails tells of it once the 10 minutes are up


def test_a_runner_whose_link_ended_is_never_reached(coach, coach_client, mailoutbox):
    group, runners = squad(coach, 3)
    with_something_to_write_on(runners)
    gone = runners[0]
    end_link(coach, gone)

    response = coach_client.post(message_url(group), {"body": WORDS}, follow=True)

    assert "Message sent to 2 runners." in response.text
    assert not Comment.objects.filter(runner=gone).exists()
    assert gone.email not in [message.to[0] for message in mailoutbox]
    assert gone.display_name not in coach_client.get(message_url(group)).text


def test_an_empty_message_is_refused_beside_the_field_and_nothing_is_sent(
    coach, coach_client, mailoutbox
):
    group, runners = squad(coach, 2)
    with_something_to_write_on(runners)

    for body in ("", "x" * 2001):
        response = coach_client.post(message_url(group), {"body": body})
        page = response.text
        field = page[page.index('for="id_body"') : page.index('id="id_body"')]
        assert "Write the message first." in field or "at most 2000 characters" in field

    assert not Comment.objects.exists()
    assert mailoutbox == []


def test_a_double_tap_sends_the_message_once(coach, coach_client, mailoutbox):
    group, runners = squad(coach, 2)
    with_something_to_write_on(runners)

    coach_client.post(message_url(group), {"body": WORDS})
    coach_client.post(message_url(group), {"body": WORDS})

    assert Comment.objects.count() == 2
    assert len(mailoutbox) == 2


def test_a_group_message_counts_once_against_the_comment_limit(coach, coach_client):
    group, runners = squad(coach, services.COMMENTS_PER_ACCOUNT.times + 5)
    with_something_to_write_on(runners)

    for number in range(services.COMMENTS_PER_ACCOUNT.times):
        response = coach_client.post(message_url(group), {"body": f"Message {number}"})
        assert response.status_code == 302

    refused = coach_client.post(message_url(group), {"body": "One too many"})

    assert "a lot of comments in a few minutes" in refused.text
    assert not Comment.objects.filter(body="One too many").exists()
    assert Comment.objects.filter(body="Message 0").count() == len(runners)


def test_a_group_of_nobody_linked_sends_nothing(coach, coach_client):
    group, [runner] = squad(coach, 1)
    end_link(coach, runner)

    response = coach_client.post(message_url(group), {"body": WORDS})

    assert "Nobody in this group is linked with you now: nothing was sent." in response.text
    assert not Comment.objects.exists()


def test_a_stranger_gets_404_for_another_coachs_group(coach, runner, stranger_client):
    group, _runners = squad(coach, 1)

    assert stranger_client.get(message_url(group)).status_code == 404
    assert stranger_client.post(message_url(group), {"body": WORDS}).status_code == 404
    assert not Comment.objects.exists()


def post_queries(client, url, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302
    return len(queries)


def test_the_queries_do_not_grow_with_the_group(coach, coach_client, mailoutbox):
    counts = []
    for size in (3, 15):
        group, runners = squad(coach, size, name=f"Group of {size}")
        with_something_to_write_on(runners[1:])
        AssessmentFactory(runner=runners[0])  # one on a test, not a plan
        Profile.objects.filter(user=runners[-1]).update(email_comments=False)
        counts.append(post_queries(coach_client, message_url(group), {"body": WORDS}))

    assert Comment.objects.count() == 3 + 15
    assert len(mailoutbox) == 2 + 14
    assert counts[0] == counts[1]
