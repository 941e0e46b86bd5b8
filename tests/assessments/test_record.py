import re
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse

from apps.assessments.models import Assessment
from tests.assessments.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

URL = "/tests/new/"


def form_data(runner, **overrides):
    return {
        "taken_on": runner.profile.today().isoformat(),
        "instrument": "phone",
        "hip_angle_left": "8",
        "hip_angle_right": "-2",
        "knee_angle_left": "70",
        "knee_angle_right": "85",
        "knee_to_chest_left": "lifted",
        "knee_to_chest_right": "stayed_down",
        "pain_hip": "3",
        "notes": "after a long run",
        **overrides,
    }


def test_recording_a_test_saves_it_and_shows_the_verdicts(runner_client, runner):
    response = runner_client.post(URL, form_data(runner))

    test = Assessment.objects.get()
    assert (test.runner, test.hip_angle_left, test.hip_angle_right) == (runner, 8, -2)
    assert (test.knee_to_chest_left, test.pain_hip, test.notes) == ("lifted", 3, "after a long run")
    # A first test asks the red-flag questions before the result.
    assert response["Location"] == f"/tests/{test.pk}/safety/"
    page = runner_client.post(response["Location"], {}, follow=True).content.decode()
    assert "8° above level: points to tight hip flexors" in page
    assert "about level (2° below, within measurement error)" in page
    assert "left 10° tighter than right" in page
    assert "knee 70°: short of the classic 80° mark, within what athletes measure" in page


def test_the_tenderness_question_promises_no_massage(runner_client):
    page = runner_client.get(URL).content.decode()

    assert (
        "A finding to note, not a pain score. Do not massage or roll a tender groin; if it stays "
        "tender, ask a physiotherapist." in page
    )
    assert "foam roller" not in page
    assert "massage or foam" not in page


def test_the_form_defaults_to_today_and_the_last_instrument(runner_client, runner):
    AssessmentFactory(
        runner=runner,
        instrument="inclinometer",
        taken_on=runner.profile.today() - timedelta(days=7),
    )

    form = runner_client.get(URL).context["form"]

    assert form.initial["taken_on"] == runner.profile.today()
    assert form.initial["instrument"] == "inclinometer"


def test_up_to_three_trials_are_averaged(runner_client, runner):
    runner_client.post(
        URL,
        form_data(
            runner,
            hip_angle_left="8",
            hip_angle_left_2="10",
            hip_angle_left_3="9",
            knee_angle_right_2="88",
        ),
    )

    test = Assessment.objects.get()
    assert test.hip_angle_left == 9
    assert test.knee_angle_right == 86.5


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hip_angle_left", "61", "Enter an angle between -40 and 60 degrees."),
        ("hip_angle_right", "-41", "Enter an angle between -40 and 60 degrees."),
        ("hip_angle_left", "eight", "Enter the angle as a number of degrees"),
        ("hip_angle_left", "", "Enter this angle"),
        ("knee_angle_left", "161", "Enter an angle between 0 and 160 degrees."),
        ("knee_angle_right", "", "Enter both knee angles, or leave both empty."),
        ("abduction_left", "61", "Enter an angle between 0 and 60 degrees."),
        ("pain_hip", "11", "Enter a whole number from 0 to 10."),
        ("pain_groin", "-1", "Enter a whole number from 0 to 10."),
        ("instrument", "laser", "Select a valid choice"),
        ("taken_on", "yesterday", "Enter a date like 2026-11-24."),
        ("hip_angle_left_2", "99", "Enter an angle between -40 and 60 degrees."),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    runner_client, runner, field, value, message
):
    response = runner_client.post(URL, form_data(runner, **{field: value}))

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_future_date_is_refused(runner_client, runner):
    tomorrow = runner.profile.today() + timedelta(days=1)

    response = runner_client.post(URL, form_data(runner, taken_on=tomorrow.isoformat()))

    assert "The date cannot be in the future." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_second_test_on_one_date_links_to_the_first(runner_client, runner):
    first = AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    response = runner_client.post(URL, form_data(runner))

    page = response.content.decode()
    assert "You already recorded a test on this date." in page
    assert f'href="/tests/{first.pk}/edit/"' in page
    assert Assessment.objects.count() == 1


def test_another_runners_test_on_the_same_date_is_no_conflict(runner_client, runner, stranger):
    AssessmentFactory(runner=stranger, taken_on=runner.profile.today())

    runner_client.post(URL, form_data(runner))

    assert Assessment.objects.filter(runner=runner).count() == 1


