"""A generated plan is a programme: stretches most days while the test shows tightness,
strength on two days a week never in a row, and strength that moves on when its last set
felt easy twice (apps/plans/programme.py, progression.py; the rules' tables are in
test_programme.py and test_progression.py)."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from apps.assessments.models import RedFlagCheck
from apps.plans.models import EffortRating, Plan, PlanItem, Stretch, StretchSession
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import PlanFactory, add_to_plan

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 12, 7)
TUESDAY, THURSDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=3)


@pytest.fixture
def on_day(monkeypatch):
    """on_day(day): the clock at noon UTC of `day` (every runner's today, whatever the zone)."""

    def set_day(day):
        moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_day


def generate(runner_client, runner, **angles):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today(), **angles)
    RedFlagCheck.objects.create(runner=runner)  # the first test's questions: none applies
    return runner_client.post("/plan/generate/", follow=True).content.decode()


def test_a_tight_test_gives_stretch_days_and_two_strength_days(runner_client, runner, on_day):
    on_day(MONDAY)

    page = generate(runner_client, runner, hip_angle_left=9, hip_angle_right=2)

    plan = Plan.objects.get()
    assert (plan.sessions_per_week, plan.strength_sessions_per_week) == (6, 2)
    strength = plan.items.filter(stretch__kind="strength")
    assert set(strength.values_list("stretch__slug", flat=True)) == {
        "lying-psoas-march",
        "bridge",
        "side-lying-hip-abduction",
        "side-bridge",
        "bird-dog",
    }
    # The tighter side's extra set is for the stretches: the test measured length.
    assert set(strength.values_list("extra_set_side", flat=True)) == {""}
    assert set(
        plan.items.filter(stretch__kind="stretch").values_list("extra_set_side", flat=True)
    ) == {"left"}
    week = page.split('id="week-heading"')[1].split("</table>")[0]
    assert "strength on Monday and Thursday, never two days in a row" in week
    for day, words in [
        ("Monday 7 Dec (today)", "Stretch and strength"),
        ("Tuesday 8 Dec", "Stretch"),
        ("Wednesday 9 Dec", "Rest"),
        ("Thursday 10 Dec", "Stretch and strength"),
        ("Sunday 13 Dec", "Stretch"),
    ]:
        assert f'{day}</th>\n            <td data-label="Session">{words}</td>' in week
    assert "Strength on 2 days a week, never two in a row (Monday and Thursday)" in page
    assert "A session is planned today: 3 stretches and 5 strength exercises" in page


def test_a_test_at_level_keeps_strength_with_the_maintenance_dose(runner_client, runner, on_day):
    on_day(MONDAY)

    page = generate(
        runner_client, runner, hip_angle_left=-4, hip_angle_right=-2, knee_angle_left=64,
        knee_angle_right=66,
    )  # fmt: skip

    plan = Plan.objects.get()
    assert (plan.sessions_per_week, plan.strength_sessions_per_week) == (3, 2)
    assert "the maintenance dose only" in page
    week = page.split('id="week-heading"')[1].split("</table>")[0]
    assert week.count(">Stretch and strength</td>") == 2
    assert week.count(">Stretch</td>") == 1  # Saturday
    assert week.count(">Rest</td>") == 4


def test_todays_session_has_strength_only_on_a_strength_day(runner_client, runner, on_day):
    on_day(MONDAY)
    generate(runner_client, runner, hip_angle_left=9, hip_angle_right=2)

    monday = runner_client.get("/plan/session/").content.decode()
    on_day(TUESDAY)
    tuesday = runner_client.get("/plan/session/").content.decode()

    assert "Bridge: 2 \N{MULTIPLICATION SIGN} 10 reps" in monday
    assert "How did the last set feel?" in monday
    assert "Strength today too" in monday
    assert "Bridge" not in tuesday
    assert "Edge-of-table hip-flexor stretch" in tuesday


def test_a_gentle_start_leaves_strength_for_the_second_week(runner_client, runner, on_day):
    on_day(MONDAY)
    plan = PlanFactory(runner=runner, sessions_per_week=6, strength_sessions_per_week=2,
                       gentle_weeks=1)  # fmt: skip
    add_to_plan(plan, Stretch.objects.get(slug="bridge"))

    first = runner_client.get("/plan/session/").content.decode()
    on_day(MONDAY + timedelta(weeks=1))
    second = runner_client.get("/plan/session/").content.decode()

    assert "Bridge" not in first
    assert "Bridge: 2 \N{MULTIPLICATION SIGN} 10 reps" in second


