"""A burst of comments is refused past the limit: the words come back beside the field, nothing
is saved and nothing is sent. How the counts are kept: tests/accounts/test_throttle.py."""

import re

import pytest

from apps.conversation import services as conversation
from apps.conversation.models import Comment
from tests.assessments.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def error_beside_the_field(page):
    """The errors listed between the comment field's label and the field, and its words."""
    found = re.search(
        r'<ul class="errorlist" id="comment-error-(\d+)">(.*?)</ul>\s*<textarea id="comment-\1"'
        r'[^>]*aria-describedby="comment-error-\1 [^>]*aria-invalid="true">(.*?)</textarea>',
        page,
        re.S,
    )
    return found and (re.sub(r"<[^>]+>", "", found.group(2)), found.group(3))


def test_comments_past_the_limit_are_refused_beside_the_field_and_not_saved(
    coach_client, runner, mailoutbox
):
    test = AssessmentFactory(runner=runner)
    limit = conversation.COMMENTS_PER_ACCOUNT.times
    for number in range(limit):
        coach_client.post(f"/tests/{test.pk}/comments/", {"body": f"Comment {number}"})
    sent = len(mailoutbox)

    refused = coach_client.post(
        f"/tests/{test.pk}/comments/", {"body": "One too many"}, follow=True
    )

    error, words = error_beside_the_field(refused.text)
    assert "a lot of comments in a few minutes" in error
    assert words == "One too many"
    assert Comment.objects.count() == limit
    assert not Comment.objects.filter(body="One too many").exists()
    assert len(mailoutbox) == sent
    # Shown once: the page read again has an empty form.
    assert error_beside_the_field(coach_client.get(f"/tests/{test.pk}/").text) is None


def test_an_empty_comment_is_refused_beside_the_runners_form_for_that_coach(
    runner_client, coach, runner
):
    test = AssessmentFactory(runner=runner)

    page = runner_client.post(
        f"/tests/{test.pk}/comments/", {"body": "  ", "coach": coach.pk}, follow=True
    ).text

    error, _ = error_beside_the_field(page)
    assert error == "Write something first."
    assert f'id="comment-error-{coach.pk}"' in page
    assert not Comment.objects.exists()
