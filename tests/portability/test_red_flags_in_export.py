"""A runner's red flags leave in the export with when and how each cleared, and come back with
an import; a file from before they were kept brings back the hold it had then."""

from datetime import timedelta

import pytest

from apps.accounts.models import User
from apps.assessments import safety
from apps.assessments.models import RedFlag
from tests.assessments.factories import AssessmentFactory
from tests.portability.helpers import export_of, import_into_new_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_flags(runner):
    """Severe pain on a test a week ago, cleared by today's test; numbness still open."""
    today = runner.profile.today()
    painful = AssessmentFactory(runner=runner, taken_on=today - timedelta(days=7), pain_groin=8)
    safety.after_test_saved(painful)
    safety.record_check(runner, ["numbness"], painful)
    calm = AssessmentFactory(runner=runner, taken_on=today, pain_groin=2)
    safety.after_test_saved(calm)
    return painful, calm


def flags_of(email):
    return sorted(
        RedFlag.objects.filter(runner__email=email).values_list(
            "key", "test__taken_on", "cleared_how", "cleared_by_test__taken_on"
        )
    )


def test_red_flags_leave_and_come_back_with_how_they_cleared(
    runner_client, alices_flags, client_class
):
    painful, calm = alices_flags
    data = export_of(runner_client)

    assert data["version"] == 12
    assert {flag["key"]: flag["cleared_how"] for flag in data["red_flags"]} == {
        "severe": "test",
        "numbness": "",
    }
    assert import_into_new_account(client_class, data).status_code == 302
    assert (
        flags_of("new@example.com")
        == flags_of("alice@example.com")
        == [
            ("numbness", painful.taken_on, "", None),
            ("severe", painful.taken_on, "test", calm.taken_on),
        ]
    )
    newcomer = User.objects.get(email="new@example.com")
    assert safety.hold_of(newcomer, newcomer).keys == ["numbness"]


def test_an_older_export_brings_back_the_hold_it_had(runner_client, alices_flags, client_class):
    data = export_of(runner_client)
    data["version"] = 6
    del data["red_flags"]
    data["tests"][-1]["pain_groin"] = 7  # the latest test, as it was

    import_into_new_account(client_class, data)

    newcomer = User.objects.get(email="new@example.com")
    assert sorted(safety.hold_of(newcomer, newcomer).keys) == ["numbness", "severe"]


def test_a_red_flag_naming_a_test_the_file_lacks_is_refused(
    runner_client, alices_flags, client_class
):
    data = export_of(runner_client)
    data["red_flags"][0]["test"] = "2001-01-01"

    page = import_into_new_account(client_class, data)

    assert "names a test of 2001-01-01, not in the file" in page.text
    assert not RedFlag.objects.filter(runner__email="new@example.com").exists()
