"""Back to running in the app (apps/plans/returning.py): a block starts when a red flag's hold
clears, after a pause for pain, or by the coach; the runner logs each walk-run with the pain
during it; imported runs of the step's time count; the next-morning check allows each next
step; the coach sees where the runner is in it. Bad input saves nothing."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import IntegrityError

from apps.assessments import safety
from apps.assessments.models import RedFlag
from apps.plans import returning
from apps.plans.models import MorningCheck, ReturnCause, ReturnToRun, WalkRun
from apps.plans.return_to_run import TIMES as X
from tests.assessments.test_red_flag_hold import record
from tests.plans.factories import PlanFactory
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
STEP_ONE = f"Step 1 of 9: 10 {X} 1 min running, 1 min walking, on the flat, easy (20 min)."


def blocks(runner):
    return list(ReturnToRun.objects.filter(runner=runner).values_list("cause", "ended_on"))


def walk_runs(runner):
    return list(WalkRun.objects.filter(block__runner=runner).values_list("day", "pain_during"))


@pytest.fixture
def under_way(runner):
    """A block started a week ago (the runner's today is `under_way.today`)."""
    today = runner.profile.today()
    block = ReturnToRun.objects.create(
        runner=runner, cause=ReturnCause.PAIN_PAUSE, started_on=today - timedelta(days=7)
    )
    block.today = today
    return block


def test_clearing_the_last_red_flag_starts_a_return_to_running(runner, runner_client):
    PlanFactory(runner=runner, starts_on=runner.profile.today() - timedelta(weeks=2))
    safety.record_check(runner, ["numbness", "night_or_rest"])

    runner_client.post("/safety/", {"flags": ["numbness"]})  # one flag still open
    assert blocks(runner) == []
    response = runner_client.post("/safety/", {}, follow=True)  # none applies any more

    assert blocks(runner) == [(ReturnCause.RED_FLAG, None)]
    assert "Come back to running by the walk-runs on your plan page" in response.text
    page = runner_client.get("/plan/").text
    assert STEP_ONE in page
    assert "After a red flag cleared" in page
    runner_client.post("/safety/", {})  # answered again: still one block
    assert len(blocks(runner)) == 1


def test_a_test_that_clears_a_severe_pain_starts_it_too(runner, runner_client):
    today = runner.profile.today()
    record(runner_client, runner, taken_on=(today - timedelta(days=7)).isoformat(), pain_hip="8")
    assert safety.hold_of(runner, runner)

    record(runner_client, runner, taken_on=today.isoformat(), pain_hip="2")

    assert not safety.hold_of(runner, runner)
    assert blocks(runner) == [(ReturnCause.RED_FLAG, None)]


def test_an_old_flag_cleared_long_ago_starts_nothing(runner):
    flag = RedFlag.objects.create(
        runner=runner, key="numbness", raised_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    RedFlag.objects.filter(pk=flag.pk).update(
        cleared_at=datetime(2026, 1, 2, tzinfo=UTC), cleared_how="answer"
    )

    assert returning.after_hold_cleared(runner, runner.profile.today()) is None
    assert blocks(runner) == []


def test_the_runner_starts_one_after_a_pause_for_pain(runner, runner_client):
    page = runner_client.get("/plan/").text
    assert "Stopped running for a while because of pain?" in page

    response = runner_client.post("/plan/back-to-running/start/", follow=True)
    runner_client.post("/plan/back-to-running/start/")  # tapped twice: one block

    assert blocks(runner) == [(ReturnCause.PAIN_PAUSE, None)]
    assert STEP_ONE in response.text
    assert "Stopped running for a while" not in response.text


def test_not_while_a_red_flag_is_open(runner, runner_client):
    safety.record_check(runner, ["numbness"])

    assert "Stopped running for a while" not in runner_client.get("/plan/").text
    response = runner_client.post("/plan/back-to-running/start/", follow=True)

    assert blocks(runner) == []
    assert "Not while a red flag is open" in response.text


def test_a_new_block_ends_the_one_under_way(runner, under_way):
    later = under_way.today

    returning.start(runner, ReturnCause.RED_FLAG, later)

    assert sorted(blocks(runner), key=str) == sorted(
        [(ReturnCause.PAIN_PAUSE, later), (ReturnCause.RED_FLAG, None)], key=str
    )


def test_one_open_block_a_runner_in_the_database(runner, under_way):
    with pytest.raises(IntegrityError, match="plans_one_open_return_to_run"):
        ReturnToRun.objects.create(
            runner=runner, cause=ReturnCause.COACH, started_on=under_way.today
        )


@pytest.mark.parametrize("pain", [-1, 11])
def test_the_database_keeps_the_pain_during_from_0_to_10(under_way, pain):
    with pytest.raises(IntegrityError, match="plans_walk_run_pain_range"):
        WalkRun.objects.create(block=under_way, day=under_way.today, pain_during=pain)


def test_a_walk_run_logged_with_one_tap(runner, runner_client, under_way):
    response = runner_client.post(
        "/plan/back-to-running/walk-run/", {"pain_during": "2"}, follow=True
    )
    runner_client.post("/plan/back-to-running/walk-run/", {"pain_during": "1"})  # sent again

    assert walk_runs(runner) == [(under_way.today, 1)]
    assert "Today's walk-run is logged" in response.text
    assert "Answer the morning check on" in response.text


def test_with_htmx_the_block_redraws_in_place(runner_client, under_way):
    response = runner_client.post(
        "/plan/back-to-running/walk-run/", {"pain_during": "2"}, headers=HTMX
    )

    assert response.text.startswith('<section id="back-to-running"')
    assert "Today's walk-run is logged" in response.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pain_during": "11"}, "Enter the pain during the walk-run from 0 to 10."),
        ({}, "Enter the pain during the walk-run from 0 to 10."),
        ({"pain_during": "2", "day": "2099-01-01"}, "That day has not come yet"),
        ({"pain_during": "2", "day": "2026-01-01"}, "That day is before this return"),
    ],
)
def test_bad_input_saves_nothing_and_says_why(runner, runner_client, under_way, data, message):
    page = runner_client.post("/plan/back-to-running/walk-run/", data, follow=True).text
    kept = runner_client.post("/plan/back-to-running/walk-run/", data, headers=HTMX)

    assert walk_runs(runner) == []
    assert message in page
    assert message in kept.text
    assert "outbox:refused" in kept.headers["HX-Trigger"]


