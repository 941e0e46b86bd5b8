"""A double tap or a second tab never gives a 500 and never saves a test twice."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.test import RequestFactory

from apps.assessments.models import Assessment
from psoas_tracker.views import server_error
from tests.assessments.factories import AssessmentFactory
from tests.assessments.test_record import form_data
from tests.concurrency import post_at_once


@pytest.mark.django_db(transaction=True)
def test_ten_submits_of_one_test_at_once_save_it_once_without_an_error(live_server, runner):
    statuses = post_at_once(
        live_server, runner, "/tests/new/", [("/tests/new/", form_data(runner))] * 10
    )

    assert all(status < 500 for status in statuses), statuses
    assert Assessment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_tests_moved_to_one_date_at_once_keep_one_there_without_an_error(live_server, runner):
    today = runner.profile.today()
    first = AssessmentFactory(runner=runner, taken_on=today - timedelta(days=14))
    second = AssessmentFactory(runner=runner, taken_on=today - timedelta(days=7))
    target = (today - timedelta(days=1)).isoformat()
    form = form_data(runner, taken_on=target)
    # Several rounds: the two edits must land in the same instant at least once.
    statuses = []
    for _round in range(3):
        Assessment.objects.filter(pk=first.pk).update(taken_on=today - timedelta(days=14))
        Assessment.objects.filter(pk=second.pk).update(taken_on=today - timedelta(days=7))
        statuses += post_at_once(
            live_server,
            runner,
            "/tests/new/",
            [(f"/tests/{first.pk}/edit/", form), (f"/tests/{second.pk}/edit/", form)] * 3,
        )

    assert all(status < 500 for status in statuses), statuses
    assert Assessment.objects.filter(taken_on=target).count() == 1


@pytest.mark.django_db
def test_saving_a_test_taken_meanwhile_explains_instead_of_failing(runner):
    from apps.assessments.forms import AssessmentForm

    today = runner.profile.today()
    form = AssessmentForm(form_data(runner), runner=runner, today=today)
    assert form.is_valid()
    earlier = AssessmentFactory(runner=runner, taken_on=today)  # another tab, just now

    assert form.save_unless_taken() is None
    assert f"/tests/{earlier.pk}/edit/" in str(form.errors["taken_on"])
    assert Assessment.objects.count() == 1


@pytest.mark.django_db
def test_editing_a_test_deleted_meanwhile_does_not_bring_it_back(runner):
    from apps.assessments.forms import AssessmentForm

    test = AssessmentFactory(runner=runner)
    form = AssessmentForm(
        form_data(runner), instance=test, runner=runner, today=runner.profile.today()
    )
    assert form.is_valid()
    Assessment.objects.filter(pk=test.pk).delete()  # in another tab

    assert form.save_unless_taken() is None
    assert "deleted meanwhile" in str(form.non_field_errors())
    assert not Assessment.objects.exists()


def test_an_unexpected_collision_is_a_409_saying_nothing_was_saved():
    try:
        raise IntegrityError("duplicate key value violates unique constraint")
    except IntegrityError:
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 409
    assert "was not saved" in response.content.decode()
