"""Writing in a conversation, and telling the other person."""

from datetime import timedelta

from django.utils import timezone

from apps.accounts.models import CoachLink
from apps.conversation.models import Comment
from psoas_tracker import mail

DOUBLE_SUBMIT_WINDOW = timedelta(seconds=30)


class NotInConversation(Exception):
    """The writer is not one of the two people of an active link."""


def post(writer, runner, body, *, coach_id=None, assessment=None, plan=None, link_url=None):
    """Saves `writer`'s comment on `runner`'s test or plan and e-mails the other person. The
    runner writes to one of their active coaches (`coach_id`); a coach, only while linked."""
    by_coach = writer.pk != runner.pk
    coach_id = writer.pk if by_coach else coach_id
    link = (
        CoachLink.objects.active()
        .filter(runner=runner, coach_id=coach_id)
        .select_related("coach__profile", "runner__profile")
        .first()
    )
    if link is None:
        raise NotInConversation
    fields = {
        "runner": runner,
        "coach_id": coach_id,
        "by_coach": by_coach,
        "assessment": assessment,
        "plan": plan,
        "body": body,
    }
    # A double tap sends the same words twice: keep one comment and one e-mail.
    repeat = Comment.objects.filter(
        **fields, created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW
    ).first()
    if repeat:
        return repeat
    comment = Comment.objects.create(**fields)
    _tell(link.runner if by_coach else link.coach, writer, comment, link_url)
    return comment


def _tell(to, writer, comment, link_url):
    if not to.profile.email_comments:
        return
    whose = "your" if comment.by_coach else f"{comment.runner.display_name}'s"
    if comment.assessment:
        day = comment.assessment.taken_on
        on = f"{whose} test of {day.day} {day:%B %Y}"
    else:
        on = f"{whose} plan"
    mail.tell(
        to.email,
        f"{writer.display_name} commented on {on}",
        "conversation/comment_email.txt",
        {"to": to, "writer": writer, "on": on, "comment": comment, "url": link_url},
    )