def test_a_walk_run_waits_while_a_red_flag_is_open(runner, runner_client, under_way):
    safety.record_check(runner, ["numbness"])

    page = runner_client.post(
        "/plan/back-to-running/walk-run/", {"pain_during": "1"}, follow=True
    ).text

    assert walk_runs(runner) == []
    assert "Not while a red flag is open" in page
    assert "Done today's walk-run?" not in page


def test_no_block_no_walk_run(runner, runner_client):
    response = runner_client.post("/plan/back-to-running/walk-run/", {"pain_during": "1"})

    assert response.status_code == 404
    assert walk_runs(runner) == []


def test_the_morning_after_holds_or_allows_the_next_step(runner, runner_client, under_way):
    first, second = (
        under_way.started_on + timedelta(days=1),
        under_way.started_on + timedelta(days=3),
    )
    WalkRun.objects.create(block=under_way, day=first, pain_during=2)
    WalkRun.objects.create(block=under_way, day=second, pain_during=2)
    MorningCheck.objects.create(runner=runner, day=first + timedelta(days=1), pain=1)
    check = MorningCheck.objects.create(runner=runner, day=second + timedelta(days=1), pain=5)

    held = runner_client.get("/plan/").text
    MorningCheck.objects.filter(pk=check.pk).update(pain=1)
    allowed = runner_client.get("/plan/").text

    assert "the hip was 5/10, more than the 3/10 that is acceptable" in held
    assert STEP_ONE in held
    assert f"Step 2 of 9: 7 {X} 2 min running, 1 min walking" in allowed


