"""The test form: the four numbers first; the optional parts folded in details elements, open
when they hold a value or an error; the knee measurable with the phone too."""

import re

import pytest

from tests.assessments.factories import AssessmentFactory
from tests.assessments.test_record import URL, form_data

pytestmark = pytest.mark.django_db


def optional_parts(page):
    """{summary text: open?} of the folded parts."""
    return {
        summary: bool(attrs.strip())
        for attrs, summary in re.findall(
            r'<details class="optional"( open)?>\s*<summary>([^<]+)</summary>', page
        )
    }


def test_the_four_numbers_come_first_and_the_rest_is_folded(runner_client):
    page = runner_client.get(URL).content.decode()

    numbers = page[page.index('<fieldset class="four-numbers">') :]
    numbers = numbers[: numbers.index("</fieldset>")]
    assert re.findall(r'name="((?:hip|knee)_angle_(?:left|right))"', numbers) == [
        "hip_angle_left",
        "hip_angle_right",
        "knee_angle_left",
        "knee_angle_right",
    ]
    assert optional_parts(page) == {
        "Trials: average up to 3 per angle": False,
        "Knee-to-chest, the straightened knee, thigh drift": False,
        "Pain": False,
        "Tenderness": False,
        "Notes": False,
    }
    # Every optional field is inside a fold, none before the four numbers.
    first_fold = page.index('<details class="optional"')
    for name in ("hip_angle_left_2", "knee_to_chest_left", "pain_hip", "tender_to_touch", "notes"):
        assert page.index(f'name="{name}"') > first_fold


def test_a_part_holding_a_value_comes_open(runner, runner_client):
    test = AssessmentFactory(
        runner=runner, taken_on=runner.profile.today(), notes="after a long run", pain_hip=3
    )

    page = runner_client.get(f"/tests/{test.pk}/edit/").content.decode()

    assert optional_parts(page) == {
        "Trials: average up to 3 per angle": False,
        "Knee-to-chest, the straightened knee, thigh drift": False,
        "Pain": True,
        "Tenderness": False,
        "Notes": True,
    }


def test_a_part_holding_an_error_comes_open(runner, runner_client):
    data = form_data(runner, pain_hip="", notes="", knee_to_chest_left="not_done")
    data["knee_to_chest_right"] = "not_done"
    data["pain_groin"] = "11"
    data["hip_angle_right_2"] = "99"

    page = runner_client.post(URL, data).content.decode()

    parts = optional_parts(page)
    assert parts["Pain"] is True
    assert parts["Trials: average up to 3 per angle"] is True
    assert parts["Notes"] is False


def test_each_knee_has_a_phone_measure_beside_the_hip_s(runner_client):
    page = runner_client.get(URL).content.decode()

    assert (
        'data-tilt-for="id_knee_angle_left" data-tilt-side="Left" data-tilt-kind="knee" '
        'data-tilt-thigh="id_hip_angle_left"' in page
    )
    assert "the phone reads the shin's tilt, and the thigh's tilt is your left hip angle" in page
