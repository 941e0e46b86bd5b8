"""Writing in a conversation, and telling the other person by e-mail: at once for the first
comment, then at most one e-mail per NOTICE_BATCH_WINDOW for each conversation and reader, which
tells of every comment written since (the next comment or send_comment_emails sends it)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from apps.accounts import throttle
from apps.accounts.models import CoachLink
from apps.assessments.models import Assessment
from apps.conversation.models import Comment
from apps.plans.models import Plan, StretchSession
from psoas_tracker import mail

DOUBLE_SUBMIT_WINDOW = timedelta(seconds=30)
NOTICE_BATCH_WINDOW = timedelta(minutes=10)
# Comments are e-mailed in batches, and a burst is refused: a person writes a few a minute. A
# message to a group counts once: one thing written, however many runners read it.
COMMENTS_PER_ACCOUNT = throttle.Limit(20, timedelta(minutes=10))
COMMENTS_PER_CLIENT = throttle.Limit(60, timedelta(minutes=10))
TOO_MANY_COMMENTS = (
    "That is a lot of comments in a few minutes: wait a little, then send this one again. "
    "It was not sent."
)


def may_write(request) -> bool:
    """Counts one comment written against the limits (a message to a group is one), and
    whether it stays within them."""
    return throttle.allow(
        request, "comment", per_account=COMMENTS_PER_ACCOUNT, per_client=COMMENTS_PER_CLIENT
    )


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


@dataclass(frozen=True)
class GroupMessage:
    """What a message to several runners did: a comment for each in `sent`, and the runners
    with neither a plan nor a test to write it on."""

    sent: list
    nothing_to_write_on: list


def post_to_runners(coach, runners, body, *, site_url) -> GroupMessage:
    """`coach`'s one message as a comment in each of `runners`' conversations with them (only
    those actively linked): on the runner's active plan, else on their latest test. The e-mails
    follow each runner's choice and the batching of send_due_notices. A dozen queries, whatever
    the number of runners."""
    links = (
        CoachLink.objects.active()
        .filter(coach=coach, runner__in=[runner.pk for runner in runners])
        .select_related("runner__profile")
    )
    linked = {link.runner_id: link.runner for link in links}
    plans = {
        plan.runner_id: plan
        for plan in Plan.objects.coached_by(coach).active().filter(runner__in=linked)
    }
    tests = {
        test.runner_id: test
        for test in Assessment.objects.coached_by(coach)
        .filter(runner__in=[pk for pk in linked if pk not in plans])
        .order_by("runner_id", "-taken_on", "-created_at")
        .distinct("runner_id")
    }
    # A double tap sends the same words twice: each runner keeps one comment.
    repeated = set(
        Comment.objects.filter(
            coach=coach,
            by_coach=True,
            body=body,
            runner__in=linked,
            created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        ).values_list("runner_id", flat=True)
    )
    comments = Comment.objects.bulk_create(
        Comment(
            runner=runner,
            coach=coach,
            by_coach=True,
            plan=plans.get(runner.pk),
            assessment=None if runner.pk in plans else tests[runner.pk],
            body=body,
            email_pending=runner.profile.email_comments,
        )
        for runner in linked.values()
        if runner.pk not in repeated and (runner.pk in plans or runner.pk in tests)
    )
    _tell_runners(coach, [comment.runner_id for comment in comments], site_url)
    return GroupMessage(
        sent=comments,
        nothing_to_write_on=[
            runner
            for runner in linked.values()
            if runner.pk not in plans and runner.pk not in tests
        ],
    )


def _tell_runners(coach, runner_ids, site_url) -> None:
    """send_due_notices() for the runner's side of `coach`'s conversations with `runner_ids`,
    in a few queries for them all: each runner who wants comment e-mails, and had none from
    this conversation in the last NOTICE_BATCH_WINDOW, gets one of every comment owed."""
    if not runner_ids:
        return
    now = timezone.now()
    side = Comment.objects.filter(coach=coach, by_coach=True, runner__in=runner_ids)
    with transaction.atomic():
        links = (
            CoachLink.objects.active()
            .select_for_update(of=("self",))
            .filter(coach=coach, runner__in=runner_ids)
            .select_related("runner__profile")
            .order_by("pk")
        )
        readers = {
            link.runner_id: link.runner for link in links if link.runner.profile.email_comments
        }
        side.filter(email_pending=True).exclude(runner__in=readers).update(email_pending=False)
        last = dict(
            side.filter(runner__in=readers)
            .values("runner_id")
            .annotate(last=Max("emailed_at"))
            .values_list("runner_id", "last")
        )
        due = [pk for pk in readers if not (last.get(pk) and now - last[pk] < NOTICE_BATCH_WINDOW)]
        owed = list(
            side.filter(runner__in=due, email_pending=True)
            .select_related("assessment", "plan", "session")
            .order_by("created_at", "pk")
        )
        Comment.objects.filter(pk__in=[comment.pk for comment in owed]).update(
            email_pending=False, emailed_at=now
        )
        by_reader = {}
        for comment in owed:
            comment.runner = readers[comment.runner_id]
            by_reader.setdefault(comment.runner_id, []).append(comment)
        unsent = [
            comment.pk
            for reader_id, comments in by_reader.items()
            if not _tell(readers[reader_id], coach, comments, site_url)
            for comment in comments
        ]
        # The mail server refused: those comments stay owed for a later try.
        Comment.objects.filter(pk__in=unsent).update(email_pending=True, emailed_at=None)
