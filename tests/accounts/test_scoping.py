import pytest
from django.contrib.auth.models import AnonymousUser

from apps.accounts.scoping import coached_runners, runners_visible_to
from apps.assessments.models import Assessment
from tests.assessments.factories import AssessmentFactory
from tests.factories import CoachLinkFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_runner_sees_only_themselves(runner, coach):
    assert list(runners_visible_to(runner)) == [runner]


def test_a_linked_coach_sees_themselves_and_their_runner(runner, coach):
    assert set(runners_visible_to(coach)) == {coach, runner}
    assert list(coached_runners(coach)) == [runner]


def test_a_stranger_sees_none_of_them(runner, coach, stranger):
    visible = set(runners_visible_to(stranger))

    assert runner not in visible
    assert coach not in visible


@pytest.mark.parametrize("status", ["pending", "revoked"])
def test_only_an_active_link_counts(runner, status):
    other_coach = UserFactory()
    CoachLinkFactory(runner=runner, coach=other_coach, status=status)

    assert list(runners_visible_to(other_coach)) == [other_coach]


def test_anonymous_sees_nobody(runner):
    assert not runners_visible_to(AnonymousUser()).exists()


def test_coached_by_reads_the_linked_runners_data_only(runner, coach, stranger):
    theirs = AssessmentFactory(runner=runner)
    AssessmentFactory(runner=coach)  # the coach's own tests are not a runner's
    AssessmentFactory(runner=stranger)
    pending_coach = UserFactory()
    CoachLinkFactory(runner=stranger, coach=pending_coach, status="pending")

    assert list(Assessment.objects.coached_by(coach)) == [theirs]
    assert not Assessment.objects.coached_by(pending_coach).exists()
    assert not Assessment.objects.coached_by(runner).exists()
    assert not Assessment.objects.coached_by(AnonymousUser()).exists()


def test_of_runner_is_all_of_ones_own_data_and_a_linked_runners_only(runner, coach, stranger):
    theirs = AssessmentFactory(runner=runner)
    AssessmentFactory(runner=stranger)

    assert list(Assessment.objects.of_runner(runner, runner)) == [theirs]
    assert list(Assessment.objects.of_runner(coach, runner)) == [theirs]
    assert not Assessment.objects.of_runner(stranger, runner).exists()
    assert not Assessment.objects.of_runner(AnonymousUser(), runner).exists()
