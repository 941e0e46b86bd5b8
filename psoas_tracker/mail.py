"""Telling a person by e-mail of something another person did (a comment, a plan, a link
ended, a red flag): plain text from a template, and never a reason for the action to fail."""

import logging
import smtplib

from django.core.mail import send_mail
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def tell(to_address: str, subject: str, template: str, context: dict) -> bool:
    """Sends one plain-text e-mail; False, logged, when the mail server refuses it. What the
    e-mail tells of is saved before and stays saved either way."""
    subject = " ".join(subject.split())  # one line whatever a name holds
    try:
        send_mail(
            subject=subject,
            message=render_to_string(template, context),
            from_email=None,
            recipient_list=[to_address],
        )
    except (smtplib.SMTPException, OSError, ValueError):  # ValueError: a refused header
        logger.exception("Could not send %s to a user", template)
        return False
    return True
