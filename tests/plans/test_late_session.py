"""Sets and a rating given offline arrive later: they count on the day the session page showed,
sent twice they are saved once, and too late they are refused with a message."""

import json
from datetime import timedelta

import pytest

from apps.plans.models import LATE_SESSION_DAYS, SetLog, StretchSession
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_sets_and_the_rating_sent_after_midnight_count_on_their_own_day(runner_client, runner):
    today = runner.profile.today()
    plan = PlanFactory(runner=runner, starts_on=today - timedelta(days=3))
    step = f"{plan.items.first().pk}:left:1"
    yesterday = (today - timedelta(days=1)).isoformat()

    for _ in range(2):  # sent twice: its answer was lost on the way
        runner_client.post(
            "/plan/session/set/", {"step": step, "set": step, "day": yesterday}, headers=HTMX
        )
    runner_client.post("/plan/session/finish/", {"discomfort": "3", "day": yesterday}, headers=HTMX)

    session = StretchSession.objects.get()
    assert session.performed_on.isoformat() == yesterday
    assert session.discomfort == 3
    assert SetLog.objects.filter(session=session).count() == 1


def test_sets_from_too_long_ago_are_refused_with_a_message(runner_client, runner):
    today = runner.profile.today()
    plan = PlanFactory(runner=runner, starts_on=today - timedelta(days=30))
    step = f"{plan.items.first().pk}:left:1"
    late = today - timedelta(days=LATE_SESSION_DAYS + 1)

    response = runner_client.post(
        "/plan/session/set/", {"step": step, "set": step, "day": late.isoformat()}, headers=HTMX
    )

    refused = json.loads(response["HX-Trigger"])["outbox:refused"]
    assert refused["message"].startswith("Those sets are from more than 7 days ago")
    assert not StretchSession.objects.exists()
