"""{% conversation runner=… test=… %}, {% conversation runner=… session=… %} or
{% conversation runner=… plan=… %}: the comments on a test, a stretch session or a plan that the
viewer may read, with a form to write. Two queries for the runner, one for a coach."""

from django import template

from apps.accounts.models import CoachLink, shown_name
from apps.conversation.forms import CommentForm, take_refused
from apps.conversation.models import Comment

register = template.Library()


@register.inclusion_tag("conversation/_thread.html", takes_context=True)
def conversation(context, runner, test=None, plan=None, session=None):
    viewer = context["request"].user
    if test is not None:
        target, action = {"assessment": test}, ("conversation:post_on_test", test.pk)
    elif session is not None:
        target, action = {"session": session}, ("conversation:post_on_session", session.pk)
    else:
        target, action = {"plan": plan}, ("conversation:post_on_plan", plan.pk)
    comments = list(
        Comment.objects.in_conversation(viewer, runner)
        .filter(**target)
        .select_related("coach__profile")
        .order_by("created_at", "pk")
    )
    if viewer.pk == runner.pk:
        coaches = {
            coach_id: shown_name(name, email)
            for coach_id, name, email in CoachLink.objects.active()
            .filter(runner=runner)
            .values_list("coach_id", "coach__profile__display_name", "coach__email")
        }
    else:
        coaches = {viewer.pk: "you"}
    request = context["request"]
    threads = {
        coach_id: {
            "coach_id": coach_id,
            "name": name,
            "comments": [],
            "refused": take_refused(request, target, coach_id),
        }
        for coach_id, name in coaches.items()
    }
    former = []  # with a coach no longer linked, or whose account is gone: read-only
    for comment in comments:
        comment.editable = comment.editable_by(viewer)
        comment.author = _author(comment, viewer, runner)
        (threads[comment.coach_id]["comments"] if comment.coach_id in threads else former).append(
            comment
        )
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "own": viewer.pk == runner.pk,
        "threads": list(threads.values()),
        "former": former,
        "action": action,
        "form": CommentForm(),
    }


def _author(comment, viewer, runner) -> str:
    writer_id = comment.coach_id if comment.by_coach else comment.runner_id
    if writer_id == viewer.pk:
        return "You"
    if comment.by_coach:
        if comment.coach is None:
            return "A former coach"
        return comment.coach.display_name
    return runner.display_name
