"""What happens around a coach link besides its row: accepting an invite (from its page, or
when an account is made from it), invites sent by e-mail to a group, and telling the other side
when a link ends."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts import invites, throttle
from apps.accounts.models import CoachLink
from psoas_tracker import mail
from psoas_tracker.converters import is_token


def invite_of(token: str) -> CoachLink | None:
    """The invite a link's token names, with both people; None for an unknown or mangled one."""
    if not token or not is_token(token):
        return None
    return (
        CoachLink.objects.select_related("runner__profile", "coach__profile")
        .filter(token=token)
        .first()
    )


def acceptance_problem(link, user=None) -> str | None:
    """Why `user` may not accept `link` now, as a message for them; None if they may. Without a
    user (somebody not logged in yet), only what the invite itself says: used, withdrawn,
    expired."""
    already_linked = False
    if user is not None:
        if link.direction == CoachLink.Direction.RUNNER_INVITES_COACH:
            pair = {"runner_id": link.runner_id, "coach_id": user.pk}
        else:
            pair = {"runner_id": user.pk, "coach_id": link.coach_id}
        already_linked = CoachLink.objects.active().filter(**pair).exists()
    state = invites.InviteState(
        status=link.status,
        inviter_id=link.inviter.pk,
        expires_at=link.expires_at,
        was_accepted=link.accepted_at is not None,
    )
    return invites.acceptance_problem(
        state,
        user_id=user.pk if user is not None else None,
        now=timezone.now(),
        already_linked=already_linked,
    )


def accept(link_pk, user) -> str | None:
    """`user` accepts the invite under a row lock, so two tabs (or two people) cannot both use
    it; returns why not, or None once linked."""
    try:
        with transaction.atomic():
            link = CoachLink.objects.select_for_update().get(pk=link_pk)
            problem = acceptance_problem(link, user)
            if problem:
                return problem
            if link.direction == CoachLink.Direction.RUNNER_INVITES_COACH:
                link.coach = user
            else:
                link.runner = user
            link.status = CoachLink.Status.ACTIVE
            link.accepted_at = timezone.now()
            link.save(update_fields=["coach", "runner", "status", "accepted_at"])
    except IntegrityError:
        return invites.ALREADY_LINKED
    return None


def tell_link_ended(link, ended_by) -> None:
    """E-mails the side that did not end the link. The link has ended whatever the mail
    server says: a failure is logged, not shown."""
    by_runner = ended_by.pk == link.runner_id
    to = link.coach if by_runner else link.runner
    if not to.profile.email_links:
        return
    context = {"link": link, "by_runner": by_runner, "to": to, "ended_by": ended_by}
    mail.tell(
        to.email,
        f"{link.runner.display_name} ended the link with you"
        if by_runner
        else f"{link.coach.display_name} has stopped coaching you",
        "accounts/link_ended_email.txt",
        context,
    )


INVITES_PER_ADDRESS = throttle.Limit(2, timedelta(days=7))


@dataclass
class GroupInvite:
    sent: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)  # already a runner of this coach
    waiting: list[str] = field(default_factory=list)  # an unexpired invite already e-mailed
    failed: list[str] = field(default_factory=list)  # the mail server refused
    too_often: list[str] = field(default_factory=list)  # invited twice this week already


def invite_runners(coach, addresses, link_url) -> GroupInvite:
    """One single-use invite per address, e-mailed; `link_url(token)` makes the absolute link.
    Addresses already linked with the coach, or holding an invite still valid, are skipped."""
    report = GroupInvite()
    linked = set(
        CoachLink.objects.active()
        .filter(coach=coach, runner__email__in=addresses)
        .values_list("runner__email", flat=True)
    )
    waiting = set(
        CoachLink.objects.pending()
        .filter(coach=coach, sent_to__in=addresses, expires_at__gt=timezone.now())
        .values_list("sent_to", flat=True)
    )
    new = []
    for address in addresses:
        if address in linked or address in waiting:
            continue
        # Counted before sending: nobody gets more than two invites a week, from anybody.
        if throttle.allow_for_key("invite-to", address, INVITES_PER_ADDRESS):
            new.append(address)
        else:
            report.too_often.append(address)
    report.linked = [address for address in addresses if address in linked]
    report.waiting = [address for address in addresses if address in waiting]
    with transaction.atomic():
        invites = CoachLink.objects.bulk_create(
            CoachLink(
                coach=coach, direction=CoachLink.Direction.COACH_INVITES_RUNNER, sent_to=address
            )
            for address in new
        )
    for invite in invites:
        if mail.tell(
            invite.sent_to,
            f"{coach.display_name} invites you to Psoas Tracker",
            "accounts/invite_email.txt",
            {"coach": coach, "url": link_url(invite.token)},
        ):
            report.sent.append(invite.sent_to)
        else:
            report.failed.append(invite.sent_to)
            CoachLink.objects.filter(pk=invite.pk).delete()  # nobody holds its link
    return report
