"""A run's page (/runs/<pk>/): its figures, its hills and what they mean for a sore hip."""

import pytest
from django.urls import reverse

from tests.runs.factories import RunFactory

pytestmark = pytest.mark.django_db


def test_a_hilly_run_says_why_a_climb_matters_without_ranking_the_load(runner_client, runner):
    run = RunFactory(runner=runner)

    page = runner_client.get(reverse("runs:detail", args=[run.pk])).content.decode()

    assert (
        "On a climb the knee lifts higher: if running uphill hurts, keep to flat runs until the "
        "pain settles." in page
    )
    assert "hardest" not in page
