"""The red-flag questions in the app: when they are due, what the answers hold back, and who is
told. The rules themselves are in red_flags.py (pure); this reads and writes the runner's rows.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from apps.accounts.models import CoachLink
from apps.assessments import red_flags
from apps.assessments.models import Assessment, RedFlagCheck
from psoas_tracker import mail


def pain_of(test) -> list[int | None]:
    return [score for _region, score in test.pain_scores()]


def questions_due(test, *, first_test: bool) -> bool:
    """Whether this test asks the red-flag questions (the first test, or a high pain score)."""
    return red_flags.must_ask(first_test=first_test, pain_scores=pain_of(test))


def is_first_test(test) -> bool:
    return not Assessment.objects.owned_by(test.runner).filter(taken_on__lt=test.taken_on).exists()


@dataclass(frozen=True)
class Hold:
    """Why a generated plan waits: red flags raised, or questions the latest test asked."""

    flags: list[str]  # the questions answered yes (empty when only unanswered)
    unanswered_test: Assessment | None


def hold_for(runner, latest_test) -> Hold | None:
    """None when a plan may be generated; else what holds it. The latest check decides: any
    flag holds until a later check raises none."""
    check = RedFlagCheck.objects.owned_by(runner).latest_first().first()
    if check and check.flags:
        return Hold(check.questions_raised, None)
    # Answered for this test, or since it was saved (saying none applies any more counts).
    answered = check is not None and (
        check.assessment_id == latest_test.pk or check.answered_at >= latest_test.created_at
    )
    if not answered and questions_due(latest_test, first_test=is_first_test(latest_test)):
        return Hold([], latest_test)
    return None


def latest_flags(viewer, runner) -> RedFlagCheck | None:
    """The runner's latest answers, as `viewer` may read them, when they raised a flag (None
    when none since)."""
    check = RedFlagCheck.objects.of_runner(viewer, runner).latest_first().first()
    return check if check and check.flags else None


def record_check(runner, answers, test=None) -> RedFlagCheck:
    """Saves the runner's answers (a pain of 7 or more on `test` counts as a flag whatever was
    answered) and tells the runner's coaches when any flag is raised."""
    pain = pain_of(test) if test else []
    check = RedFlagCheck.objects.create(
        runner=runner, assessment=test, flags=red_flags.flags_raised(answers, pain)
    )
    if check.flags:
        _tell_coaches(runner, check)
    return check


def _tell_coaches(runner, check):
    coaches = (
        CoachLink.objects.active()
        .filter(runner=runner, coach__profile__email_red_flags=True)
        .select_related("coach")
    )
    context = {"runner": runner, "check": check, "advice": red_flags.SEE_A_CLINICIAN}
    for link in coaches:
        # The runner's answers are saved and shown whatever the mail server says.
        mail.tell(
            link.coach.email,
            f"{runner.display_name}: see a clinician before stretching",
            "assessments/red_flag_email.txt",
            context,
        )


def latest_flags_subquery():
    """A subquery of the flags of the runner's latest check, correlated to an outer query of
    users that the caller scopes (e.g. coached_runners(coach)); [] or null: no flag."""
    latest = (
        RedFlagCheck.objects.filter(runner=OuterRef("pk")).order_by("-answered_at").values("flags")
    )
    return Subquery(latest[:1])
