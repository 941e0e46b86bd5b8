"""The rules of blocks.py applied: a test saved or a session rated 7+ changes a generated plan by
a revision, announced on the dashboard with its test and e-mailed to a linked coach; a coach's
plan never changes, the coach is told what the rules would suggest; a plan never just ends."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command

from apps.assessments import safety
from apps.plans import adherence
from apps.plans.models import BlockDecision, Plan, PlanRevision
from tests.assessments.factories import AssessmentFactory, weekly_tests
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db


def record(client, runner, **fields):
    """Posts this week's test through the form, as a runner does."""
    data = {
        "taken_on": runner.profile.today().isoformat(),
        "instrument": "phone",
        "hip_angle_left": "-1",
        "hip_angle_right": "0",
        "knee_to_chest_left": "stayed_down",
        "knee_to_chest_right": "stayed_down",
        **fields,
    }
    response = client.post("/tests/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def generated_plan(runner, weeks_ago=3, **fields):
    """A build-then-maintenance plan generated `weeks_ago` weeks ago from a tight test."""
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today - timedelta(weeks=weeks_ago), hip_angle_left=8)
    return PlanFactory(
        runner=runner,
        starts_on=today - timedelta(weeks=weeks_ago),
        weeks=12,
        sessions_per_week=6,
        maintenance_from_week=7,
        maintenance_sessions_per_week=3,
        title="Hip-flexor plan",
        **fields,
    )


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_two_normal_tests_move_a_generated_plan_to_maintenance_by_a_revision(
    runner_client, runner, coach, mailoutbox
):
    plan = generated_plan(runner)
    today = runner.profile.today()
    AssessmentFactory(
        runner=runner, taken_on=today - timedelta(weeks=1), hip_angle_left=1, hip_angle_right=0
    )
    mailoutbox.clear()

    record(runner_client, runner)

    plan.refresh_from_db()
    week = (today - plan.starts_on).days // 7 + 1
    assert (plan.maintenance_from_week, plan.maintenance_sessions_per_week) == (week, 3)
    assert plan.title == "Hip-flexor maintenance plan"
    # The weeks before keep the schedule they had, and so their colours.
    [revision] = PlanRevision.objects.filter(plan=plan)
    assert (revision.sessions_per_week, revision.maintenance_from_week) == (6, 7)
    decision = BlockDecision.objects.get(plan=plan)
    assert decision.kind == "maintenance"
    assert decision.changed_plan
    assert decision.test.taken_on == today
    dashboard = text(runner_client.get("/"))
    assert "Your plan changed: maintenance early" in dashboard
    assert f"After your test of {today:%-d %B}" in dashboard
    assert "Both hips about level or below on the tests of" in dashboard
    [mail] = [message for message in mailoutbox if message.to == ["bob@example.com"]]
    assert "Alice's plan: maintenance early" in mail.subject
    assert "The change counts from this week on" in mail.body


def test_a_coach_s_plan_never_changes_the_coach_is_told_what_the_rules_suggest(
    runner_client, runner, coach, coach_client, mailoutbox
):
    today = runner.profile.today()
    plan = PlanFactory(
        runner=runner, author=coach, starts_on=today - timedelta(weeks=3), weeks=8,
        sessions_per_week=5,
    )  # fmt: skip
    AssessmentFactory(runner=runner, taken_on=today - timedelta(weeks=1), hip_angle_left=1)
    mailoutbox.clear()

    record(runner_client, runner)

    plan.refresh_from_db()
    assert (plan.weeks, plan.sessions_per_week, plan.maintenance_from_week) == (8, 5, None)
    assert not PlanRevision.objects.filter(plan=plan).exists()
    decision = BlockDecision.objects.get(plan=plan)
    assert decision.kind == "maintenance"
    assert not decision.changed_plan
    page = text(coach_client.get(f"/coach/runners/{runner.pk}/"))
    assert "The rules would suggest: maintenance early" in page
    assert "The plan is yours: it has not changed, and what to do is your decision." in page
    assert "After Alice's test of" in page
    [mail] = mailoutbox
    assert mail.to == ["bob@example.com"]
    assert "the tests suggest “maintenance early”" in mail.subject
    assert "Their plan is yours: it has not changed" in mail.body


