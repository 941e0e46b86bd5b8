"""The next-morning checks in the account export (from format 11): each morning's answer
leaves in the JSON and the zip, and comes back whole; a file of version 10 has none and imports."""

import io
import zipfile
from datetime import timedelta

import pytest

from apps.accounts.models import User
from apps.plans.models import MorningCheck
from tests.assessments.factories import AssessmentFactory
from tests.portability.helpers import export_of, import_into_new_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_mornings(runner):
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today)
    MorningCheck.objects.create(runner=runner, day=today - timedelta(days=2), pain=2)
    MorningCheck.objects.create(runner=runner, day=today, pain=5)
    return runner


def mornings(runner):
    return list(
        MorningCheck.objects.filter(runner=runner)
        .order_by("day")
        .values_list("day", "pain", "answered_at")
    )


def test_the_checks_leave_and_come_back_equal(runner_client, alices_mornings, client_class):
    data = export_of(runner_client)

    assert [check["pain"] for check in data["morning_checks"]] == [2, 5]
    assert import_into_new_account(client_class, data).status_code == 302
    newcomer = User.objects.get(email="new@example.com")
    assert mornings(newcomer) == mornings(alices_mornings)


def test_the_zip_has_the_checks(runner_client, alices_mornings):
    archive = zipfile.ZipFile(io.BytesIO(runner_client.get("/account/export.zip").content))

    lines = archive.read("morning_checks.csv").decode().splitlines()
    assert lines[0] == "day,pain,answered_at"
    assert [line.split(",")[1] for line in lines[1:]] == ["2", "5"]


def test_an_export_of_version_10_has_no_checks_and_imports(
    runner_client, alices_mornings, client_class
):
    data = export_of(runner_client)
    data["version"] = 10
    del data["morning_checks"]

    assert import_into_new_account(client_class, data).status_code == 302
    newcomer = User.objects.get(email="new@example.com")
    assert newcomer.assessments.count() == 1
    assert mornings(newcomer) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pain": 12}, "A next-morning check&#x27;s pain is from 0 to 10."),
        ({"day": "2999-01-01"}, "A next-morning check is dated 2999-01-01, after today."),
    ],
)
def test_a_bad_check_refuses_the_whole_file(
    runner_client, alices_mornings, client_class, change, message
):
    data = export_of(runner_client)
    data["morning_checks"][0].update(change)

    response = import_into_new_account(client_class, data)

    assert message in response.text
    assert not User.objects.get(email="new@example.com").assessments.exists()
