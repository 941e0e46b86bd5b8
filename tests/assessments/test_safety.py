"""The red-flag questions in use: asked at the first test and with high pain; any yes says "see a
physiotherapist or doctor", holds the generated plan and tells the coach; a gentle start with
high pain or pain uphill; a far-off difference measured again first."""

from datetime import timedelta

import pytest
from django.core import mail

from apps.assessments import safety
from apps.assessments.models import RedFlag, RedFlagCheck
from apps.plans.models import Plan
from tests.assessments.factories import AssessmentFactory
from tests.assessments.test_record import form_data

pytestmark = pytest.mark.django_db

SEE = "See a physiotherapist or doctor before stretching or running on it."


def record(client, runner, **overrides):
    """A first test: hips 8° and 2° (6° apart, a real difference, not one to measure again)."""
    return client.post("/tests/new/", form_data(runner, hip_angle_right="2", **overrides))


def test_the_first_test_asks_the_questions_before_the_result(runner_client, runner):
    response = record(runner_client, runner)

    assert response["Location"].endswith("/safety/")
    page = runner_client.get(response["Location"]).text
    assert "Before you stretch: a few questions" in page
    assert "With a first test we ask everyone these." in page
    assert "Pain at night, or while you were resting?" in page
    assert "In the last two weeks, have you had any of these?" in page


def test_a_later_test_asks_again_only_with_high_pain(runner_client, runner):
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today - timedelta(days=7))

    calm = record(runner_client, runner, pain_hip="5")
    assert "/safety/" not in calm["Location"]
    runner_client.post(f"{calm['Location']}delete/")
    painful = record(runner_client, runner, pain_hip="6")
    assert painful["Location"].endswith("/safety/")


def test_answering_none_shows_the_result(runner_client, runner):
    page = runner_client.post(record(runner_client, runner)["Location"], {}, follow=True).text

    assert "8° above level: points to tight hip flexors" in page
    assert SEE not in page
    assert RedFlagCheck.objects.get().flags == []


def test_any_yes_says_see_a_clinician_everywhere_and_holds_the_generated_plan(
    runner_client, runner, coach
):
    questions = record(runner_client, runner)["Location"]

    page = runner_client.post(questions, {"flags": ["night_or_rest"]}, follow=True).text

    assert SEE in page
    assert "Pain at night or at rest" in page
    assert SEE in runner_client.get("/").text
    assert SEE in runner_client.get("/plan/").text
    # The coach is told, once.
    assert [message.to for message in mail.outbox] == [["bob@example.com"]]
    body = mail.outbox[0].body
    assert "- Pain at night or at rest" in body  # about the runner, not the runner's question
    assert "while you were resting?" not in body
    assert "Alice's plan in Psoas Tracker is paused" in body
    assert "Stop running, and anything that hurts to stand or hop on" in body
    assert "until they answer that none of the other signs applies any more" in body


def test_a_coach_who_turned_red_flag_emails_off_is_not_emailed(runner_client, runner, coach):
    coach.profile.email_red_flags = False
    coach.profile.save()
    questions = record(runner_client, runner)["Location"]

    runner_client.post(questions, {"flags": ["night_or_rest"]})

    assert mail.outbox == []
    assert RedFlagCheck.objects.get().flags == ["night_or_rest"]  # saved and shown all the same
    assert RedFlag.objects.open().get().key == "night_or_rest"


def test_saying_none_applies_any_more_releases_the_plan(runner_client, runner):
    runner_client.post(record(runner_client, runner)["Location"], {"flags": ["numbness"]})
    held = runner_client.post("/plan/generate/", follow=True).text
    assert "Your plan waits until then." in held
    assert not Plan.objects.exists()

    runner_client.post("/safety/", {})
    runner_client.post("/plan/generate/")

    assert Plan.objects.filter(runner=runner, status="active").exists()
    assert SEE not in runner_client.get("/").text


def test_a_pain_of_seven_is_a_red_flag_whatever_was_answered(runner_client, runner):
    questions = record(runner_client, runner, pain_groin="7")["Location"]

    runner_client.post(questions, {})

    assert RedFlagCheck.objects.get().flags == ["severe"]


def test_a_plan_waits_for_the_questions_of_the_latest_test(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today(), pain_hip=8)

    response = runner_client.post("/plan/generate/")

    test_pk = runner.assessments.get().pk
    assert response["Location"] == f"/tests/{test_pk}/safety/"
    assert not Plan.objects.exists()


def test_nobody_else_answers_for_the_runner(stranger_client, coach_client, runner):
    test = AssessmentFactory(runner=runner)

    for client in (stranger_client, coach_client):
        assert client.post(f"/tests/{test.pk}/safety/", {}).status_code == 404
    assert not RedFlagCheck.objects.exists()


