"""A runner's tests as one CSV file: the export, and an import shown as a preview first that saves
every row or none."""

import base64
import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.assessments.models import Assessment
from tests.assessments.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = "/tests/export.csv"
IMPORT_URL = "/tests/import/"
# The header row of the CSV file, written out: runners keep this file in spreadsheets and import
# it back, so a column renamed, dropped or moved in the app must fail here, not pass silently.
SPREADSHEET_COLUMNS = [
    "date",
    "instrument",
    "hip_angle_left",
    "hip_angle_right",
    "knee_angle_left",
    "knee_angle_right",
    "knee_to_chest_left",
    "knee_to_chest_right",
    "knee_straightened_left",
    "knee_straightened_right",
    "abduction_left",
    "abduction_right",
    "pain_low_back",
    "pain_hip",
    "pain_groin",
    "pain_glute",
    "pain_hamstring",
    "pain_uphill",
    "notes",
]
# Everything but the keys and timestamps: what must survive an export and an import.
COMPARED_FIELDS = [
    "taken_on",
    "instrument",
    "hip_angle_left",
    "hip_angle_right",
    "knee_angle_left",
    "knee_angle_right",
    "knee_to_chest_left",
    "knee_to_chest_right",
    "knee_straightened_left",
    "knee_straightened_right",
    "abduction_left",
    "abduction_right",
    "pain_low_back",
    "pain_hip",
    "pain_groin",
    "pain_glute",
    "pain_hamstring",
    "pain_uphill",
    "notes",
]


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def csv_bytes(header, *rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def minimal_file(*rows):
    """A file with only the required columns; each row is (date, instrument, hip left, right)."""
    return csv_bytes(["date", "instrument", "hip_angle_left", "hip_angle_right"], *rows)


def upload(client, content, **extra):
    file = SimpleUploadedFile("tests.csv", content, content_type="text/csv")
    return client.post(IMPORT_URL, {"file": file, **extra})


def preview_content(response):
    """The base64 value of the hidden input in the preview's confirm form."""
    match = re.search(r'name="content" value="([^"]*)"', response.content.decode())
    assert match, "no confirm form in the preview"
    return match.group(1)


def snapshot(runner):
    return list(
        Assessment.objects.filter(runner=runner).order_by("taken_on").values(*COMPARED_FIELDS)
    )


def row_problems(response):
    """The errors of every previewed row, by the row number shown in the preview."""
    return {row.row_number: row.errors for row in response.context["rows"]}


# --- Export ---------------------------------------------------------------------------------


def test_export_is_a_csv_attachment_of_own_tests_oldest_first(runner_client, runner, stranger):
    today = runner.profile.today()
    newer = AssessmentFactory(
        runner=runner,
        taken_on=today - timedelta(days=3),
        instrument="goniometer",
        hip_angle_left=8.0,
        hip_angle_right=-4.5,
        knee_angle_left=None,
        knee_angle_right=None,
        knee_to_chest_left="lifted",
        knee_to_chest_right="stayed_down",
        knee_straightened_left="dropped",
        abduction_left=12.5,
        pain_low_back=3,
        pain_hip=0,
        pain_uphill=True,
        notes='Tight after hills, "long run"',
    )
    older = AssessmentFactory(runner=runner, taken_on=today - timedelta(days=10))
    AssessmentFactory(runner=stranger, taken_on=today - timedelta(days=5), hip_angle_left=33.0)

    response = runner_client.get(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    header, *rows = read_csv(response)
    assert header == SPREADSHEET_COLUMNS
    assert [row[0] for row in rows] == [older.taken_on.isoformat(), newer.taken_on.isoformat()]
    assert dict(zip(SPREADSHEET_COLUMNS, rows[0], strict=True)) == {
        "date": older.taken_on.isoformat(),
        "instrument": "phone",
        "hip_angle_left": "8",
        "hip_angle_right": "2",
        "knee_angle_left": "60",
        "knee_angle_right": "70",
        "knee_to_chest_left": "not_done",
        "knee_to_chest_right": "not_done",
        "knee_straightened_left": "not_done",
        "knee_straightened_right": "not_done",
        "abduction_left": "",
        "abduction_right": "",
        "pain_low_back": "",
        "pain_hip": "",
        "pain_groin": "",
        "pain_glute": "",
        "pain_hamstring": "",
        "pain_uphill": "no",
        "notes": "",
    }
    assert dict(zip(SPREADSHEET_COLUMNS, rows[1], strict=True)) == {
        "date": newer.taken_on.isoformat(),
        "instrument": "goniometer",
        "hip_angle_left": "8",
        "hip_angle_right": "-4.5",
        "knee_angle_left": "",
        "knee_angle_right": "",
        "knee_to_chest_left": "lifted",
        "knee_to_chest_right": "stayed_down",
        "knee_straightened_left": "dropped",
        "knee_straightened_right": "not_done",
        "abduction_left": "12.5",
        "abduction_right": "",
        "pain_low_back": "3",
        "pain_hip": "0",
        "pain_groin": "",
        "pain_glute": "",
        "pain_hamstring": "",
        "pain_uphill": "yes",
        "notes": 'Tight after hills, "long run"',
    }


def test_coach_export_holds_only_the_coachs_own_tests(coach_client, coach, runner):
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today - timedelta(days=7))
    own = AssessmentFactory(runner=coach, taken_on=today - timedelta(days=14))

    header, *rows = read_csv(coach_client.get(EXPORT_URL))

    assert header == SPREADSHEET_COLUMNS
    assert [row[0] for row in rows] == [own.taken_on.isoformat()]


def test_stranger_export_holds_only_the_strangers_own_tests(stranger_client, stranger, runner):
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today - timedelta(days=7))

    header, *rows = read_csv(stranger_client.get(EXPORT_URL))

    assert header == SPREADSHEET_COLUMNS
    assert rows == []


