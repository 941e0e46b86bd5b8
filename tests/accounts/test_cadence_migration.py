"""accounts 0006: the old default cadence (180) becomes not known; a chosen one stays."""

import pytest

from tests.migrating import migrate

pytestmark = pytest.mark.django_db

BEFORE = [("accounts", "0005_invites_and_emails")]
AFTER = [("accounts", "0006_profile_cadence_unknown")]


def test_the_old_default_becomes_not_known_and_a_chosen_cadence_stays(runner, coach):
    old = migrate(BEFORE)
    profiles = old.get_model("accounts", "Profile").objects
    profiles.filter(user_id=runner.pk).update(cadence=180)
    profiles.filter(user_id=coach.pk).update(cadence=172)

    new = migrate(AFTER)

    cadences = dict(new.get_model("accounts", "Profile").objects.values_list("user_id", "cadence"))
    assert cadences == {runner.pk: None, coach.pk: 172}
