"""The first-run checklist: profile, first test, plan, first sitting log; the next step one tap
away where a step ends; gone (and no query) once every step is done."""

from datetime import timedelta

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
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    steps = checklist(runner_client.get("/").text)
    done = '<li class="step-done"><span class="visually-hidden">Done: </span>'
    assert f"{done}Check your time" in steps
    assert f"{done}Record your first" in steps
    assert 'href="/plan/">Next: get your plan' in steps
    assert "Next: record your first test" in profile_page


def test_the_checklist_goes_when_all_is_done_and_asks_no_more(runner_client, runner):
    Profile.objects.filter(user=runner).update(profile_saved_at="2026-11-30T10:00Z")
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())
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


def test_the_runner_can_hide_the_checklist_for_good_without_javascript(runner_client, runner):
    response = runner_client.post("/getting-started/dismiss/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert checklist(runner_client.get("/").text) is None
    assert "Next: record your first test" not in runner_client.get("/account/").text
    runner.profile.refresh_from_db()
    assert runner.profile.first_steps_dismissed_at is not None


def test_with_htmx_the_checklist_is_swapped_out_in_place(runner_client):
    page = runner_client.get("/").text
    assert 'hx-post="/getting-started/dismiss/" hx-target="#first-steps"' in page
    assert '<article class="first-steps" id="first-steps"' in page

    response = runner_client.post("/getting-started/dismiss/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.content == b""
    assert checklist(runner_client.get("/").text) is None


def test_hiding_is_one_person_s_own(coach_client, stranger_client, runner_client, runner):
    """The URL names nobody: a coach's or a stranger's post hides only their own checklist."""
    for client in (coach_client, stranger_client):
        assert client.post("/getting-started/dismiss/").status_code == 302

    runner.profile.refresh_from_db()
    assert runner.profile.first_steps_dismissed_at is None
    assert checklist(runner_client.get("/").text) is not None
    assert runner_client.get("/getting-started/dismiss/").status_code == 405


def test_a_runner_with_months_of_tests_never_sees_the_checklist(runner_client, runner):
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today - timedelta(days=90))

    assert checklist(runner_client.get("/").text) is None


def test_a_runner_whose_first_test_is_recent_still_sees_it(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today() - timedelta(days=20))

    assert checklist(runner_client.get("/").text) is not None
