import re
from datetime import date, timedelta

import pytest
from django.db import IntegrityError

from apps.plans.models import Plan, SetLog, StretchSession
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db


def test_the_catalogue_has_the_three_stretches_with_illustrations(client):
    page = client.get("/stretches/").content.decode()

    for name in (
        "Edge-of-table hip-flexor stretch",
        "Half-kneeling lunge",
        "Standing lunge (Warrior I)",
    ):
        assert name in page
    assert page.count('src="/static/img/stretches/') == 3
    detail = client.get("/stretches/half-kneeling-lunge/").content.decode()
    assert "20 repetitions, each held 3 s per side" in detail
    assert "Pelvis tucked, back straight" in detail


def test_generating_needs_a_test_first(runner_client, runner):
    response = runner_client.post("/plan/generate/", follow=True)

    assert "Record a test first" in response.content.decode()
    assert not Plan.objects.exists()


def test_a_plan_is_generated_from_the_latest_test(runner_client, runner):
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today() - timedelta(days=14), hip_angle_left=2
    )
    AssessmentFactory(
        runner=runner, taken_on=runner.profile.today(), hip_angle_left=9, hip_angle_right=2
    )

    page = runner_client.post("/plan/generate/", follow=True).content.decode()

    plan = Plan.objects.get()
    assert (plan.runner, plan.author, plan.status) == (runner, None, "active")
    assert (plan.weeks, plan.sessions_per_week, plan.maintenance_sessions_per_week) == (12, 6, 3)
    assert set(plan.items.values_list("extra_set_side", flat=True)) == {"left"}
    assert "Left 7° tighter: one extra set on the left" in page
    assert "Generated from your latest test" in page
    assert (
        "Edge-of-table hip-flexor stretch</a>: 3 \N{MULTIPLICATION SIGN} 30 s per side, +1 set"
        in page
    )


def test_a_new_plan_ends_the_old_one_which_stays_in_history(runner_client, runner):
    old = PlanFactory(runner=runner, title="Old plan")
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    page = runner_client.post("/plan/generate/", follow=True).content.decode()

    old.refresh_from_db()
    assert (old.status, old.ended_on) == ("ended", runner.profile.today())
    assert Plan.objects.filter(runner=runner, status="active").count() == 1
    assert "Earlier plans" in page
    assert "Old plan" in page


def test_the_database_refuses_a_second_active_plan(runner):
    PlanFactory(runner=runner, with_items=False)

    with pytest.raises(IntegrityError):
        PlanFactory(runner=runner, with_items=False)


@pytest.mark.parametrize(
    ("field", "value"),
    [("sets", 0), ("sets", 7), ("hold_seconds", 4), ("hold_seconds", 121), ("reps", 41)],
)
def test_the_database_refuses_doses_out_of_range(runner, field, value):
    plan = PlanFactory(runner=runner)
    item = plan.items.filter(hold_seconds__isnull=field == "reps").first()

    setattr(item, field, value)
    with pytest.raises(IntegrityError):
        item.save()


def test_an_item_has_exactly_one_dose(runner):
    item = PlanFactory(runner=runner).items.first()
    item.reps = 10  # a hold stretch given repetitions too

    with pytest.raises(IntegrityError):
        item.save()


def session_page(client):
    return client.get("/plan/session/").content.decode()


def test_sets_are_saved_as_they_are_ticked_and_the_session_resumes(runner_client, runner):
    plan = PlanFactory(runner=runner)
    item = plan.items.first()

    response = runner_client.post(
        "/plan/session/set/",
        {"step": f"{item.pk}:left:1", "set": f"{item.pk}:left:1"},
        headers={"HX-Request": "true"},
    )

    assert "<html" not in response.content.decode()
    assert "<strong>1</strong> of 12 sets done" in response.content.decode()
    session = StretchSession.objects.get()
    assert (session.runner, session.plan, session.performed_on) == (
        runner,
        plan,
        runner.profile.today(),
    )
    assert session.finished_at is None
    # Closing the tab loses nothing: opening the session again shows the set ticked.
    assert f'value="{item.pk}:left:1" checked' in session_page(runner_client)

    runner_client.post("/plan/session/set/", {"step": f"{item.pk}:left:1"})  # unticked
    assert not SetLog.objects.exists()