def rate(client, item, effort, **extra):
    return client.post(
        "/plan/session/rate/", {"item": item.pk, f"effort-{item.pk}": effort}, **extra
    )


def test_two_easy_last_sets_add_repetitions_saying_so(runner_client, runner, on_day):
    on_day(MONDAY)
    generate(runner_client, runner, hip_angle_left=9, hip_angle_right=2)
    bridge = PlanItem.objects.get(stretch__slug="bridge")

    first = rate(runner_client, bridge, "easy", HTTP_HX_REQUEST="true").content.decode()
    on_day(THURSDAY)
    second = rate(runner_client, bridge, "easy", HTTP_HX_REQUEST="true").content.decode()

    assert first.strip() == "Saved."
    assert (
        "Bridge: the last set felt easy twice. From the next session, 2 sets of 12 repetitions."
        in second
    )
    bridge.refresh_from_db()
    assert (bridge.reps, bridge.version, bridge.progressed_on) == (12, "standard", THURSDAY)
    assert EffortRating.objects.filter(item=bridge).count() == 2
    plan_page = runner_client.get("/plan/").content.decode()
    assert "Bridge</a>: 2 \N{MULTIPLICATION SIGN} 12 reps" in plan_page


def test_a_step_up_waits_while_the_morning_has_not_settled(runner_client, runner, on_day):
    from apps.plans.models import MorningCheck

    on_day(MONDAY)
    generate(runner_client, runner, hip_angle_left=9, hip_angle_right=2)
    bridge = PlanItem.objects.get(stretch__slug="bridge")
    rate(runner_client, bridge, "easy")
    on_day(THURSDAY)
    MorningCheck.objects.create(runner=runner, day=THURSDAY, pain=5)

    second = rate(runner_client, bridge, "easy", HTTP_HX_REQUEST="true").content.decode()

    assert "the hip was 5/10 on the morning of this session" in second
    assert "the dose stays until a morning has settled" in second
    bridge.refresh_from_db()
    assert (bridge.reps, bridge.progressed_on) == (10, None)


def test_at_twelve_two_easy_sets_move_to_the_harder_version(runner_client, runner, on_day):
    on_day(MONDAY)
    generate(runner_client, runner, hip_angle_left=9, hip_angle_right=2)
    bridge = PlanItem.objects.get(stretch__slug="bridge")
    PlanItem.objects.filter(pk=bridge.pk).update(reps=12)

    rate(runner_client, bridge, "easy")
    on_day(THURSDAY)
    rate(runner_client, bridge, "easy")
    page = runner_client.get("/plan/session/").content.decode()

    bridge.refresh_from_db()
    assert (bridge.reps, bridge.version) == (8, "harder")
    assert "<strong>Harder version:</strong> The single-leg bridge" in page


def test_ratings_before_a_change_do_not_count_again(runner_client, runner, on_day):
    on_day(MONDAY)
    generate(runner_client, runner, hip_angle_left=9, hip_angle_right=2)
    bridge = PlanItem.objects.get(stretch__slug="bridge")
    rate(runner_client, bridge, "easy")
    on_day(THURSDAY)
    rate(runner_client, bridge, "easy")  # 10 -> 12

    on_day(MONDAY + timedelta(weeks=1))
    rate(runner_client, bridge, "easy")

    bridge.refresh_from_db()
    assert bridge.reps == 12  # one easy rating since the change: not yet twice


def test_a_coachs_plan_keeps_its_dose_and_names_the_coach(runner_client, runner, coach, on_day):
    on_day(MONDAY)
    plan = PlanFactory(runner=runner, author=coach, sessions_per_week=6,
                       strength_sessions_per_week=2)  # fmt: skip
    bridge = add_to_plan(plan, Stretch.objects.get(slug="bridge"))

    rate(runner_client, bridge, "easy")
    on_day(THURSDAY)
    said = rate(runner_client, bridge, "easy", HTTP_HX_REQUEST="true").content.decode()

    bridge.refresh_from_db()
    assert bridge.reps == 10
    assert f"{coach.display_name} sets your doses and sees your ratings: ask them." in said