def test_the_coach_s_email_setting_is_respected(runner_client, runner, coach, mailoutbox):
    coach.profile.email_plans = False
    coach.profile.save()
    generated_plan(runner)
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today() - timedelta(weeks=1), hip_angle_left=1
    )
    mailoutbox.clear()

    record(runner_client, runner)

    assert BlockDecision.objects.filter(kind="maintenance").exists()
    assert mailoutbox == []


def test_hip_pain_up_by_two_brings_a_lighter_week_and_the_red_flag_questions(runner_client, runner):
    plan = generated_plan(runner)
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today - timedelta(weeks=1), pain_hip=1)

    response = record(runner_client, runner, hip_angle_left="8", pain_hip="3")

    assert "/safety/" in response["Location"]  # the red-flag questions first
    plan.refresh_from_db()
    assert plan.lighter_from == today
    assert plan.is_lighter_on(today + timedelta(days=6))
    assert not plan.is_lighter_on(today + timedelta(days=7))
    page = text(runner_client.get("/plan/"))
    assert "Your plan changed: a lighter week" in page
    assert "hip pain from 1 to 3/10" in page
    assert "a set fewer of each stretch, holds of 20 s, no lunges and no strength work" in page


def test_a_lighter_week_leaves_out_the_lunges_and_shortens_the_holds(runner_client, runner):
    plan = generated_plan(runner)
    safety.record_check(runner, [], runner.assessments.get())  # none of the red flags applies
    Plan.objects.filter(pk=plan.pk).update(lighter_from=runner.profile.today(), sessions_per_week=7)

    page = runner_client.get("/plan/session/").content.decode()

    assert "A lighter week, until" in page
    assert "Edge-of-table" in page
    assert "Half-kneeling" not in page
    assert "Warrior" not in page
    assert 'data-hold="20"' in page
    assert 'data-hold="30"' not in page


def test_a_session_rated_seven_brings_a_lighter_week(runner_client, runner, coach, mailoutbox):
    plan = generated_plan(runner)
    safety.record_check(runner, [], runner.assessments.get())  # none of the red flags applies
    Plan.objects.filter(pk=plan.pk).update(sessions_per_week=7)
    today = runner.profile.today()
    complete_session(plan, today, finished=False)
    mailoutbox.clear()

    response = runner_client.post(
        "/plan/session/finish/",
        {"discomfort": "7", "notes": "", "day": today.isoformat()},
        headers={"HX-Request": "true"},
    )

    assert "a lighter week" in text(response)
    assert "Answer the pain questions" in text(response)
    plan.refresh_from_db()
    assert plan.lighter_from == today + timedelta(days=1)  # today's session kept its dose
    decision = BlockDecision.objects.get(plan=plan)
    assert decision.session.performed_on == today
    assert f"The session of {today:%-d %B} was rated 7/10" in decision.reason
    assert "Answer the pain questions" in text(runner_client.get("/"))
    assert [message.to for message in mailoutbox] == [["bob@example.com"]]


def test_a_session_rated_six_changes_nothing(runner_client, runner):
    plan = generated_plan(runner)
    safety.record_check(runner, [], runner.assessments.get())  # none of the red flags applies
    Plan.objects.filter(pk=plan.pk).update(sessions_per_week=7)
    today = runner.profile.today()
    complete_session(plan, today, finished=False)

    runner_client.post(
        "/plan/session/finish/", {"discomfort": "6", "notes": "", "day": today.isoformat()}
    )

    plan.refresh_from_db()
    assert plan.lighter_from is None
    assert not BlockDecision.objects.exists()


def test_the_same_test_saved_again_decides_once(runner_client, runner):
    generated_plan(runner)
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today() - timedelta(weeks=1), hip_angle_left=1
    )
    record(runner_client, runner)
    test = runner.assessments.get(taken_on=runner.profile.today())

    runner_client.post(f"/tests/{test.pk}/edit/", {
        "taken_on": test.taken_on.isoformat(), "instrument": "phone", "hip_angle_left": "-2",
        "hip_angle_right": "0", "knee_to_chest_left": "stayed_down",
        "knee_to_chest_right": "stayed_down",
    })  # fmt: skip

    assert BlockDecision.objects.count() == 1
    assert PlanRevision.objects.count() == 1