# --- Round trip -----------------------------------------------------------------------------


def test_exported_file_imports_back_after_preview_and_confirmation(runner_client, runner):
    today = runner.profile.today()
    AssessmentFactory(
        runner=runner,
        taken_on=today - timedelta(days=1),
        instrument="inclinometer",
        hip_angle_left=-3.5,
        hip_angle_right=10.0,
        knee_angle_left=None,
        knee_angle_right=None,
        knee_to_chest_left="stayed_down",
        knee_to_chest_right="lifted",
        abduction_left=4.5,
        abduction_right=0.0,
        pain_low_back=0,
        pain_hip=4,
        pain_groin=10,
        pain_glute=2,
        pain_hamstring=7,
        pain_uphill=True,
        notes='After a 30 km run, "felt tight"\nsecond line, with a comma',
    )
    AssessmentFactory(runner=runner, taken_on=today - timedelta(weeks=2))
    AssessmentFactory(runner=runner, taken_on=today - timedelta(weeks=3), knee_angle_left=80.5)
    originals = snapshot(runner)
    exported = runner_client.get(EXPORT_URL).content
    Assessment.objects.filter(runner=runner).delete()

    preview = upload(runner_client, exported)

    assert preview.status_code == 200
    assert "3 tests ready to import" in preview.content.decode()
    assert "Import 3 tests" in preview.content.decode()
    assert not Assessment.objects.exists()

    content = preview_content(preview)
    assert base64.b64decode(content) == exported
    done = runner_client.post(IMPORT_URL, {"content": content, "confirm": "1"}, follow=True)

    assert done.redirect_chain == [(reverse("assessments:history"), 302)]
    assert "Imported 3 tests." in done.content.decode()
    assert snapshot(runner) == originals


def test_import_saves_into_the_importers_account_only(coach_client, coach, runner):
    day = runner.profile.today() - timedelta(days=2)
    preview = upload(coach_client, minimal_file([day.isoformat(), "phone", "5", "1"]))

    coach_client.post(IMPORT_URL, {"content": preview_content(preview), "confirm": "1"})

    assert list(Assessment.objects.values_list("runner", "taken_on")) == [(coach.pk, day)]


def test_file_with_only_required_columns_imports_with_defaults(runner_client, runner):
    day = runner.profile.today() - timedelta(days=2)
    content = base64.b64encode(minimal_file([day.isoformat(), "visual", "6.5", "-2"])).decode()

    response = runner_client.post(IMPORT_URL, {"content": content, "confirm": "1"})

    assert response.status_code == 302
    test = Assessment.objects.get(runner=runner)
    assert (test.taken_on, test.instrument, test.hip_angle_left, test.hip_angle_right) == (
        day,
        "visual",
        6.5,
        -2.0,
    )
    assert (test.knee_to_chest_left, test.knee_to_chest_right) == ("not_done", "not_done")
    assert (test.knee_angle_left, test.pain_uphill, test.notes) == (None, False, "")


