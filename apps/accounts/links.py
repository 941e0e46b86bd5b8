"""What happens around a coach link besides its row: telling the other side when it ends."""

import logging
import smtplib

from django.core.mail import send_mail
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def tell_link_ended(link, ended_by) -> None:
    """E-mails the side that did not end the link. The link has ended whatever the mail
    server says: a failure is logged, not shown."""
    by_runner = ended_by.pk == link.runner_id
    to = link.coach if by_runner else link.runner
    context = {"link": link, "by_runner": by_runner, "to": to, "ended_by": ended_by}
    try:
        send_mail(
            subject=(
                f"{link.runner.display_name} ended the link with you"
                if by_runner
                else f"{link.coach.display_name} has stopped coaching you"
            ),
            message=render_to_string("accounts/link_ended_email.txt", context),
            from_email=None,
            recipient_list=[to.email],
        )
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not tell the other side that link %s ended", link.pk)
