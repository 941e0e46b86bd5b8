from datetime import date, timedelta

import factory

from apps.assessments.models import Assessment
from tests.factories import UserFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    runner = factory.SubFactory(UserFactory)
    # Weekly from 2010, wrapping after 15 years: within the dates the database accepts.
    taken_on = factory.Sequence(lambda n: date(2010, 1, 4) + timedelta(weeks=n % 780))
    instrument = "phone"
    hip_angle_left = 8.0
    hip_angle_right = 2.0
    knee_angle_left = 60.0
    knee_angle_right = 70.0


def weekly_tests(runner, weeks, *, from_weeks_ago=1, **fields):
    """`weeks` tests of `runner`, one a week, newest first, the newest `from_weeks_ago` weeks before
    the runner's today: built by the factory, saved in one query (long histories stay quick)."""
    today = runner.profile.today()
    return Assessment.objects.bulk_create(
        AssessmentFactory.build(
            runner=runner, taken_on=today - timedelta(weeks=from_weeks_ago + n), **fields
        )
        for n in range(weeks)
    )
