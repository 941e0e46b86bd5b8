"""The test result opens with its one finding: in words, with a colour and a body map of the
two hips (its text alternative says the same), the per-leg detail below it."""

import re

import pytest

from apps.assessments import scoring
from tests.assessments.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

PHONE = scoring.Thresholds(hip_degrees=5, knee_degrees=20, level_band=3)


@pytest.mark.parametrize(
    ("left", "right", "tone", "text"),
    [
        (8, 0, scoring.ATTENTION, "Left hip 8° tighter than the right"),
        (-2, 6.5, scoring.ATTENTION, "Right hip 8.5° tighter than the left"),
        (1, -2, scoring.CLEAR, "Both sides about level"),
        (-8, -10, scoring.CLEAR, "Both sides pass, about even"),
        (7, 9, scoring.ATTENTION, "Both hips tight, about even"),
        (4, 1, scoring.ATTENTION, "Left hip tight, within error of the other"),
    ],
)
def test_the_finding_names_the_imbalance_or_both_sides(left, right, tone, text):
    summary = scoring.summarize(hip_left=left, hip_right=right, thresholds=PHONE)

    found = scoring.finding(summary)

    assert (found.tone, found.text) == (tone, text)


def test_no_finding_without_both_hip_angles():
    summary = scoring.summarize(hip_left=8, hip_right=None, thresholds=PHONE)

    assert scoring.finding(summary) is None


def test_the_result_page_opens_with_the_finding_and_a_body_map(runner_client, runner):
    test = AssessmentFactory(runner=runner, hip_angle_left=8, hip_angle_right=0, instrument="phone")

    page = runner_client.get(f"/tests/{test.pk}/").content.decode()

    main = page[page.index("<main") :]
    finding = re.search(r'<section class="finding finding-(\w+)".*?</section>', main, re.S)
    assert finding.group(1) == "attention"
    assert '<h2 id="finding-heading">Left hip 8° tighter than the right</h2>' in finding.group(0)
    # The body map: an image with a text alternative, the tight thigh hatched as well as coloured.
    assert 'role="img" aria-labelledby="hip-map-title hip-map-desc"' in finding.group(0)
    assert (
        "Left hip: 8° above level: points to tight hip flexors. Right hip: level with the table."
        in finding.group(0)
    )
    assert finding.group(0).count('class="hatched"') == 1
    # The finding comes before the per-leg detail.
    assert main.index("finding-heading") < main.index('id="result-heading"')


def test_both_sides_about_level_is_said_in_words_and_green(runner_client, runner):
    test = AssessmentFactory(
        runner=runner, hip_angle_left=1, hip_angle_right=-1, instrument="phone"
    )

    page = runner_client.get(f"/tests/{test.pk}/").content.decode()

    assert '<section class="finding finding-clear"' in page
    assert '<h2 id="finding-heading">Both sides about level</h2>' in page
    assert 'class="hatched"' not in page
