"""The next-morning checks on a runner's whole picture: the latest answers, newest first, read
by a linked coach (no control of the runner's there), 404 for a stranger, and the same queries
however many answers there are."""

from datetime import timedelta

import pytest

from apps.plans.models import MorningCheck

pytestmark = pytest.mark.django_db


def days_ago(runner, days):
    return runner.profile.today() - timedelta(days=days)


def test_the_coach_reads_the_latest_answers_on_the_runner_s_page(coach_client, runner):
    MorningCheck.objects.create(runner=runner, day=days_ago(runner, 0), pain=5)
    MorningCheck.objects.create(runner=runner, day=days_ago(runner, 2), pain=2)

    page = coach_client.get(f"/coach/runners/{runner.pk}/").text

    section = page.split('id="morning-heading"', 1)[1].split("</section>", 1)[0]
    assert "How Alice's hip felt the morning after a session or a run" in section
    assert section.index("5/10") < section.index("2/10")  # newest first
    assert "hold, step back" in section
    assert "may go ahead" in section
    assert "<form" not in section  # read-only: the runner's control is not here


def test_the_runner_s_page_costs_the_same_queries_as_answers_grow(
    coach_client, runner, page_queries
):
    MorningCheck.objects.create(runner=runner, day=days_ago(runner, 0), pain=5)
    few = page_queries(coach_client, f"/coach/runners/{runner.pk}/")
    for day in range(1, 30):
        MorningCheck.objects.create(runner=runner, day=days_ago(runner, day), pain=day % 11)

    assert page_queries(coach_client, f"/coach/runners/{runner.pk}/") == few


def test_a_stranger_gets_404_and_no_answers(stranger_client, runner):
    MorningCheck.objects.create(runner=runner, day=days_ago(runner, 0), pain=5)

    response = stranger_client.get(f"/coach/runners/{runner.pk}/")

    assert response.status_code == 404
    assert "5/10" not in response.text