def test_the_dashboard_asks_the_morning_after_a_walk_run(runner, runner_client, under_way):
    WalkRun.objects.create(block=under_way, day=under_way.today - timedelta(days=1), pain_during=2)

    assert "How does your hip feel this morning?" in runner_client.get("/").text


def test_an_imported_run_of_the_step_s_time_counts(runner, runner_client, under_way):
    day = under_way.started_on + timedelta(days=2)
    started = datetime.combine(day, time(7), tzinfo=runner.profile.zone)
    RunFactory(
        runner=runner, started_at=started, day=day, elapsed_seconds=21 * 60,
        moving_seconds=20 * 60, distance_m=3000, elevation_gain_m=5,
    )  # fmt: skip
    long_day = day + timedelta(days=2)
    RunFactory(
        runner=runner,
        started_at=datetime.combine(long_day, time(7), tzinfo=runner.profile.zone),
        day=long_day,
    )  # fmt: skip: 48 minutes, with a hill
    MorningCheck.objects.create(runner=runner, day=day + timedelta(days=1), pain=0)

    page = runner_client.get("/plan/").text

    assert "A run from a watch, 21 min, step 1" in page
    assert "A run from a watch, 48 min, step 1 (not counted)" in page
    assert (
        "1 of 2 done at this step: one more outing settled by the next morning moves you on."
        in page
    )


def test_the_runner_ends_it_and_the_outings_stay(runner, runner_client, under_way):
    WalkRun.objects.create(block=under_way, day=under_way.today, pain_during=1)

    runner_client.post("/plan/back-to-running/end/")

    assert blocks(runner) == [(ReturnCause.PAIN_PAUSE, under_way.today)]
    assert walk_runs(runner) == [(under_way.today, 1)]


def test_the_coach_sees_where_the_runner_is_and_may_start_one(
    runner, coach, coach_client, stranger_client
):
    assert stranger_client.post(f"/runners/{runner.pk}/back-to-running/start/").status_code == 404
    page = coach_client.get(f"/runners/{runner.pk}/plan/").text
    assert "Start Alice's return to running" in page

    coach_client.post(f"/runners/{runner.pk}/back-to-running/start/")
    WalkRun.objects.create(
        block=ReturnToRun.objects.get(runner=runner), day=runner.profile.today(), pain_during=2
    )
    page = coach_client.get(f"/runners/{runner.pk}/plan/").text

    assert blocks(runner) == [(ReturnCause.COACH, None)]
    assert STEP_ONE in page
    assert "Started by the coach (Bob)" in page
    assert "Done today's walk-run?" not in page  # the runner's to log
    assert "I'm back to my usual running" not in page
    assert "once more, settled by the next morning, moves them on" not in page


def test_a_coach_reads_the_runs_from_files_only(runner, coach, coach_client, under_way):
    day = under_way.started_on + timedelta(days=2)
    RunFactory(
        runner=runner, source="strava", file_format="", strava_activity_id=1, day=day,
        elapsed_seconds=20 * 60, moving_seconds=19 * 60, distance_m=3000, elevation_gain_m=2,
        started_at=datetime.combine(day, time(7), tzinfo=runner.profile.zone),
    )  # fmt: skip

    mine = returning.block_of(runner, runner, under_way.today)
    theirs = returning.block_of(coach, runner, under_way.today)

    assert len(mine.position.outings) == 1
    assert theirs.position.outings == ()


