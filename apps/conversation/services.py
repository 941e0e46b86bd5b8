"""Writing in a conversation, and telling the other person."""

from datetime import timedelta

from django.utils import timezone

from apps.accounts.models import CoachLink
from apps.conversation.models import Comment
from psoas_tracker import mail

DOUBLE_SUBMIT_WINDOW = timedelta(seconds=30)


class NotInConversation(Exception):
    """The writer is not one of the two people of an active link."""


def post(
    writer,
    runner,
    body,
    *,
    coach_id=None,
    assessment=None,
    plan=None,
    session=None,
    link_url=None,
):
    """Saves `writer`'s comment on `runner`'s test, stretch session or plan and e-mails the other
    person. The runner writes to one of their active coaches (`coach_id`); a coach, only while
    linked."""
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
        "session": session,
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
    about = ""
    if comment.assessment:
        day = comment.assessment.taken_on
        on = f"{whose} test of {day.day} {day:%B %Y}"
    elif comment.session:
        day = comment.session.performed_on
        on = f"{whose} stretch session of {day:%A} {day.day} {day:%B %Y}"
        about = _session_in_words(comment.session, "Your" if comment.by_coach else whose)
    else:
        on = f"{whose} plan"
    mail.tell(
        to.email,
        f"{writer.display_name} commented on {on}",
        "conversation/comment_email.txt",
        {
            "to": to,
            "writer": writer,
            "on": on,
            "about": about,
            "comment": comment,
            "url": link_url,
        },
    )


def _session_in_words(session, whose_note):
    """The session as its page shows it, in a line for the e-mail: the rating and the note."""
    if session.discomfort is None:
        words = "The session was not rated for discomfort."
    else:
        words = f"The session was rated {session.discomfort}/10 for discomfort."
    if session.notes:
        words += f" {whose_note} note: “{session.notes}”"
    return words
