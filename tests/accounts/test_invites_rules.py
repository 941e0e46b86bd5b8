from datetime import UTC, datetime, timedelta

import pytest

from apps.accounts import invites
from apps.accounts.invites import InviteState, acceptance_problem

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
INVITER = 1
OTHER = 2


def test_a_used_invite_whose_link_ended_since_still_says_used():
    invite = InviteState(
        status="revoked", inviter_id=INVITER, expires_at=NOW + timedelta(days=1), was_accepted=True
    )

    assert acceptance_problem(invite, user_id=OTHER, now=NOW, already_linked=False) == invites.USED


@pytest.mark.parametrize(
    ("status", "user_id", "expires_at", "already_linked", "expected"),
    [
        ("pending", OTHER, NOW + timedelta(days=1), False, None),
        ("pending", OTHER, NOW + timedelta(seconds=1), False, None),
        ("pending", OTHER, NOW, False, invites.EXPIRED),
        ("pending", OTHER, NOW - timedelta(days=1), False, invites.EXPIRED),
        ("active", OTHER, NOW + timedelta(days=1), False, invites.USED),
        ("revoked", OTHER, NOW + timedelta(days=1), False, invites.ENDED),
        ("pending", INVITER, NOW + timedelta(days=1), False, invites.OWN_INVITE),
        ("pending", OTHER, NOW + timedelta(days=1), True, invites.ALREADY_LINKED),
        # A used invite says "used" even when it has also expired since.
        ("active", OTHER, NOW - timedelta(days=30), False, invites.USED),
    ],
)
def test_acceptance_problem(status, user_id, expires_at, already_linked, expected):
    invite = InviteState(status=status, inviter_id=INVITER, expires_at=expires_at)

    assert (
        acceptance_problem(invite, user_id=user_id, now=NOW, already_linked=already_linked)
        == expected
    )
