"""Rules for accepting a coach invite: plain values in, a message or None out."""

from dataclasses import dataclass
from datetime import datetime

EXPIRED = "This invite has expired. Ask the person who sent it for a new link."
USED = "This invite has already been used."
ENDED = "This invite was withdrawn by the person who sent it."
OWN_INVITE = "This is your own invite: send the link to the other person to accept."
ALREADY_LINKED = "You are already linked with this person."
NOT_FOUND = "This invite link is not valid. Check that you copied the whole link."


@dataclass(frozen=True)
class InviteState:
    status: str  # "pending", "active" or "revoked"
    inviter_id: int
    expires_at: datetime
    was_accepted: bool = False


def acceptance_problem(
    invite: InviteState, *, user_id: int | None, now: datetime, already_linked: bool
):
    """Why `user_id` (None: somebody not logged in yet) may not accept `invite` at `now`, as a
    message for them; None if they may."""
    if invite.status == "active" or invite.was_accepted:
        return USED
    if invite.status == "revoked":
        return ENDED
    if invite.inviter_id == user_id:
        return OWN_INVITE
    if now >= invite.expires_at:
        return EXPIRED
    if already_linked:
        return ALREADY_LINKED
    return None