def test_live_feedback_returns_the_verdicts_partial_and_saves_nothing(runner_client, runner):
    response = runner_client.post(
        "/tests/feedback/",
        {"hip_angle_left": "8", "hip_angle_right": "-2", "knee_angle_left": "abc"},
        headers={"HX-Request": "true", "HX-Target": "feedback"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "8° above level: points to tight hip flexors" in page
    assert "Hip imbalance:</strong> left 10° tighter than right" in page
    assert not Assessment.objects.exists()


def test_live_feedback_with_nothing_usable_invites_input(runner_client):
    response = runner_client.post("/tests/feedback/", {"hip_angle_right": ""})

    page = response.content.decode()
    assert "compared here once both hip angles are in" in page
    assert page.count("shows here as you type") == 2  # one card per leg


def leg_card(page, side):
    card = page[page.index(f'id="verdict-{side}"') :]
    return card[: card.index("</div>")]


def test_each_legs_verdict_arrives_beside_its_fields_and_a_refused_value_says_why(runner_client):
    response = runner_client.post(
        "/tests/feedback/",
        {"hip_angle_left": "95", "knee_to_chest_left": "lifted", "hip_angle_right": "6"},
    )

    page = response.content.decode()
    left, right = leg_card(page, "left"), leg_card(page, "right")
    assert 'hx-swap-oob="innerHTML"' in left
    assert "Left hip angle (°): Enter an angle between -40 and" in left  # the range, live
    assert "Hip:</strong>" not in left  # no verdict from a refused angle
    assert "Knee-to-chest:</strong>" in left  # what is valid still speaks
    assert "Hip:</strong> 6° above level" in right
    assert "Left hip angle" not in right


def test_a_refused_save_lists_each_problem_at_the_top_linking_to_its_field(runner_client, runner):
    data = form_data(runner, hip_angle_left="95", knee_angle_right="abc")

    page = runner_client.post(URL, data).content.decode()

    summary = page[page.index('id="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "autofocus" in page[page.index('<div class="error-summary"') :][:200]
    assert "2 things to fix" in summary
    assert 'href="#id_hip_angle_left"' in summary
    assert 'href="#id_knee_angle_right"' in summary
    assert "Hip:</strong>" in leg_card(page, "right")  # the verdicts of what was valid
    assert not Assessment.objects.exists()


def test_the_runners_usual_instrument_is_preselected(runner_client, runner):
    AssessmentFactory(runner=runner, instrument="goniometer")

    page = runner_client.get(URL).content.decode()

    assert re.search(r'value="goniometer"[^>]*checked', page)


def test_feedback_needs_a_post(runner_client):
    assert runner_client.get("/tests/feedback/").status_code == 405


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hip_angle_left", 61),
        ("hip_angle_right", -40.5),
        ("knee_angle_left", 161),
        ("abduction_right", -1),
        ("pain_low_back", 11),
        ("instrument", "laser"),
        ("knee_to_chest_left", "maybe"),
        ("knee_angle_right", None),  # knee angles come in pairs
    ],
)
def test_the_database_refuses_out_of_range_values(runner, field, value):
    with pytest.raises(IntegrityError):
        AssessmentFactory(runner=runner, **{field: value})


def test_the_database_allows_one_test_per_runner_per_day(runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    with pytest.raises(IntegrityError):
        AssessmentFactory(runner=runner, taken_on=runner.profile.today())


def test_recording_needs_login(client):
    assert client.get(URL)["Location"] == f"{reverse('accounts:login')}?next={URL}"


def test_kendalls_step_is_an_optional_reading_that_words_the_verdict(runner_client, runner):
    form = runner_client.get(URL).text
    assert "Left thigh with the knee straightened (optional)" in form

    response = runner_client.post(
        URL, form_data(runner, knee_straightened_left="dropped", knee_straightened_right="")
    )
    test = Assessment.objects.get()
    page = runner_client.post(response["Location"], {}, follow=True).text

    assert (test.knee_straightened_left, test.knee_straightened_right) == ("dropped", "not_done")
    assert (
        "8° above level, and the thigh dropped with the knee straightened: points to a tight "
        "rectus femoris rather than the psoas/iliacus"
    ) in page
    assert "measured athletes average 11.9° below level" in page
    assert "good length" not in page


def test_a_refused_kendall_answer_is_named_and_nothing_is_saved(runner_client, runner):
    response = runner_client.post(URL, form_data(runner, knee_straightened_left="maybe"))

    assert "Select a valid choice." in response.text
    assert not Assessment.objects.exists()
