"""Generated input thrown at the forms and importers: never a 500, never a row saved if invalid."""

import json
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.assessments.models import Assessment
from apps.plans.models import Plan
from apps.sitting.models import SittingDay
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# 30 examples a run: each example already carries several generated values (up to 30 cells for
# the CSV importer), the sampled odd formats below come up early, and every run of the suite draws
# new ones, so the inputs tried add up run after run. At 60 this module took a third of the time
# of the whole suite without browser tests.
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Numbers as a form receives them: in range, out of range, odd formats, or not numbers at all.
NUMBERISH = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "1e309", "-0", "0x10", "½", "٣", "12,5", "NaN", "∞"]),
    st.text(max_size=8),
)
DATEISH = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["", "2026-02-30", "31/12/2026", "tomorrow", "0000-00-00"]),
    st.text(max_size=12),
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=50)


@pytest.fixture
def logged_in(client, db):
    user = UserFactory(email="fuzz@example.com")
    client.force_login(user)
    return client, user


@FUZZ
@given(
    hip_left=NUMBERISH, hip_right=NUMBERISH, knee_left=NUMBERISH, pain=NUMBERISH,
    taken_on=DATEISH, instrument=st.one_of(st.sampled_from(["phone", "visual"]), TEXT),
    knee_to_chest=st.one_of(st.sampled_from(["lifted", "not_done"]), TEXT),
)  # fmt: skip
def test_the_test_form(
    logged_in, hip_left, hip_right, knee_left, pain, taken_on, instrument, knee_to_chest
):
    client, user = logged_in
    before = Assessment.objects.count()
    data = {
        "taken_on": taken_on, "instrument": instrument, "hip_angle_left": hip_left,
        "hip_angle_right": hip_right, "knee_angle_left": knee_left, "knee_angle_right": knee_left,
        "knee_to_chest_left": knee_to_chest, "pain_hip": pain,
    }  # fmt: skip

    response = client.post("/tests/new/", data)
    feedback = client.post("/tests/feedback/", data)

    assert response.status_code in (200, 302)
    assert feedback.status_code == 200
    if response.status_code == 200:  # refused: nothing saved
        assert Assessment.objects.count() == before
    Assessment.objects.filter(runner=user).delete()


@FUZZ
@given(minutes=NUMBERISH, breaks=NUMBERISH, reps=NUMBERISH, run=NUMBERISH, day=DATEISH)
def test_the_daily_log_form(logged_in, minutes, breaks, reps, run, day):
    client, user = logged_in
    data = {
        "minutes_seated": minutes,
        "standing_breaks": breaks,
        "core_reps": reps,
        "run_minutes": run,
    }

    # The day is part of the path: quoted, as a browser would ("?" would start a query string).
    response = client.post(f"/sitting/{quote(day, safe='')}/", data)

    assert response.status_code in (200, 302, 404)
    if response.status_code != 302:
        assert not SittingDay.objects.filter(runner=user).exists()
    SittingDay.objects.filter(runner=user).delete()


@FUZZ
@given(
    sets=NUMBERISH, amount=NUMBERISH, weeks=NUMBERISH, per_week=NUMBERISH, starts=DATEISH,
    side=st.one_of(st.sampled_from(["", "left"]), TEXT),
)  # fmt: skip
def test_the_coachs_plan_form(coach_client, runner, sets, amount, weeks, per_week, starts, side):
    data = {
        "title": "Fuzz", "starts_on": starts, "weeks": weeks, "sessions_per_week": per_week,
        "edge-of-table-include": "on", "edge-of-table-order": "1", "edge-of-table-sets": sets,
        "edge-of-table-amount": amount, "edge-of-table-extra_set_side": side,
    }  # fmt: skip

    response = coach_client.post(f"/runners/{runner.pk}/plan/new/", data)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert not Plan.objects.filter(runner=runner).exists()
    Plan.objects.filter(runner=runner).delete()


CSV_CELL = st.one_of(NUMBERISH, DATEISH, TEXT.filter(lambda t: "\x00" not in t))


@FUZZ
@given(rows=st.lists(st.lists(CSV_CELL, min_size=1, max_size=6), max_size=5))
def test_the_csv_importer(logged_in, rows):
    client, user = logged_in
    header = "date,instrument,hip_angle_left,hip_angle_right,knee_angle_left,notes"
    lines = [header] + [",".join(json.dumps(cell) for cell in row) for row in rows]
    upload = SimpleUploadedFile("t.csv", "\n".join(lines).encode(), content_type="text/csv")

    preview = client.post("/tests/import/", {"file": upload})

    assert preview.status_code == 200
    assert not Assessment.objects.filter(runner=user).exists()  # a preview saves nothing


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=20,
)


@FUZZ
@given(
    body=st.one_of(
        JSON_VALUE,
        st.fixed_dictionaries(
            {"format": st.just("psoas-tracker-export"), "version": st.just(1)},
            optional={
                "profile": JSON_VALUE,
                "tests": JSON_VALUE,
                "plans": JSON_VALUE,
                "sitting_days": JSON_VALUE,
            },
        ),
    )
)
def test_the_json_importer(logged_in, body):
    client, user = logged_in
    upload = SimpleUploadedFile(
        "x.json", json.dumps(body).encode(), content_type="application/json"
    )

    response = client.post("/account/import/", {"file": upload})

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert not Assessment.objects.filter(runner=user).exists()
        assert not SittingDay.objects.filter(runner=user).exists()
        assert not Plan.objects.filter(runner=user).exists()
