"""The runs pages in the reader's units (accounts.Profile.units): the list, a run's page and its
delete page read miles to a miles runner and kilometres to a km runner, and a coach reads a
runner's runs in the coach's own units. The run stays stored in SI."""

import pytest
from django.urls import reverse

from apps.accounts.models import Profile
from apps.runs.models import Run
from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db

# The factory's run: 9,008 m in 47:12 moving, 64 m up, a 420 m climb gaining 25 m, 1.18 m steps.
IN_KM = ("9.01 km", "5:14 /km", "64 m up", "118 cm")
IN_MILES = ("5.60 mi", "8:26 /mi", "210 ft up", "46.5 in")


def reads_in(user, units):
    Profile.objects.filter(user=user).update(units=units)


@pytest.mark.parametrize(
    ("units", "shown", "not_shown"), [("km", IN_KM, IN_MILES), ("mi", IN_MILES, IN_KM)]
)
def test_the_runs_list_reads_in_the_runners_units(runner_client, runner, units, shown, not_shown):
    RunFactory(runner=runner)
    reads_in(runner, units)

    page = runner_client.get(reverse("runs:list")).content.decode()

    for figure in shown:
        assert figure in page
    for figure in not_shown:
        assert figure not in page


def test_a_runs_page_reads_in_miles_climbs_and_the_hill_rule_too(runner_client, runner):
    run = RunFactory(runner=runner)
    reads_in(runner, "mi")

    page = runner_client.get(reverse("runs:detail", args=[run.pk])).content.decode()

    for figure in IN_MILES:
        assert figure in page
    assert "at 10:00, 1,380 ft at 6 % (82 ft up, 3:00)" in page
    assert "A climb of 4 % or steeper over 100 m (330 ft) or more counts as a hill." in page
    assert " km" not in page
    assert "/km" not in page
    run.refresh_from_db()
    assert run.distance_m == 9008.0  # stored as it came: metres


def test_a_runs_page_reads_in_kilometres_to_a_km_runner(runner_client, runner):
    run = RunFactory(runner=runner)

    page = runner_client.get(reverse("runs:detail", args=[run.pk])).content.decode()

    for figure in IN_KM:
        assert figure in page
    assert "at 10:00, 420 m at 6 % (25 m up, 3:00)" in page
    assert "A climb of 4 % or steeper over 100 m or more counts as a hill." in page
    assert " mi" not in page
    assert " ft" not in page


def test_the_delete_page_names_the_distance_in_the_runners_units(runner_client, runner):
    run = RunFactory(runner=runner)
    reads_in(runner, "mi")

    page = runner_client.get(reverse("runs:delete", args=[run.pk])).content.decode()

    assert "5.60 mi in 47:12" in page


@pytest.mark.parametrize(
    ("coach_units", "shown", "not_shown"), [("km", IN_KM, IN_MILES), ("mi", IN_MILES, IN_KM)]
)
def test_a_coach_reads_a_runners_runs_in_the_coachs_own_units(
    coach_client, coach, runner, coach_units, shown, not_shown
):
    run = RunFactory(runner=runner)
    reads_in(
        runner, "mi" if coach_units == "km" else "km"
    )  # the runner's choice is not the coach's
    reads_in(coach, coach_units)

    pages = [
        coach_client.get(reverse("runs:runner_list", args=[runner.pk])).content.decode(),
        coach_client.get(reverse("runs:detail", args=[run.pk])).content.decode(),
    ]

    for page in pages:
        for figure in shown:
            assert figure in page
        for figure in not_shown:
            assert figure not in page


def test_the_runs_pages_ask_no_more_queries_in_miles(runner_client, runner, page_queries):
    run = RunFactory(runner=runner)
    RunFactory(runner=runner)
    urls = [reverse("runs:list"), reverse("runs:detail", args=[run.pk])]
    in_km = [page_queries(runner_client, url) for url in urls]

    reads_in(runner, "mi")

    assert [page_queries(runner_client, url) for url in urls] == in_km
    assert Run.objects.count() == 2
