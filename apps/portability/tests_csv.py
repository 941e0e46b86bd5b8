"""A runner's tests as CSV: the columns, writing them, and reading a spreadsheet back into one
validated form per row (saved all-or-nothing by the view)."""

import csv
import io
import re

from apps.assessments.forms import AssessmentForm
from apps.assessments.models import PAIN_REGIONS, Assessment

COLUMNS = [
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
    *[f"pain_{region}" for region, _ in PAIN_REGIONS],
    "pain_uphill",
    "notes",
]
REQUIRED_COLUMNS = {"date", "instrument", "hip_angle_left", "hip_angle_right"}
MAX_IMPORT_BYTES = 1_000_000
MAX_IMPORT_ROWS = 2000
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# A spreadsheet runs a cell that begins with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """A value as a CSV cell a spreadsheet shows as text: text that would start a formula gets
    a leading apostrophe (numbers, a hip angle of -2 among them, stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def from_spreadsheet_cell(text: str) -> str:
    """Undoes spreadsheet_cell() for a text cell read back."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


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
    return spreadsheet_cell(value)  # text: notes, and choices that are safe anyway


def parse_rows(text, *, runner, today):
    """One bound AssessmentForm per data row, and errors about the file as a whole.

    No query per row: the runner's test dates are read once, and the forms check every rule
    the database holds (see AssessmentForm.clean).
    """
    if "\x00" in text:
        return [], ["The file contains a NUL character: it is not a plain-text CSV file."]
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = [name.strip() for name in next(reader, [])]
        problem = _header_problem(header)
        if problem:
            return [], [problem]
        # One form's fields serve every row; the runner's test dates are read once.
        taken_dates = dict(Assessment.objects.owned_by(runner).values_list("taken_on", "pk"))
        template = AssessmentForm(runner=runner, today=today, taken_dates=taken_dates)
        forms_by_row, seen = [], {}
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, or one of only commas, as spreadsheets write them
            if len(forms_by_row) == MAX_IMPORT_ROWS:
                return [], [f"More than {MAX_IMPORT_ROWS} rows: split the file."]
            form = _row_form(template, header, cells)
            form.row_number = number
            day = form.cleaned_data.get("taken_on")
            if day and day in seen:
                form.add_error("taken_on", f"Same date as row {seen[day]}.")
            elif day:
                seen[day] = number
            forms_by_row.append(form)
    except csv.Error as error:
        return [], [f"The file is not valid CSV: {error} (line {reader.line_num})."]
    if not forms_by_row:
        return [], ["The file has a header but no rows."]
    return forms_by_row, []


def _header_problem(header) -> str | None:
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        return f"Missing columns: {', '.join(sorted(missing))}. The first row must be a header."
    unknown = set(header) - set(COLUMNS)
    if unknown:
        return f"Unknown columns: {', '.join(sorted(unknown))}."
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        return f"The header names {', '.join(twice)} more than once: keep one column of each."
    return None


def _row_form(template, header, cells):
    data = {
        name: from_spreadsheet_cell(cell.strip()) for name, cell in zip(header, cells, strict=False)
    }
    data["taken_on"] = data.pop("date", "")
    data["pain_uphill"] = (
        "on" if data.get("pain_uphill", "").lower() in {"yes", "true", "1"} else ""
    )
    for side in ("left", "right"):
        data[f"knee_to_chest_{side}"] = data.get(f"knee_to_chest_{side}") or "not_done"
        data[f"knee_straightened_{side}"] = data.get(f"knee_straightened_{side}") or "not_done"
    form = template.bound_copy(data)
    form.is_valid()
    if len(cells) > len(header):
        form.add_error(
            None, "More cells than columns: put quotes around notes that contain commas."
        )
    if data["taken_on"] and not ISO_DATE.fullmatch(data["taken_on"]):
        # Spreadsheets write dates many ways; only YYYY-MM-DD is unambiguous.
        form.add_error("taken_on", "Write the date as YYYY-MM-DD, e.g. 2026-11-24.")
    return form