def shown(page):
    return re.findall(r'name="shown" value="([^"]+)"', page)


def test_the_checklist_works_without_javascript(runner_client, runner):
    plan = PlanFactory(runner=runner)
    items = list(plan.items.all())
    ticked = [f"{items[0].pk}:left:1", f"{items[0].pk}:right:1", f"{items[1].pk}:left:1"]

    runner_client.post(
        "/plan/session/", {"set": ticked, "shown": shown(session_page(runner_client))}
    )

    assert sorted(SetLog.objects.values_list("item_id", "side", "set_number")) == sorted(
        [(items[0].pk, "left", 1), (items[0].pk, "right", 1), (items[1].pk, "left", 1)]
    )
    page = session_page(runner_client)
    runner_client.post("/plan/session/", {"set": ticked[:1], "shown": shown(page)})
    assert list(SetLog.objects.values_list("item_id", "side", "set_number")) == [
        (items[0].pk, "left", 1)
    ]


def test_a_stale_checklist_does_not_undo_sets_saved_since(runner_client, runner):
    item = PlanFactory(runner=runner).items.first()
    stale = shown(session_page(runner_client))  # loaded before any set was done
    runner_client.post(
        "/plan/session/set/", {"step": f"{item.pk}:left:1", "set": f"{item.pk}:left:1"}
    )

    runner_client.post("/plan/session/", {"set": [f"{item.pk}:left:2"], "shown": stale})

    assert sorted(SetLog.objects.values_list("set_number", flat=True)) == [1, 2]


@pytest.mark.parametrize(
    "step",
    ["nonsense", "999999:left:1", "{item}:middle:1", "{item}:left:4", "{item}:left:0"],
)
def test_a_set_that_is_not_in_the_plan_is_refused(runner_client, runner, step):
    item = PlanFactory(runner=runner).items.get(stretch__slug="edge-of-table")  # 3 sets

    response = runner_client.post("/plan/session/set/", {"step": step.format(item=item.pk)})

    assert response.status_code == 404
    assert not SetLog.objects.exists()


def test_logging_a_set_of_someone_elses_plan_is_a_404(runner, stranger_client, stranger):
    alices = PlanFactory(runner=runner).items.first()
    PlanFactory(runner=stranger)

    response = stranger_client.post("/plan/session/set/", {"step": f"{alices.pk}:left:1"})

    assert response.status_code == 404
    assert not SetLog.objects.exists()


def test_finishing_records_the_discomfort(runner_client, runner):
    plan = PlanFactory(runner=runner)
    complete_session(plan, runner.profile.today(), finished=False)

    page = runner_client.post(
        "/plan/session/finish/", {"discomfort": "3"}, follow=True
    ).content.decode()

    session = StretchSession.objects.get()
    assert (session.discomfort, session.finished_at is not None) == (3, True)
    assert "Session done" in page
    assert "Done today" in page


def test_high_discomfort_shows_the_overstretching_caution(runner_client, runner):
    PlanFactory(runner=runner)

    page = runner_client.post(
        "/plan/session/finish/", {"discomfort": "8"}, follow=True
    ).content.decode()

    assert "stretch reflex" in page


@pytest.mark.parametrize("value", ["11", "-1", "a lot", ""])
def test_a_discomfort_outside_0_to_10_is_refused(runner_client, runner, value):
    PlanFactory(runner=runner)

    response = runner_client.post("/plan/session/finish/", {"discomfort": value})

    assert "Enter a whole number from 0 to 10." in response.content.decode()
    assert not StretchSession.objects.filter(finished_at__isnull=False).exists()


def test_the_week_strip_colours_the_week(runner_client, runner):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    plan = PlanFactory(runner=runner, starts_on=monday - timedelta(weeks=1), sessions_per_week=1)
    complete_session(plan, monday - timedelta(days=7))

    page = runner_client.get("/plan/").content.decode()

    assert 'class="week week-green"' in page
    assert "1 week in a row on track." in page