# --- All or nothing -------------------------------------------------------------------------


def _bad_rows(today):
    valid = (today - timedelta(days=20)).isoformat()
    other = (today - timedelta(days=13)).isoformat()
    return {
        "hip angle not a number": (
            [[valid, "phone", "5", "1"], [other, "phone", "abc", "1"]],
            "hip_angle_left: Enter the angle as a number of degrees, e.g. 8 or -5.",
        ),
        "hip angle out of range": (
            [[valid, "phone", "5", "1"], [other, "phone", "99", "1"]],
            "hip_angle_left: Enter an angle between -40 and 60 degrees.",
        ),
        "unknown instrument": (
            [[valid, "phone", "5", "1"], [other, "ruler", "5", "1"]],
            "instrument: Select a valid choice.",
        ),
        "date in the future": (
            [
                [valid, "phone", "5", "1"],
                [(today + timedelta(days=1)).isoformat(), "phone", "5", "1"],
            ],
            "taken_on: The date cannot be in the future.",
        ),
        "date not a date": (
            [[valid, "phone", "5", "1"], ["2026-02-30", "phone", "5", "1"]],
            "taken_on: Enter a date like 2026-11-24.",
        ),
        "same date twice in the file": (
            [[valid, "phone", "5", "1"], [valid, "phone", "6", "2"]],
            "taken_on: Same date as row 2.",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "hip angle not a number",
        "hip angle out of range",
        "unknown instrument",
        "date in the future",
        "date not a date",
        "same date twice in the file",
    ],
)
def test_one_bad_row_is_named_and_nothing_is_saved_even_when_confirmed(runner_client, runner, case):
    rows, problem = _bad_rows(runner.profile.today())[case]
    content = minimal_file(*rows)

    preview = upload(runner_client, content)
    confirmed = runner_client.post(
        IMPORT_URL, {"content": base64.b64encode(content).decode(), "confirm": "1"}
    )

    for response in (preview, confirmed):
        page = response.content.decode()
        assert response.status_code == 200
        assert "1 of 2 rows need fixing" in page
        assert "Nothing was saved." in page
        assert problem in page
        assert 'name="confirm"' not in page
        assert not row_problems(response)[2]
        assert row_problems(response)[3]
    assert not Assessment.objects.exists()


def test_a_date_already_recorded_is_named_and_nothing_is_saved(runner_client, runner):
    today = runner.profile.today()
    existing = AssessmentFactory(runner=runner, taken_on=today - timedelta(days=7))
    content = minimal_file(
        [(today - timedelta(days=14)).isoformat(), "phone", "5", "1"],
        [existing.taken_on.isoformat(), "phone", "5", "1"],
    )

    response = runner_client.post(
        IMPORT_URL, {"content": base64.b64encode(content).decode(), "confirm": "1"}
    )

    page = response.content.decode()
    assert "1 of 2 rows need fixing" in page
    assert "taken_on: You already recorded a test on this date. Edit that test." in page
    assert list(Assessment.objects.values_list("pk", flat=True)) == [existing.pk]


def test_another_runners_test_on_the_same_date_does_not_block_the_import(
    runner_client, runner, stranger
):
    day = runner.profile.today() - timedelta(days=7)
    AssessmentFactory(runner=stranger, taken_on=day)
    content = base64.b64encode(minimal_file([day.isoformat(), "phone", "5", "1"])).decode()

    response = runner_client.post(IMPORT_URL, {"content": content, "confirm": "1"})

    assert response.status_code == 302
    assert Assessment.objects.filter(runner=runner, taken_on=day).exists()


