"""What happens around a coach link besides its row: invites sent by e-mail to a group, and
telling the other side when a link ends."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.accounts import throttle
from apps.accounts.models import CoachLink
from psoas_tracker import mail


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
