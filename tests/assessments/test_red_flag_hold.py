"""A red flag stops stretching and running for real (docs/domain.md, section 6): the active plan,
generated or a coach's, is paused until the flag clears; paused weeks are not missed ones; a pain
of 7+ on the latest test holds until a later test scores below 7; the questions ask about the
last two weeks, and again whenever hip or groin pain rose by 2."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.assessments import safety
from apps.assessments.models import RedFlag, RedFlagCheck
from apps.plans.models import Plan, SetLog, StretchSession
from tests.assessments.factories import AssessmentFactory
from tests.assessments.test_record import form_data
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db

SEE = "See a physiotherapist or doctor before stretching or running on it."


@pytest.fixture
def coachs_plan(runner, coach):
    return PlanFactory(runner=runner, author=coach, sessions_per_week=6)


def record(client, runner, **overrides):
    return client.post("/tests/new/", form_data(runner, **overrides))


def answer(client, response, flags=()):
    """Answers the questions a saved test asked (`response`: its redirect)."""
    assert response["Location"].endswith("/safety/"), response["Location"]
    return client.post(response["Location"], {"flags": list(flags)}, follow=True)


def test_a_red_flag_pauses_a_coachs_plan_and_todays_session_says_why(
    runner_client, runner, coachs_plan
):
    answer(runner_client, record(runner_client, runner), ["night_or_rest"])

    session = runner_client.get("/plan/session/").text
    plan_page = runner_client.get("/plan/").text
    home = runner_client.get("/").text

    assert "Today's session is paused" in session
    assert "Pain at night or at rest" in session
    assert "Stop running, and anything that hurts to stand or hop on" in session
    assert "Until then, no stretching and no running." in session
    assert 'name="set"' not in session  # no checklist to tick
    assert "Paused: red flag" in plan_page
    assert "Start today's session" not in plan_page
    assert "Paused: red flag." in home
    assert "Start today's session" not in home


def test_nothing_is_logged_while_the_plan_is_paused(runner_client, runner, coachs_plan):
    answer(runner_client, record(runner_client, runner), ["numbness"])
    item = coachs_plan.items.first()

    ticked = runner_client.post("/plan/session/set/", {"step": f"{item.pk}:left:1"}, follow=True)
    finished = runner_client.post("/plan/session/finish/", {"discomfort": "2"}, follow=True)

    assert "Your plan is paused: nothing was saved." in ticked.text
    assert "Your plan is paused: nothing was saved." in finished.text
    assert not SetLog.objects.exists()
    assert not StretchSession.objects.exists()


def test_an_htmx_tick_while_paused_reloads_the_session_page(runner_client, runner, coachs_plan):
    answer(runner_client, record(runner_client, runner), ["numbness"])
    item = coachs_plan.items.first()

    response = runner_client.post(
        "/plan/session/set/", {"step": f"{item.pk}:left:1"}, headers={"HX-Request": "true"}
    )

    assert response["HX-Redirect"] == "/plan/session/"
    assert not SetLog.objects.exists()


def test_a_plan_a_coach_assigns_during_the_hold_is_paused_too(
    runner_client, runner, coach, coach_client
):
    answer(runner_client, record(runner_client, runner), ["injury"])
    form = coach_client.get(f"/runners/{runner.pk}/plan/new/").text

    assert "Alice's plan is paused: red flag since" in form
    assert "The plan you assign will be paused too" in form
    PlanFactory(runner=runner, author=coach)  # assigned
    assert "Today's session is paused" in runner_client.get("/plan/session/").text


def test_the_runner_is_told_that_a_coachs_new_plan_is_paused(runner, coach):
    from apps.plans import services

    safety.record_check(runner, ["lasting"])
    plan = PlanFactory(runner=runner, author=coach)

    services.tell_runner(plan, coach, changed=False, plan_url="http://testserver/plan/")

    body = mail.outbox[-1].body
    assert "The plan is paused for now" in body
    assert SEE in body
    assert "start today's session" not in body
    assert "Stretch to a gentle pull" not in body


def test_a_pain_of_seven_holds_until_a_later_test_scores_below_seven(
    runner_client, runner, coach, coach_client, coachs_plan
):
    today = runner.profile.today()
    first = record(runner_client, runner, taken_on=(today - timedelta(days=7)).isoformat())
    runner_client.post(first["Location"], {})  # nothing else applies
    runner.assessments.update(pain_groin=7)  # the same test, with groin pain 7 on it
    flagged = runner.assessments.get()
    safety.after_test_saved(flagged)

    # "None of these applies any more" does not release a pain of 7 on the latest test.
    page = runner_client.post("/safety/", {}, follow=True).text
    assert "Your plan stays paused." in page
    assert "Today's session is paused" in runner_client.get("/plan/session/").text
    assert "paused: red flag" in coach_client.get("/coach/").text

    # A test with no pain scored says nothing about the pain: still held.
    unscored = record(
        runner_client, runner, pain_hip="", taken_on=(today - timedelta(days=3)).isoformat()
    )
    assert RedFlag.objects.open().filter(key="severe").exists()
    runner_client.post(f"{unscored['Location']}delete/")

    # A later test at 3/10 releases it.
    later = record(runner_client, runner, pain_groin="3", pain_hip="1")
    assert not RedFlag.objects.open().exists()
    assert "/safety/" not in later["Location"]
    assert "Today's session is paused" not in runner_client.get("/plan/session/").text
    assert "paused: red flag" not in coach_client.get("/coach/").text

    # The coach sees when and how it cleared.
    report = coach_client.get(f"/coach/runners/{runner.pk}/").text
    assert "Pain of 7/10 or more" in report
    assert f"the test of {today:%-d %b} scored every pain below 7/10" in report


def test_editing_the_painful_test_or_an_older_one_does_not_release_the_hold(runner_client, runner):
    today = runner.profile.today()
    answer(runner_client, record(runner_client, runner, pain_groin="8"))
    test = runner.assessments.get()
    data = form_data(runner, pain_groin="2")

    runner_client.post(f"/tests/{test.pk}/edit/", data)
    older = form_data(runner, pain_groin="1", taken_on=(today - timedelta(days=10)).isoformat())
    runner_client.post("/tests/new/", older)

    assert RedFlag.objects.open().get().key == "severe"


def test_other_flags_clear_by_the_runners_answer_and_the_coach_sees_how(
    runner_client, runner, coach_client
):
    answer(runner_client, record(runner_client, runner), ["night_or_rest", "numbness"])
    review = runner_client.get("/safety/").text
    assert "Has something changed?" in review
    assert 'value="night_or_rest" id="id_flags_1" checked' in review  # still ticked: untick it

    runner_client.post("/safety/", {"flags": ["numbness"]})  # night pain has gone
    assert [flag.key for flag in RedFlag.objects.open()] == ["numbness"]
    runner_client.post("/safety/", {})

    report = coach_client.get(f"/coach/runners/{runner.pk}/").text
    assert not RedFlag.objects.open().exists()
    assert report.count("the runner answered that it no longer applies") == 2


def test_a_clinicians_all_clear_releases_every_flag_but_severe_pain(runner_client, runner):
    answer(runner_client, record(runner_client, runner, pain_hip="7"), ["night_or_rest"])

    runner_client.post("/safety/", {"flags": ["night_or_rest"], "clinician_cleared": "on"})

    assert [flag.key for flag in RedFlag.objects.open()] == ["severe"]
    night = RedFlag.objects.get(key="night_or_rest")
    assert night.cleared_how == "clinician"
    assert RedFlagCheck.objects.latest_first().first().clinician_cleared


def test_groin_pain_rising_by_two_at_a_low_level_asks_the_questions_again(runner_client, runner):
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today - timedelta(days=7), pain_groin=1)

    rising = record(runner_client, runner, pain_groin="3")

    assert rising["Location"].endswith("/safety/")
    page = runner_client.get(rising["Location"]).text
    assert "your hip or groin pain rose since the test before" in page
    assert "In the last two weeks, have you had any of these?" in page


def test_unanswered_questions_hold_todays_session(runner_client, runner, coachs_plan):
    record(runner_client, runner, pain_hip="6")  # a first test, not answered

    page = runner_client.get("/plan/session/").text

    assert "waits for a few questions about your pain" in page
    assert "Answer the questions" in page


def test_a_paused_week_is_not_a_missed_one_and_keeps_the_streak(
    runner, runner_client, coach_client
):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    plan = PlanFactory(runner=runner, starts_on=monday - timedelta(weeks=4), sessions_per_week=3)
    for week in (4, 3):  # two green weeks, then two weeks paused by a red flag
        start = monday - timedelta(weeks=week)
        for day in (0, 3, 5):
            complete_session(plan, start + timedelta(days=day))
    zone = runner.profile.zone
    flag = RedFlag.objects.create(
        runner=runner,
        key="numbness",
        raised_at=datetime.combine(monday - timedelta(weeks=2), time(8), tzinfo=zone),
    )
    RedFlag.objects.filter(pk=flag.pk).update(
        cleared_at=datetime.combine(monday, time(7), tzinfo=zone), cleared_how="answer"
    )

    page = runner_client.get("/plan/").text
    roster = coach_client.get("/coach/").text

    assert page.count("paused: red flag") == 2
    assert "missed" not in page
    assert "2 weeks in a row on track." in page
    assert "under half the planned sessions" not in roster
    assert "no session in the last 14 days" not in roster
    report = coach_client.get("/coach/report/").text  # the coach's way: the two weeks paused
    assert report.count('<span class="week-mark week-paused">paused</span>') == 2


def test_no_quiet_or_adherence_alert_while_paused(runner, coach_client):
    today = runner.profile.today()
    PlanFactory(runner=runner, starts_on=today - timedelta(weeks=5))
    RedFlag.objects.create(
        runner=runner, key="lasting", raised_at=timezone.now() - timedelta(weeks=4)
    )

    roster = coach_client.get("/coach/").text

    assert "pain not easing after two weeks: plan paused" in roster
    report = coach_client.get("/coach/report/").text  # the coach's way
    assert report.count('<span class="week-mark week-paused">paused</span>') == 4  # all four weeks
    assert "under half the planned sessions" not in roster
    assert "no session in the last" not in roster


def test_a_stranger_never_sees_anothers_red_flags(runner, stranger, stranger_client):
    safety.record_check(runner, ["numbness"])

    assert stranger_client.get(f"/coach/runners/{runner.pk}/").status_code == 404
    assert safety.hold_of(stranger, runner) is None
    assert safety.flag_history(stranger, runner) == []


def test_the_hold_survives_a_double_answer(runner):
    safety.record_check(runner, ["numbness"])
    safety.record_check(runner, ["numbness"])

    assert RedFlag.objects.open().count() == 1
    assert not Plan.objects.exists()


def test_a_fever_with_the_pain_needs_a_doctor_today(runner_client, runner):
    answer(runner_client, record(runner_client, runner), ["unwell"])

    card = runner_client.get("/").text

    assert "Urgent: a doctor today" in card
    assert "can be a joint infection: see a doctor today" in card


def test_a_session_rated_seven_offers_the_pain_questions(runner_client, runner, coachs_plan):
    answer(runner_client, record(runner_client, runner))  # no flag

    finished = runner_client.post("/plan/session/finish/", {"discomfort": "8"}, follow=True).text

    assert "answer the pain questions" in finished
    assert "pushed too hard" not in runner_client.get("/plan/session/").text
