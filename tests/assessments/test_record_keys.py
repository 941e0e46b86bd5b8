"""The weekly test sent from the phone's outbox: saved once per key, and a refusal (a date
already recorded) answered with its message for the outbox to show."""

import json
import uuid

import pytest
from django.db import IntegrityError

from apps.assessments.models import Assessment
from tests.assessments.factories import AssessmentFactory
from tests.assessments.test_record import form_data

pytestmark = pytest.mark.django_db

URL = "/tests/new/"


def test_a_test_sent_twice_is_saved_once_and_both_sends_show_its_result(runner_client, runner):
    data = form_data(runner, idempotency_key=str(uuid.uuid4()))

    first = runner_client.post(URL, data)
    second = runner_client.post(URL, data)

    test = Assessment.objects.get()
    assert test.idempotency_key == uuid.UUID(data["idempotency_key"])
    assert first["Location"] == second["Location"] == f"/tests/{test.pk}/safety/"
    assert "HX-Trigger" not in second


def test_a_test_for_a_date_already_recorded_is_refused_with_its_message(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    response = runner_client.post(URL, form_data(runner, idempotency_key=str(uuid.uuid4())))

    refused = json.loads(response["HX-Trigger"])["outbox:refused"]
    assert refused["message"] == (
        "The test was not saved. Date: You already recorded a test on this date. Edit that test."
    )
    assert Assessment.objects.count() == 1


def test_without_a_key_the_form_works_as_before(runner_client, runner):
    response = runner_client.post(URL, form_data(runner))

    assert response.status_code == 302
    assert Assessment.objects.get().idempotency_key is None


def test_the_database_keeps_one_test_per_key_and_runner(runner, stranger):
    key = uuid.uuid4()
    AssessmentFactory(runner=runner, idempotency_key=key)
    AssessmentFactory(runner=stranger, idempotency_key=key)

    with pytest.raises(IntegrityError):
        AssessmentFactory(runner=runner, idempotency_key=key)
