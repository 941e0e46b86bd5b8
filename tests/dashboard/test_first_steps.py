"""The first-run checklist: profile, first test, plan, first sitting log; the next step one tap
away where a step ends; gone (and no query) once every step is done."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import Profile, Role
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def checklist(page):
    if "Getting started" not in page:
        return None
    part = page[page.index("Getting started") :]
    return part[: part.index("</article>")]


def test_a_new_runner_sees_four_steps_and_the_first_one_as_a_button(runner_client):
    steps = checklist(runner_client.get("/").text)

    assert steps.count("<li") == 4
    assert 'href="/account/">Next: check your time zone and test day' in steps


def test_each_step_done_is_ticked_and_the_next_is_one_tap_away(runner_client, runner):
    runner_client.post(
        "/account/",
        {
            "display_name": "Alice",
            "role": "runner",
            "timezone": "Europe/Helsinki",
            "test_weekday": "0",
            "dominant_leg": "",
            "cadence": "180",
            "units": "km",
            "reminders_opt_in": "on",
        },
    )
    profile_page = runner_client.get("/account/").text
    AssessmentFactory(runner=runner)

    steps = checklist(runner_client.get("/").text)
    done = '<li class="step-done"><span class="visually-hidden">Done: </span>'
    assert f"{done}Check your time" in steps
    assert f"{done}Record your first" in steps
    assert 'href="/plan/">Next: get your plan' in steps
    assert "Next: record your first test" in profile_page


def test_the_checklist_goes_when_all_is_done_and_asks_no_more(runner_client, runner):
    Profile.objects.filter(user=runner).update(profile_saved_at="2026-11-30T10:00Z")
    AssessmentFactory(runner=runner)
    PlanFactory(runner=runner)
    runner_client.post("/sitting/add/", {"add": "seated-15"})

    assert checklist(runner_client.get("/").text) is None
    runner.profile.refresh_from_db()
    assert runner.profile.first_steps_done_at is not None
    with CaptureQueriesContext(connection) as done:
        runner_client.get("/sitting/")
    Profile.objects.filter(user=runner).update(first_steps_done_at=None)
    with CaptureQueriesContext(connection) as asking:
        runner_client.get("/sitting/")
    assert len(asking) == len(done) + 2  # the steps, and recording that all are done


def test_a_coach_who_does_not_run_gets_no_runner_checklist(coach_client, coach):
    Profile.objects.filter(user=coach).update(role=Role.COACH)

    assert checklist(coach_client.get("/").text) is None
