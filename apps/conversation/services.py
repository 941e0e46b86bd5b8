"""Writing in a conversation, and telling the other person by e-mail: at once for the first
comment, then at most one e-mail per NOTICE_BATCH_WINDOW for each conversation and reader, which
tells of every comment written since (the next comment or send_comment_emails sends it)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import CoachLink
from apps.assessments.models import Assessment
from apps.conversation.models import Comment
from apps.plans.models import StretchSession
from psoas_tracker import mail

DOUBLE_SUBMIT_WINDOW = timedelta(seconds=30)
NOTICE_BATCH_WINDOW = timedelta(minutes=10)


class NotInConversation(Exception):
    """The writer is not one of the two people of an active link."""


class _NotSent(Exception):
    """The mail server refused the e-mail: the comments stay owed for a later try."""


def post(
    writer,
    runner,
    body,
    *,
    coach_id=None,
    assessment=None,
    plan=None,
    session=None,
    site_url,
):
    """Saves `writer`'s comment on `runner`'s test, stretch session or plan and e-mails the other
    person, or leaves the e-mail owed (send_due_notices). The runner writes to one of their
    active coaches (`coach_id`); a coach, only while linked."""
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
    reader = link.runner if by_coach else link.coach
    comment = Comment.objects.create(**fields, email_pending=reader.profile.email_comments)
    if comment.email_pending:
        send_due_notices(runner.pk, coach_id, by_coach, site_url)
    return comment


def page_of(target, viewer) -> str:
    """The address of the page a test, a stretch session or a plan (what a comment is on) is
    shown on to `viewer`, at its comments."""
    if isinstance(target, Assessment):
        return reverse("assessments:detail", args=[target.pk]) + "#comments"
    if isinstance(target, StretchSession):
        return reverse("plans:session_detail", args=[target.pk]) + "#comments"
    if target.runner_id == viewer.pk:
        return reverse("plans:my_plan") + "#comments"
    return reverse("plans:runner_plan", args=[target.runner_id]) + "#comments"


def send_due_notices(runner_id, coach_id, by_coach, site_url) -> bool:
    """E-mails the reader of one side of a conversation (the runner if `by_coach`, else the
    coach) every comment they are owed word of, in one e-mail, unless one went to them in the
    last NOTICE_BATCH_WINDOW. Owed word is dropped once the link ends or the reader turns
    comment e-mails off. Returns whether an e-mail went out."""
    now = timezone.now()
    side = {"runner_id": runner_id, "coach_id": coach_id, "by_coach": by_coach}
    owed = Comment.objects.filter(**side, email_pending=True)
    try:
        with transaction.atomic():
            # The link's lock makes one sender at a time decide for this conversation.
            link = (
                CoachLink.objects.active()
                .select_for_update(of=("self",))
                .filter(runner_id=runner_id, coach_id=coach_id)
                .select_related("runner__profile", "coach__profile")
                .first()
            )
            if link is None:  # the link ended: the comments stay unread by e-mail
                owed.update(email_pending=False)
                return False
            reader, writer = (link.runner, link.coach) if by_coach else (link.coach, link.runner)
            if not reader.profile.email_comments:
                owed.update(email_pending=False)
                return False
            last = Comment.objects.filter(**side).aggregate(Max("emailed_at"))["emailed_at__max"]
            owed_in_order = owed.select_related("runner__profile", "assessment", "plan", "session")
            comments = list(owed_in_order.order_by("created_at", "pk"))
            if not comments or (last and now - last < NOTICE_BATCH_WINDOW):
                return False
            owed.filter(pk__in=[c.pk for c in comments]).update(email_pending=False, emailed_at=now)
            if not _tell(reader, writer, comments, site_url):
                raise _NotSent
    except _NotSent:
        return False
    return True


def _tell(to, writer, comments, site_url) -> bool:
    notices = [_notice(comment, to, site_url) for comment in comments]
    if len(notices) == 1:
        subject = f"{writer.display_name} commented on {notices[0]['on']}"
    else:
        subject = f"{writer.display_name} wrote {len(notices)} comments"
    return mail.tell(
        to.email,
        subject,
        "conversation/comment_email.txt",
        {"to": to, "writer": writer, "notices": notices},
    )


def _notice(comment, to, site_url):
    """A comment as its e-mail tells of it: what it is on, the session in words, its page."""
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
    url = site_url + page_of(comment.target, to)
    return {"on": on, "about": about, "comment": comment, "url": url}


def _session_in_words(session, whose_note):
    """The session as its page shows it, in a line for the e-mail: the rating and the note."""
    if session.discomfort is None:
        words = "The session was not rated for discomfort."
    else:
        words = f"The session was rated {session.discomfort}/10 for discomfort."
    if session.notes:
        words += f" {whose_note} note: “{session.notes}”"
    return words