# --- Malformed files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            csv_bytes(["date", "hip_angle_left"], ["2026-01-05", "5"]),
            "Missing columns: hip_angle_right, instrument. The first row must be a header.",
            id="missing columns",
        ),
        pytest.param(
            b"2026-01-05,phone,5,1\n2026-01-12,phone,6,2\n",
            "Missing columns: date, hip_angle_left, hip_angle_right, instrument.",
            id="no header",
        ),
        pytest.param(
            csv_bytes(
                ["date", "instrument", "hip_angle_left", "hip_angle_right", "mood", "Weather"],
                ["2026-01-05", "phone", "5", "1", "good", "rain"],
            ),
            "Unknown columns: Weather, mood.",
            id="unknown columns",
        ),
        pytest.param(
            csv_bytes(SPREADSHEET_COLUMNS),
            "The file has a header but no rows.",
            id="header only",
        ),
        pytest.param(
            "date,instrument,hip_angle_left,hip_angle_right\n2026-01-05,phone,5,1\n".encode(
                "utf-16"
            ),
            "The file is not a UTF-8 CSV file.",
            id="utf-16",
        ),
        pytest.param(
            minimal_file(["2026-01-05", "phone", "5", "1"]).replace(b"phone", b"ph\xf6ne"),
            "The file is not a UTF-8 CSV file.",
            id="latin-1 byte",
        ),
        pytest.param(
            csv_bytes(
                ["date", "instrument", "hip_angle_left", "hip_angle_right", "notes"],
                ["2026-01-05", "phone", "5", "1", "x" * 140_000],
            ),
            "The file is not valid CSV: field larger than field limit",
            id="field too large for csv",
        ),
    ],
)
def test_malformed_file_shows_its_problem_and_saves_nothing(runner_client, content, message):
    preview = upload(runner_client, content)
    confirmed = runner_client.post(
        IMPORT_URL, {"content": base64.b64encode(content).decode(), "confirm": "1"}
    )

    for response in (preview, confirmed):
        assert response.status_code == 200
        assert message in response.content.decode()
        assert 'name="confirm"' not in response.content.decode()
    assert not Assessment.objects.exists()


def test_file_with_a_byte_order_mark_is_read(runner_client, runner):
    day = runner.profile.today() - timedelta(days=1)
    content = b"\xef\xbb\xbf" + minimal_file([day.isoformat(), "phone", "5", "1"])

    response = upload(runner_client, content, confirm="1")

    assert response.status_code == 302
    assert list(Assessment.objects.values_list("taken_on", flat=True)) == [day]


def test_submitting_without_a_file_asks_for_one(runner_client):
    # What a browser sends when Preview is pressed with no file chosen: an empty file part.
    response = runner_client.post(IMPORT_URL, {"file": "", "content": ""})

    assert response.status_code == 200
    assert "Choose a CSV file to import." in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_empty_file_is_refused(runner_client):
    response = upload(runner_client, b"")

    assert response.status_code == 200
    assert "The submitted file is empty." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_file_over_one_megabyte_is_refused(runner_client, runner):
    day = runner.profile.today() - timedelta(days=1)
    content = minimal_file([day.isoformat(), "phone", "5", "1"])
    content += b" " * (1_000_001 - len(content))

    response = upload(runner_client, content, confirm="1")

    assert response.status_code == 200
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "damaged",
    [
        pytest.param("not base64!", id="not base64"),
        pytest.param("ZGF0ZQ", id="bad padding"),
    ],
)
def test_damaged_preview_content_is_refused(runner_client, damaged):
    response = runner_client.post(IMPORT_URL, {"content": damaged, "confirm": "1"})

    assert response.status_code == 200
    assert "The preview was damaged: choose the file again." in response.content.decode()
    assert not Assessment.objects.exists()


# --- Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [EXPORT_URL, IMPORT_URL])
def test_anonymous_user_is_sent_to_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_anonymous_import_post_saves_nothing(client):
    content = base64.b64encode(minimal_file(["2026-01-05", "phone", "5", "1"])).decode()

    response = client.post(IMPORT_URL, {"content": content, "confirm": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Assessment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["03/04/2026", "3.4.2026", "2026/04/03"])
def test_import_refuses_ambiguous_date_formats(runner_client, written):
    content = f"date,instrument,hip_angle_left,hip_angle_right\n{written},phone,5,2\n"

    response = runner_client.post(
        "/tests/import/",
        {"file": SimpleUploadedFile("tests.csv", content.encode(), content_type="text/csv")},
    )

    assert "Write the date as YYYY-MM-DD" in response.content.decode()
    assert not Assessment.objects.exists()