@pytest.mark.parametrize("url", ["/plan/", "/", "/coach/runners/{pk}/", "/runners/{pk}/plan/"])
def test_queries_stay_constant_as_the_block_grows(
    runner, coach, runner_client, coach_client, under_way, page_queries, url
):
    client = coach_client if "runners" in url else runner_client
    url = url.format(pk=runner.pk)
    WalkRun.objects.create(block=under_way, day=under_way.started_on, pain_during=1)
    few = page_queries(client, url)
    for offset in range(1, 7):
        day = under_way.started_on + timedelta(days=offset)
        WalkRun.objects.create(block=under_way, day=day, pain_during=1)
        MorningCheck.objects.create(runner=runner, day=day + timedelta(days=1), pain=1)
        RunFactory(runner=runner, day=day, started_at=datetime.combine(day, time(18), tzinfo=UTC))

    assert page_queries(client, url) == few


def test_the_dashboard_names_today_s_step(runner, runner_client, under_way):
    home = runner_client.get("/").text

    assert "Back to running</a>, step 1 of 9" in home


def test_the_coach_s_runner_page_shows_the_block(runner, coach, coach_client, under_way):
    WalkRun.objects.create(
        block=under_way, day=under_way.started_on + timedelta(days=1), pain_during=4
    )

    page = coach_client.get(f"/coach/runners/{runner.pk}/").text

    assert STEP_ONE in page
    assert "Pain during the outing of" in page
    assert "4/10" in page


def test_the_week_table_and_the_calendar_feed_carry_the_walk_runs(
    runner, runner_client, client, under_way
):
    from icalendar import Calendar

    from apps.plans.models import CalendarFeed

    today = under_way.today
    monday = today - timedelta(days=today.weekday())
    PlanFactory(runner=runner, starts_on=monday, weeks=4, sessions_per_week=3)  # Mon, Thu, Sat
    page = runner_client.get("/plan/").text
    runner_client.post("/plan/calendar/", {"action": "create"})
    feed = client.get(f"/calendar/{CalendarFeed.objects.get().token}.ics")

    assert "walk-runs of the return to running on Tuesday, Thursday and Saturday" in page
    assert page.count("Walk-run</td>") == 1  # Tuesday: no stretching
    assert page.count(", and the walk-run</td>") == 2  # Thursday and Saturday
    walks = [
        event
        for event in Calendar.from_ical(feed.content).walk("VEVENT")
        if str(event["summary"]) == "Walk-run (back to running)"
    ]
    assert len(walks) == 12  # three a week, four weeks ahead from today
    assert all(event.decoded("dtstart").weekday() in (1, 3, 5) for event in walks)
    assert f"Step 1 of 9: 10 {X} 1 min running" in str(walks[0]["description"])


def test_a_step_back_means_no_running_that_day(runner, runner_client, under_way):
    yesterday = under_way.today - timedelta(days=1)
    WalkRun.objects.create(block=under_way, day=yesterday, pain_during=2)
    check = MorningCheck.objects.create(runner=runner, day=under_way.today, pain=5)

    held = runner_client.get("/plan/").text
    MorningCheck.objects.filter(pk=check.pk).update(pain=2)
    settled = runner_client.get("/plan/").text

    assert "No running today: your hip has not settled." in held
    assert "No running today" not in settled


def test_the_coach_s_editor_starts_a_return_to_running_with_the_plan(
    runner, coach, coach_client, runner_client
):
    from tests.plans.test_coach_plans import plan_data

    form = coach_client.get(f"/runners/{runner.pk}/plan/new/").text
    assert "Return to run" in form
    assert "Start a return to running with this plan" in form

    response = coach_client.post(
        f"/runners/{runner.pk}/plan/new/", plan_data(runner, return_to_run="on"), follow=True
    )

    assert "The return to running starts today, at step 1." in response.text
    assert blocks(runner) == [(ReturnCause.COACH, None)]
    assert "Started by the coach (Bob)" in runner_client.get("/plan/").text
    plan = runner.plans.get()
    coach_client.post(f"/runners/{runner.pk}/plan/{plan.pk}/edit/", plan_data(runner))
    assert blocks(runner) == [(ReturnCause.COACH, None)]  # an edit without it keeps the block