def test_the_checklist_saves_the_rating_without_javascript(runner_client, runner, on_day):
    on_day(MONDAY)
    plan = PlanFactory(runner=runner, sessions_per_week=6, strength_sessions_per_week=2)
    bridge = add_to_plan(plan, Stretch.objects.get(slug="bridge"))

    runner_client.post("/plan/session/", {"day": MONDAY.isoformat(), f"effort-{bridge.pk}": "hard"})

    assert EffortRating.objects.get(item=bridge).effort == "hard"
    page = runner_client.get("/plan/session/").content.decode()
    assert f'name="effort-{bridge.pk}" value="hard" checked' in page


def test_a_rating_on_a_day_without_strength_is_refused(runner_client, runner, on_day):
    on_day(TUESDAY)
    plan = PlanFactory(runner=runner, sessions_per_week=6, strength_sessions_per_week=2)
    bridge = add_to_plan(plan, Stretch.objects.get(slug="bridge"))

    assert rate(runner_client, bridge, "easy").status_code == 404
    assert not EffortRating.objects.exists()


# --- Access: the runner's own session only -------------------------------------------------


def test_rating_someone_elses_exercise_is_a_404(runner, stranger_client, stranger, on_day):
    on_day(MONDAY)
    alices = add_to_plan(
        PlanFactory(runner=runner, sessions_per_week=6, strength_sessions_per_week=2),
        Stretch.objects.get(slug="bridge"),
    )
    PlanFactory(runner=stranger, sessions_per_week=6, strength_sessions_per_week=2)

    assert rate(stranger_client, alices, "easy").status_code == 404
    assert not EffortRating.objects.exists()


def test_a_linked_coach_cannot_rate_the_runners_set(runner, coach, coach_client, on_day):
    on_day(MONDAY)
    alices = add_to_plan(
        PlanFactory(runner=runner, sessions_per_week=6, strength_sessions_per_week=2),
        Stretch.objects.get(slug="bridge"),
    )

    assert rate(coach_client, alices, "easy").status_code == 404
    assert not EffortRating.objects.exists()


def test_rating_needs_a_login(client, runner, on_day):
    on_day(MONDAY)
    alices = add_to_plan(PlanFactory(runner=runner), Stretch.objects.get(slug="bridge"))

    response = rate(client, alices, "easy")

    assert response.status_code == 302
    assert "/login/" in response["Location"]


# --- Query counts ------------------------------------------------------------------------


def test_the_session_page_queries_stay_constant_as_ratings_pile_up(
    runner_client, runner, on_day, page_queries
):
    on_day(MONDAY)
    plan = PlanFactory(runner=runner, sessions_per_week=7, strength_sessions_per_week=3,
                       starts_on=MONDAY - timedelta(weeks=10), weeks=12)  # fmt: skip
    bridge = add_to_plan(plan, Stretch.objects.get(slug="bridge"))
    march = add_to_plan(plan, Stretch.objects.get(slug="lying-psoas-march"))
    rate(runner_client, bridge, "right")
    few = page_queries(runner_client, "/plan/session/")
    few_on_plan_page = page_queries(runner_client, "/plan/")
    for day in range(1, 40):
        session = StretchSession.objects.create(
            runner=runner, plan=plan, performed_on=MONDAY - timedelta(days=day)
        )
        EffortRating.objects.create(session=session, item=bridge, effort="right")
        EffortRating.objects.create(session=session, item=march, effort="hard")

    assert page_queries(runner_client, "/plan/session/") == few
    assert page_queries(runner_client, "/plan/") == few_on_plan_page


def test_a_lighter_week_has_no_strength_day_in_the_week_table(runner_client, runner, on_day):
    on_day(MONDAY)
    plan = PlanFactory(runner=runner, sessions_per_week=6, strength_sessions_per_week=2,
                       lighter_from=TUESDAY)  # fmt: skip
    add_to_plan(plan, Stretch.objects.get(slug="bridge"))

    page = runner_client.get("/plan/").content.decode()

    assert "A lighter week, from Tuesday 8 December until Monday 14 December" in page
    rows = dict(re.findall(r'<th scope="row" data-label="Day">([^<(]+?)(?: \(today\))?</th>\s*'
                           r'<td data-label="Session">([^<]+)</td>', page))  # fmt: skip
    assert rows["Monday 7 Dec"] == "Stretch and strength"  # before the lighter week
    assert rows["Thursday 10 Dec"] == "Stretch"
