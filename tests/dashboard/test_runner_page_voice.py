"""A coach's pages about a runner speak to the coach about the runner ("Alice answered yes to
..."), never in the runner's voice, and show no control only the runner may use; the coach
stops coaching from the runner's page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import CoachLink
from apps.assessments import safety
from apps.plans.models import Plan, StretchSession
from tests.assessments.factories import AssessmentFactory
from tests.dashboard.year_of_history import year_of_history
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db

# What a coach's page may say to the coach, in the second person: about the coach, not Alice.
TO_THE_COACH = (
    "Linked with you since",
    "Your browser's Print command",
    "shares their data with you",
    "Only the runner and you see it",
    "You can change or delete it for 15 minutes",
)


def words(html):
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    text = re.sub(r"<(svg|script)\b.*?</\1>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def second_person(html):
    """Every sentence of the page's main content that says you or your, less those above."""
    text = words(html)
    for phrase in TO_THE_COACH:
        text = text.replace(phrase, "")
    return [
        sentence.strip()
        for sentence in re.split(r"(?<=[.:;!?])\s", text)
        if re.search(r"\b(you|your|yours|you're)\b", sentence, flags=re.I)
    ]


@pytest.fixture
def alices_year(runner, coach):
    year_of_history(runner, coach)
    today = runner.profile.today()
    runner.assessments.filter(taken_on=today).delete()
    # The latest test: the left leg lifted in knee-to-chest, knees beside Alice's baseline.
    return AssessmentFactory(runner=runner, taken_on=today, knee_to_chest_left="lifted", pain_hip=4)


def test_the_coachs_pages_about_alice_never_speak_in_her_voice(coach_client, runner, alices_year):
    pages = {
        "whole picture": f"/coach/runners/{runner.pk}/",
        "test": f"/tests/{alices_year.pk}/",
        "plan": f"/runners/{runner.pk}/plan/",
        "session": f"/plans/sessions/{StretchSession.objects.filter(runner=runner).first().pk}/",
        "run": f"/runs/{runner.runs.first().pk}/",
    }
    found = {name: second_person(coach_client.get(url).text) for name, url in pages.items()}

    assert found == {name: [] for name in pages}


def test_the_coach_reads_the_red_flag_about_alice(coach_client, runner, alices_year):
    page = coach_client.get(f"/coach/runners/{runner.pk}/").text

    assert "Alice is told to see a physiotherapist or doctor first" in page
    assert "Alice's plan is paused: red flag since" in page
    assert "Alice answered yes to:" in page
    assert "What Alice is told:" in page
    assert "if the knee was pulled in only until the lower back was flat" in page
    # The runner's own controls: the questionnaire and recording a test are hers.
    assert "/safety/" not in page
    assert "none of these applies any more, or a clinician has cleared you" not in page
    assert 'href="/tests/new/"' not in page


def test_alice_still_reads_her_own_report_to_her(runner_client, runner, alices_year):
    page = runner_client.get(f"/coach/runners/{runner.pk}/").text

    assert "You reported:" in page
    assert "See a physiotherapist or doctor first" in page
    assert "/safety/" in page  # "Has something changed?"
    assert "Stop coaching" not in page


def test_a_pain_of_seven_reads_as_reported_not_answered(coach_client, runner):
    test = AssessmentFactory(runner=runner, taken_on=runner.profile.today(), pain_groin=8)
    safety.after_test_saved(test)

    page = coach_client.get(f"/coach/runners/{runner.pk}/").text

    assert "Alice reported:" in page
    assert "answered yes to" not in page


def test_a_generated_plans_reason_speaks_of_the_test(runner_client, runner, coach_client):
    CoachLink.objects.filter(runner=runner).update(status="revoked")  # she plans on her own
    AssessmentFactory(runner=runner, taken_on=runner.profile.today(), pain_hip=6)
    from apps.plans import services

    services.generate_plan_for(runner, runner.assessments.get(), runner.profile.today())
    CoachLink.objects.filter(runner=runner).update(status="active")

    reason = Plan.objects.get().reason
    page = coach_client.get(f"/runners/{runner.pk}/plan/").text

    assert "The latest test reports high pain" in reason
    assert "The latest test reports high pain" in page
    assert not re.search(r"\byour?\b", reason, flags=re.I)


def test_the_coach_stops_coaching_from_the_runners_page(coach_client, runner, coach):
    link = CoachLink.objects.get(runner=runner, coach=coach)
    page = coach_client.get(f"/coach/runners/{runner.pk}/").text

    form = re.search(
        rf'<form method="post" action="/links/{link.pk}/end/">(.*?)</form>', page, re.S
    )
    assert form is not None
    assert "Stop coaching Alice" in form.group(1)
    asked = coach_client.post(f"/links/{link.pk}/end/")
    assert "Stop coaching Alice?" in asked.text  # first it says what happens
    link.refresh_from_db()
    assert link.status == "active"

    coach_client.post(f"/links/{link.pk}/end/", {"confirm": "yes"})

    link.refresh_from_db()
    assert link.status == "revoked"
    assert coach_client.get(f"/coach/runners/{runner.pk}/").status_code == 404


def test_a_run_page_speaks_to_the_coach_about_the_runner(coach_client, runner):
    run = RunFactory(runner=runner, started_at=timezone.now() - timedelta(days=1))

    page = words(coach_client.get(f"/runs/{run.pk}/").text)

    assert "the time the runner's feet spend on the ground" in page
    assert "beside the hip test" in page
    assert "flat runs are better until the pain settles" in page
