"""A runner's tests as CSV: the columns, writing them, and reading a spreadsheet back into one
validated form per row (saved all-or-nothing by the view)."""

import csv
import io
import re

from apps.assessments.forms import AssessmentForm
from apps.assessments.models import PAIN_REGIONS

COLUMNS = [
    "date",
    "instrument",
    "hip_angle_left",
    "hip_angle_right",
    "knee_angle_left",
    "knee_angle_right",
    "knee_to_chest_left",
    "knee_to_chest_right",
    "abduction_left",
    "abduction_right",
    *[f"pain_{region}" for region, _ in PAIN_REGIONS],
    "pain_uphill",
    "notes",
]
REQUIRED_COLUMNS = {"date", "instrument", "hip_angle_left", "hip_angle_right"}
MAX_IMPORT_BYTES = 1_000_000
MAX_IMPORT_ROWS = 2000
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def write_tests(tests, out) -> None:
    """Writes the header and one row per test (oldest first, as given) to a file-like `out`."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for test in tests.iterator(chunk_size=500):
        writer.writerow([_cell(test, column) for column in COLUMNS])


def _cell(test, column):
    if column == "date":
        return test.taken_on.isoformat()
    value = getattr(test, column)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return value


def parse_rows(text, *, runner, today):
    """One bound AssessmentForm per data row, and errors about the file as a whole."""
    reader = csv.DictReader(io.StringIO(text))
    header = set(reader.fieldnames or [])
    missing = REQUIRED_COLUMNS - header
    if missing:
        return [], [
            f"Missing columns: {', '.join(sorted(missing))}. The first row must be a header."
        ]
    unknown = header - set(COLUMNS)
    if unknown:
        return [], [f"Unknown columns: {', '.join(sorted(unknown))}."]
    forms_by_row, seen = [], {}
    try:
        for number, row in enumerate(reader, start=2):
            if number - 1 > MAX_IMPORT_ROWS:
                return [], [f"More than {MAX_IMPORT_ROWS} rows: split the file."]
            if not any((value or "").strip() for key, value in row.items() if key):
                continue  # a blank line, or one of only commas, as spreadsheets write them
            extra_cells = row.get(None)
            data = {key: (value or "").strip() for key, value in row.items() if key}
            data["taken_on"] = data.pop("date", "")
            data["pain_uphill"] = (
                "on" if data.get("pain_uphill", "").lower() in {"yes", "true", "1"} else ""
            )
            data.setdefault("knee_to_chest_left", "not_done")
            data.setdefault("knee_to_chest_right", "not_done")
            data["knee_to_chest_left"] = data["knee_to_chest_left"] or "not_done"
            data["knee_to_chest_right"] = data["knee_to_chest_right"] or "not_done"
            form = AssessmentForm(data, runner=runner, today=today)
            form.row_number = number
            form.is_valid()
            if extra_cells:
                form.add_error(
                    None, "More cells than columns: put quotes around notes that contain commas."
                )
            if data["taken_on"] and not ISO_DATE.fullmatch(data["taken_on"]):
                # Spreadsheets write dates many ways; only YYYY-MM-DD is unambiguous.
                form.add_error("taken_on", "Write the date as YYYY-MM-DD, e.g. 2026-11-24.")
            day = form.cleaned_data.get("taken_on")
            if day and day in seen:
                form.add_error("taken_on", f"Same date as row {seen[day]}.")
            elif day:
                seen[day] = number
            forms_by_row.append(form)
    except csv.Error as error:
        return [], [f"The file is not valid CSV: {error}."]
    if not forms_by_row:
        return [], ["The file has a header but no rows."]
    return forms_by_row, []