def test_not_with_a_red_flag_open_and_nothing_saved(runner, coach, coach_client):
    from tests.plans.test_coach_plans import plan_data

    safety.record_check(runner, ["numbness"])

    response = coach_client.post(
        f"/runners/{runner.pk}/plan/new/", plan_data(runner, return_to_run="on")
    )

    assert response.status_code == 200
    assert "Not while a red flag is open: the walk-runs start once it has cleared" in response.text
    assert not runner.plans.exists()
    assert blocks(runner) == []


def test_a_template_has_no_return_to_run(coach, coach_client):
    from tests.plans.factories import says_they_coach

    says_they_coach(coach)
    form = coach_client.get("/coach/templates/new/").text

    assert "Strength days a week" in form  # the building blocks are there
    assert "Return to run" not in form


def test_editing_the_plan_says_where_the_runner_is_before_starting_over(
    runner, coach, coach_client, under_way
):
    plan = PlanFactory(runner=runner, author=coach, author_name="Bob")

    form = coach_client.get(f"/runners/{runner.pk}/plan/{plan.pk}/edit/").text

    assert "Alice is at step 1 of 9</strong> of a return to running" in form


def test_a_block_ended_shows_its_last_word_and_a_new_one_may_start(
    runner, runner_client, under_way, client
):
    WalkRun.objects.create(
        block=under_way, day=under_way.started_on + timedelta(days=1), pain_during=1
    )
    runner_client.post("/plan/back-to-running/end/")

    page = runner_client.get("/plan/").text
    home = runner_client.get("/").text

    assert f"Ended on {under_way.today:%A %-d %B}, at step 1 of 9." in page
    assert "Done today's walk-run?" not in page
    assert "Stopped running for a while because of pain?" in page
    assert "Back to running</a>, step" not in home
    assert "Walk-runs on Tuesday" not in page
    runner_client.post("/plan/back-to-running/start/")
    assert blocks(runner).count((ReturnCause.PAIN_PAUSE, None)) == 1


def test_a_finished_block_goes_after_two_weeks(runner, runner_client, under_way):
    from apps.plans import return_to_run

    start = under_way.today - timedelta(days=80)
    ReturnToRun.objects.filter(pk=under_way.pk).update(started_on=start)
    day = start
    for _ in range(2 * len(return_to_run.STEPS)):
        day += timedelta(days=2)
        WalkRun.objects.create(block=under_way, day=day, pain_during=1)
        MorningCheck.objects.create(runner=runner, day=day + timedelta(days=1), pain=1)

    finished = (under_way.today - day).days
    page = runner_client.get("/plan/").text

    assert finished > return_to_run.FINISHED_SHOWN_DAYS
    assert 'id="back-to-running"' not in page
    assert "Stopped running for a while because of pain?" in page


def test_a_run_before_the_block_started_that_day_is_not_one_of_its_outings(runner, runner_client):
    from django.utils import timezone

    today = runner.profile.today()
    RunFactory(
        runner=runner, day=today, started_at=timezone.now() - timedelta(hours=2),
        elapsed_seconds=20 * 60, moving_seconds=19 * 60, distance_m=3000, elevation_gain_m=2,
    )  # fmt: skip
    runner_client.post("/plan/back-to-running/start/")

    assert returning.block_of(runner, runner, today).position.outings == ()


def test_the_block_pauses_while_a_red_flag_is_open(
    runner, coach, runner_client, coach_client, under_way
):
    safety.record_check(runner, ["numbness"])

    mine = runner_client.get("/plan/").text
    theirs = coach_client.get(f"/coach/runners/{runner.pk}/").text

    for page in (mine, theirs):
        assert "Paused while a red flag is open:" in page
        assert ": one today" not in page