def test_no_real_change_after_six_weeks_of_sessions_suggests_a_physiotherapist(
    runner_client, runner
):
    plan = generated_plan(runner, weeks_ago=6)
    Plan.objects.filter(pk=plan.pk).update(
        sessions_per_week=4, maintenance_from_week=None, maintenance_sessions_per_week=None
    )
    plan.refresh_from_db()
    yesterday = runner.profile.today() - timedelta(days=1)
    for day in adherence.session_days(plan.schedule, plan.starts_on, yesterday):
        complete_session(plan, day)

    record(runner_client, runner, hip_angle_left="7", hip_angle_right="2")

    decision = BlockDecision.objects.get(plan=plan)
    assert decision.kind == "physio"
    assert not decision.changed_plan
    page = text(runner_client.get("/"))
    assert "See a physiotherapist" in page
    assert "a physiotherapist can examine what a self-test cannot" in page
    plan.refresh_from_db()
    assert plan.weeks == 12  # the plan carries on meanwhile


def test_the_last_week_says_what_comes_next_and_when_to_re_test(runner_client, runner):
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today - timedelta(days=3), hip_angle_left=-1)
    PlanFactory(runner=runner, starts_on=today - timedelta(weeks=5, days=2), weeks=6)

    page = text(runner_client.get("/plan/"))

    assert "This is the plan's last week. Then 6 weeks of maintenance, 3 sessions a week" in page
    assert "Re-test on" in page


def test_a_plan_past_its_end_goes_on_with_the_next_block_as_a_revision(runner, coach, mailoutbox):
    today = runner.profile.today()
    weekly_tests(runner, 2, hip_angle_left=9)  # still tight: another block to build length
    plan = PlanFactory(
        runner=runner, starts_on=today - timedelta(weeks=12, days=1), weeks=12,
        sessions_per_week=6, maintenance_from_week=7, maintenance_sessions_per_week=3,
    )  # fmt: skip
    mailoutbox.clear()

    call_command("start_next_blocks")
    call_command("start_next_blocks")  # idempotent

    plan.refresh_from_db()
    assert plan.status == "active"
    assert plan.ends_on >= today + timedelta(weeks=5)
    assert (plan.sessions_per_week, plan.maintenance_from_week) == (6, None)
    [revision] = PlanRevision.objects.filter(plan=plan)
    assert (revision.weeks, revision.maintenance_from_week) == (12, 7)
    [decision] = BlockDecision.objects.filter(plan=plan)
    assert decision.kind == "next_block"
    assert "6 more weeks of 6 sessions a week to build length" in decision.reason
    assert len(mailoutbox) == 1


def test_a_coach_s_plan_past_its_end_is_left_to_the_coach(runner, coach):
    today = runner.profile.today()
    plan = PlanFactory(runner=runner, author=coach, starts_on=today - timedelta(weeks=7), weeks=6)

    call_command("start_next_blocks")

    plan.refresh_from_db()
    assert plan.weeks == 6
    assert not BlockDecision.objects.exists()


def test_a_decision_is_not_shown_to_a_stranger(runner, coach, stranger, stranger_client):
    plan = generated_plan(runner)
    BlockDecision.objects.create(
        plan=plan, kind="physio", reason="Secret reason.", made_on=runner.profile.today()
    )

    response = stranger_client.get(f"/coach/runners/{runner.pk}/")

    assert response.status_code == 404
    assert BlockDecision.objects.visible_to(stranger).count() == 0
    assert BlockDecision.objects.visible_to(coach).count() == 1


@pytest.mark.parametrize("url", ["/", "/plan/"])
def test_the_announcement_costs_the_same_queries_as_decisions_grow(
    runner_client, runner, page_queries, url
):
    plan = generated_plan(runner, weeks_ago=10)
    today = runner.profile.today()
    BlockDecision.objects.create(plan=plan, kind="carry_on", reason="First.", made_on=today)
    few = page_queries(runner_client, url)
    BlockDecision.objects.bulk_create(
        BlockDecision(
            plan=plan, kind="physio", reason=f"Old {n}.", made_on=today - timedelta(days=n)
        )
        for n in range(1, 40)
    )

    assert page_queries(runner_client, url) == few