@pytest.mark.parametrize("url", ["/plan/", "/"])
def test_a_plan_that_starts_next_week_shows_before_it_starts(runner_client, runner, url):
    today = runner.profile.today()
    PlanFactory(runner=runner, starts_on=today + timedelta(days=8), title="Next week's plan")

    response = runner_client.get(url)

    assert response.status_code == 200
    assert "0 of 0" in response.content.decode()


def test_no_plan_and_no_test_says_what_to_do_first(runner_client):
    page = runner_client.get("/plan/").content.decode()

    assert "Record your first test, then generate a plan" in page


def test_the_session_page_needs_an_active_plan(runner_client):
    assert runner_client.get("/plan/session/").status_code == 404


def test_plan_page_query_count_does_not_grow_with_history(runner_client, runner, page_queries):
    plan = PlanFactory(
        runner=runner, starts_on=runner.profile.today() - timedelta(weeks=10), weeks=12
    )
    few = page_queries(runner_client, "/plan/")
    for day in range(60):
        session = StretchSession.objects.create(
            runner=runner, plan=plan, performed_on=runner.profile.today() - timedelta(days=day + 1)
        )
        SetLog.objects.create(session=session, item=plan.items.first(), side="left", set_number=1)

    assert page_queries(runner_client, "/plan/") == few


def test_pressing_finish_without_doing_the_sets_does_not_count(runner_client, runner):
    PlanFactory(runner=runner)

    page = runner_client.post(
        "/plan/session/finish/", {"discomfort": "0"}, follow=True
    ).content.decode()

    assert "Done today" not in page


def test_a_later_change_of_the_plan_does_not_rewrite_past_weeks(runner_client, runner):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    plan = PlanFactory(runner=runner, starts_on=monday - timedelta(weeks=1), sessions_per_week=1)
    complete_session(plan, monday - timedelta(days=7))
    plan.items.update(sets=6)  # the coach raises every dose afterwards

    assert 'class="week week-green"' in runner_client.get("/plan/").content.decode()


def test_the_streak_counts_beyond_the_six_weeks_shown(runner_client, runner):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    plan = PlanFactory(
        runner=runner, starts_on=monday - timedelta(weeks=10), weeks=20, sessions_per_week=1
    )
    for week in range(1, 11):
        complete_session(plan, monday - timedelta(weeks=week))

    assert "10 weeks in a row on track." in runner_client.get("/plan/").content.decode()


def test_a_runner_with_a_coach_does_not_generate_plans(runner_client, runner, coach):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today())

    page = runner_client.post("/plan/generate/", follow=True).content.decode()

    assert "Your coach assigns your plans" in page
    assert not Plan.objects.exists()


def test_a_plan_past_its_last_week_says_so(runner_client, runner):
    PlanFactory(runner=runner, starts_on=runner.profile.today() - timedelta(weeks=7), weeks=6)

    assert "last week ended on" in runner_client.get("/plan/").content.decode()


def test_a_plan_started_mid_week_counts_its_first_part_week(runner):
    """Viewed on the Monday after a Wednesday start, the week strip and the streak include the
    first (part) week, whatever weekday the test runs on."""
    from apps.plans.models import StretchSession
    from apps.plans.views import plan_overview

    wednesday = date(2026, 11, 4)
    plan = PlanFactory(runner=runner, starts_on=wednesday, sessions_per_week=3)  # Mon, Thu, Sat
    complete_session(plan, date(2026, 11, 5))
    complete_session(plan, date(2026, 11, 7))
    items = list(plan.items.select_related("stretch"))

    overview = plan_overview(
        StretchSession.objects.owned_by(runner), runner, plan, items, today=date(2026, 11, 9)
    )

    first_week = overview["weeks"][0]
    assert (first_week.week_start, first_week.planned, first_week.done) == (
        date(2026, 11, 2),
        2,
        2,
    )
    assert overview["streak"] == 1