def test_high_pain_starts_the_generated_plan_gently(runner_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today(), pain_uphill=True)
    RedFlagCheck.objects.create(runner=runner)

    runner_client.post("/plan/generate/")

    plan = Plan.objects.get()
    assert plan.gentle_weeks == 1
    assert "the first week is gentler" in plan.reason
    session = runner_client.get("/plan/session/").text
    assert (
        "A gentle week: a set fewer of each stretch and no dynamic stretches (no lunges in "
        "repetitions; the held standing lunge stays)" in session
    )
    assert "Half-kneeling lunge" not in session  # the dynamic stretch waits a week
    assert "Standing lunge (Warrior I)" in session  # the held one stays
    my_plan = runner_client.get("/plan/").text
    assert "hills wait until the pain settles" in my_plan
    assert (
        "a set fewer of each stretch and no dynamic stretches (no lunges in repetitions; the "
        "held standing lunge stays), because of the pain on the test" in my_plan
    )
    assert (
        "the first week is gentler, a set fewer of each stretch and no dynamic stretches (no "
        "lunges in repetitions; the held standing lunge stays)" in my_plan
    )


def test_a_gentle_week_logs_fewer_sets_and_ends_on_time(runner, runner_client):
    from apps.plans import services

    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today, pain_hip=6)
    RedFlagCheck.objects.create(runner=runner)
    runner_client.post("/plan/generate/")
    plan = Plan.objects.get()

    assert services.sets_in(plan, today) < services.sets_in(plan, today + timedelta(weeks=1))
    assert plan.is_gentle_on(today + timedelta(days=6))
    assert not plan.is_gentle_on(today + timedelta(days=7))


def test_a_difference_far_beyond_the_threshold_is_measured_again_first(runner_client, runner):
    test = AssessmentFactory(
        runner=runner, taken_on=runner.profile.today(), hip_angle_left=14, hip_angle_right=1
    )
    RedFlagCheck.objects.create(runner=runner)

    detail = runner_client.get(f"/tests/{test.pk}/").text
    refused = runner_client.post("/plan/generate/", follow=True).text

    assert "Measure again before anything changes." in detail
    assert "three trials for each leg" in refused
    assert not Plan.objects.exists()


def test_three_trials_a_side_are_believed(runner_client, runner):
    data = form_data(runner, hip_angle_left="14", hip_angle_right="1")
    data.update(
        hip_angle_left_2="14", hip_angle_left_3="14", hip_angle_right_2="1", hip_angle_right_3="1"
    )
    runner_client.post("/tests/new/", data)
    RedFlagCheck.objects.create(runner=runner)

    runner_client.post("/plan/generate/")

    assert runner.assessments.get().hip_trials == 3
    assert Plan.objects.filter(runner=runner).exists()


def test_the_coachs_roster_flags_a_runner_whose_latest_answers_raised_one(
    runner, coach, coach_client
):
    safety.record_check(runner, ["numbness"])
    assert "told to see a physiotherapist or doctor first" in coach_client.get("/coach/").text

    safety.record_check(runner, [])  # later: none applies any more
    assert "told to see" not in coach_client.get("/coach/").text


def test_a_linked_coach_reads_the_red_flag_on_the_runners_pages(runner, coach_client):
    test = AssessmentFactory(runner=runner)
    safety.record_check(runner, ["worsening"], test)

    detail = coach_client.get(f"/tests/{test.pk}/").text
    plan = coach_client.get(f"/runners/{runner.pk}/plan/").text

    assert "Alice's plan is paused: red flag since" in detail
    assert "Pain worse with each run or hop" in detail
    assert "Alice answered yes to:" in detail
    assert "What Alice is told:" in detail
    assert "stress fracture of the thigh bone" in detail
    assert SEE in plan
    assert "none of these applies any more, or a clinician" not in detail  # the runner's link
    assert "/safety/" not in detail


def test_a_change_in_bladder_or_bowel_control_says_see_a_doctor_today(runner_client, runner, coach):
    questions = record(runner_client, runner)["Location"]

    page = runner_client.post(questions, {"flags": ["bladder_bowel"]}, follow=True).text
    later = runner_client.get("/").text  # the urgent note goes with the answer that needs it
    safety.record_check(runner, ["numbness"])  # later: that has gone, numbness has not

    assert "A change in bladder or bowel control needs a doctor today" in page
    assert "emergency department" in page
    assert "needs a doctor today" in mail.outbox[0].body
    assert "needs a doctor today" in later
    assert "needs a doctor today" not in runner_client.get("/").text  # numbness alone: SEE