def test_the_coach_s_runner_page_costs_the_same_queries_as_decisions_grow(
    coach_client, runner, page_queries
):
    plan = generated_plan(runner, weeks_ago=10)
    today = runner.profile.today()
    url = f"/coach/runners/{runner.pk}/"
    BlockDecision.objects.create(plan=plan, kind="carry_on", reason="First.", made_on=today)
    few = page_queries(coach_client, url)
    BlockDecision.objects.bulk_create(
        BlockDecision(
            plan=plan, kind="physio", reason=f"Old {n}.", made_on=today - timedelta(days=n)
        )
        for n in range(1, 40)
    )

    assert page_queries(coach_client, url) == few


def test_a_test_on_the_day_the_plan_started_is_read_after_the_test_before_it(runner_client, runner):
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today - timedelta(weeks=1), hip_angle_left=1)
    plan = PlanFactory(runner=runner, sessions_per_week=6, weeks=12, maintenance_from_week=7,
                       maintenance_sessions_per_week=3)  # fmt: skip

    record(runner_client, runner)

    assert BlockDecision.objects.get(plan=plan).kind == "maintenance"


def test_an_older_test_entered_late_decides_nothing(runner_client, runner):
    generated_plan(runner)
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today, hip_angle_left=8)

    record(runner_client, runner, taken_on=(today - timedelta(days=3)).isoformat())

    assert not BlockDecision.objects.exists()


def test_a_plan_at_level_goes_on_with_maintenance_after_its_end(runner):
    today = runner.profile.today()
    weekly_tests(runner, 2, hip_angle_left=-2, hip_angle_right=-1)
    plan = PlanFactory(runner=runner, starts_on=today - timedelta(weeks=6, days=1), weeks=6,
                       sessions_per_week=6)  # fmt: skip

    call_command("start_next_blocks")

    plan.refresh_from_db()
    assert plan.ends_on >= today + timedelta(weeks=5)
    assert (plan.sessions_per_week, plan.maintenance_from_week) == (6, 7)
    assert plan.maintenance_sessions_per_week == 3
    assert plan.title == "Hip-flexor maintenance plan"


@pytest.mark.parametrize("url", ["/", "/plan/"])
def test_the_last_week_costs_the_same_queries_as_tests_grow(
    runner_client, runner, page_queries, url
):
    today = runner.profile.today()
    PlanFactory(runner=runner, starts_on=today - timedelta(weeks=5, days=2), weeks=6)
    weekly_tests(runner, 2, hip_angle_left=-1)
    few = page_queries(runner_client, url)
    weekly_tests(runner, 40, from_weeks_ago=3, hip_angle_left=-1)

    assert "This is the plan's last week" in runner_client.get("/plan/").content.decode()
    assert page_queries(runner_client, url) == few


def test_a_plan_that_would_pass_a_year_is_followed_by_a_new_one_from_the_latest_test(runner):
    today = runner.profile.today()
    weekly_tests(runner, 1, hip_angle_left=9)
    old = PlanFactory(runner=runner, starts_on=today - timedelta(weeks=48, days=1), weeks=48)

    call_command("start_next_blocks")

    old.refresh_from_db()
    assert (old.status, old.weeks, old.ended_on) == ("ended", 48, today)
    new = Plan.objects.get(runner=runner, status="active")
    assert new.starts_on == today
    assert new.reason.startswith("From the test of")


@pytest.mark.parametrize(("pain", "lighter"), [(3, False), (4, True), (6, True)])
def test_a_morning_above_three_after_training_brings_a_lighter_week(
    runner_client, runner, coach, mailoutbox, pain, lighter
):
    plan = generated_plan(runner)
    today = runner.profile.today()
    complete_session(plan, today - timedelta(days=1))
    mailoutbox.clear()

    runner_client.post("/plan/morning-check/", {"pain": str(pain), "day": today.isoformat()})
    runner_client.post("/plan/morning-check/", {"pain": str(pain), "day": today.isoformat()})

    plan.refresh_from_db()
    assert (plan.lighter_from == today) is lighter
    assert BlockDecision.objects.filter(plan=plan).count() == (1 if lighter else 0)
    if lighter:
        reason = BlockDecision.objects.get(plan=plan).reason
        assert f"the hip was {pain}/10, more than the 3/10 that is acceptable" in reason
        assert "A lighter week" in text(runner_client.get("/plan/"))
        assert [message.to for message in mailoutbox] == [["bob@example.com"]]


