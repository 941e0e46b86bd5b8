"""A comment on a runner's test, stretch session or plan, in the conversation of the runner and
one coach.

It belongs to the runner's data (scoped by RunnerScopedQuerySet, exported with it). Only the two
people of the conversation see it, and the coach only while their link is active. A deleted
coach account leaves its words as "a former coach" (coach set to null).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone

from apps.accounts.scoping import RunnerScopedQuerySet

BODY_MAX = 2000
EDIT_WINDOW = timedelta(minutes=15)


class CommentQuerySet(RunnerScopedQuerySet):
    def in_conversation(self, viewer, runner):
        """What `viewer` may read of `runner`'s comments: all of them for the runner (every
        coach's conversation), their own conversation for an actively linked coach, none for
        anybody else."""
        if viewer.is_authenticated and viewer.pk == runner.pk:
            return self.owned_by(viewer)
        return self.coached_by(viewer).filter(runner=runner, coach=viewer)


class Comment(models.Model):
    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    # The other person of the conversation; null once their account is deleted.
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments_as_coach",
    )
    by_coach = models.BooleanField()  # who wrote it: the coach, or the runner replying
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    session = models.ForeignKey(
        "plans.StretchSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    body = models.TextField(max_length=BODY_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # The other person is owed an e-mail telling of it (services.send_due_notices), and when
    # that e-mail went out: one e-mail per conversation and reader per NOTICE_BATCH_WINDOW.
    email_pending = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(assessment__isnull=False, plan__isnull=True, session__isnull=True)
                    | models.Q(assessment__isnull=True, plan__isnull=False, session__isnull=True)
                    | models.Q(assessment__isnull=True, plan__isnull=True, session__isnull=False)
                ),
                name="conversation_comment_on_one_thing",
                violation_error_message="A comment is on a test, a stretch session or a plan.",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    GreaterThanOrEqual(Length("body"), 1), LessThanOrEqual(Length("body"), BODY_MAX)
                ),
                name="conversation_comment_length",
                violation_error_message=f"A comment has 1 to {BODY_MAX} characters.",
            ),
        ]
        indexes = [
            models.Index(fields=["assessment", "created_at"], name="conversation_test_idx"),
            models.Index(fields=["plan", "created_at"], name="conversation_plan_idx"),
            models.Index(fields=["session", "created_at"], name="conversation_session_idx"),
            models.Index(fields=["runner", "coach"], name="conversation_pair_idx"),
            models.Index(
                fields=["runner", "coach", "by_coach"],
                condition=models.Q(email_pending=True),
                name="conversation_pending_idx",
            ),
        ]

    def __str__(self):
        return f"Comment of {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def target(self):
        """What the comment is on: its test, stretch session or plan."""
        return self.assessment or self.session or self.plan

    def editable_by(self, user, now=None) -> bool:
        """Its author may change or delete it for EDIT_WINDOW after writing it."""
        author_id = self.coach_id if self.by_coach else self.runner_id
        return author_id == user.pk and (now or timezone.now()) - self.created_at < EDIT_WINDOW
