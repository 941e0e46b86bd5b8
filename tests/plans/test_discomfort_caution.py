"""After a session rated uncomfortable the caution is the message, not "well stretched"."""

import pytest

from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("discomfort", "caution"), [(3, False), (7, True), (9, True)])
def test_todays_session_rated_uncomfortable_brings_the_caution(
    runner_client, runner, discomfort, caution
):
    today = runner.profile.today()
    plan = PlanFactory(runner=runner, starts_on=today, sessions_per_week=7)
    session = complete_session(plan, today)
    session.discomfort = discomfort
    session.save()

    for url in ("/", "/plan/"):
        page = runner_client.get(url).text
        assert ("felt uncomfortable" in page) is caution, url
        assert ("Well stretched" in page) is not caution, url
        if caution:
            assert f"({discomfort}/10)" in page