def test_a_morning_above_three_without_training_the_day_before_changes_nothing(
    runner_client, runner
):
    plan = generated_plan(runner)

    runner_client.post("/plan/morning-check/", {"pain": "6"})

    plan.refresh_from_db()
    assert plan.lighter_from is None


def test_a_morning_above_three_on_a_coach_s_plan_is_a_suggestion_once(runner, coach):
    from apps.plans import following
    from apps.plans.models import MorningCheck

    plan = PlanFactory(runner=runner, author=coach, author_name="Bob")
    today = runner.profile.today()
    complete_session(plan, today - timedelta(days=1))
    complete_session(plan, today)
    for day in (today, today + timedelta(days=1)):
        MorningCheck.objects.create(runner=runner, day=day, pain=5)
        following.after_morning_check(runner, day, 5)

    plan.refresh_from_db()
    assert plan.lighter_from is None
    assert list(BlockDecision.objects.values_list("kind", "changed_plan")) == [("lighter", False)]


def test_the_plan_page_lists_the_lighter_doses_of_the_week(runner_client, runner):
    plan = generated_plan(runner)
    Plan.objects.filter(pk=plan.pk).update(lighter_from=runner.profile.today())
    plan.items.filter(stretch__slug="edge-of-table").update(
        sets=2, hold_seconds=30, extra_set_side="left"
    )

    page = text(runner_client.get("/plan/"))

    assert "this week 1 set of 20 s, 2 on the left" in page
    assert re.search(r"Half-kneeling[^:]*: [^.]*? not this week", page)
    Plan.objects.filter(pk=plan.pk).update(lighter_from=None)
    assert "this week" not in text(runner_client.get("/plan/")).replace("This week", "")


def test_a_real_improvement_still_tight_as_the_build_ends_carries_the_build_on(
    runner_client, runner, coach, mailoutbox
):
    today = runner.profile.today()
    started = today - timedelta(weeks=5, days=3)  # maintenance (week 7) starts in four days
    AssessmentFactory(runner=runner, taken_on=started, hip_angle_left=12, hip_angle_right=11)
    plan = PlanFactory(
        runner=runner, starts_on=started, weeks=12, sessions_per_week=6,
        maintenance_from_week=7, maintenance_sessions_per_week=3, title="Hip-flexor plan",
    )  # fmt: skip
    mailoutbox.clear()

    record(runner_client, runner, hip_angle_left="6", hip_angle_right="5")

    plan.refresh_from_db()
    assert (plan.weeks, plan.maintenance_from_week, plan.sessions_per_week) == (18, 13, 6)
    decision = BlockDecision.objects.get(plan=plan)
    assert (decision.kind, decision.changed_plan) == ("carry_on", True)
    assert "the build phase goes on 6 more weeks, 6 sessions a week; maintenance from week 13" in (
        decision.reason
    )
    assert PlanRevision.objects.filter(plan=plan).count() == 1
    assert [message.to for message in mailoutbox] == [["bob@example.com"]]


def test_a_real_improvement_mid_build_leaves_the_plan_as_it_is(runner_client, runner):
    today = runner.profile.today()
    started = today - timedelta(weeks=3)
    AssessmentFactory(runner=runner, taken_on=started, hip_angle_left=12, hip_angle_right=11)
    plan = PlanFactory(
        runner=runner, starts_on=started, weeks=12, sessions_per_week=6,
        maintenance_from_week=7, maintenance_sessions_per_week=3,
    )  # fmt: skip

    record(runner_client, runner, hip_angle_left="6", hip_angle_right="5")

    plan.refresh_from_db()
    assert (plan.weeks, plan.maintenance_from_week) == (12, 7)
    assert BlockDecision.objects.get(plan=plan).changed_plan is False
