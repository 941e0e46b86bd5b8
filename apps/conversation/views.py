"""Posting, changing and deleting a comment. Each answers 404 to anybody outside the
conversation, and goes back to the page the comment is on (its #comments section)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.assessments.models import Assessment
from apps.conversation import services
from apps.conversation.forms import CommentForm, keep_refused
from apps.conversation.models import Comment
from apps.plans.models import Plan, StretchSession


@login_required
@require_POST
def post_on_test(request, pk):
    test = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related("runner"), pk=pk
    )
    return _post(request, test.runner, assessment=test)


@login_required
@require_POST
def post_on_plan(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("runner"), pk=pk)
    return _post(request, plan.runner, plan=plan)


@login_required
@require_POST
def post_on_session(request, pk):
    session = get_object_or_404(
        StretchSession.objects.visible_to(request.user).select_related("runner"), pk=pk
    )
    return _post(request, session.runner, session=session)


def _post(request, runner, **target):
    form = CommentForm(request.POST)
    page = services.page_of(next(iter(target.values())), request.user)
    if form.is_valid() and not services.may_write(request):
        form.add_error("body", services.TOO_MANY_COMMENTS)
    if not form.is_valid():
        thread = request.POST.get("coach", "") if request.user == runner else request.user.pk
        keep_refused(request, form, target, thread)
        return redirect(page)
    try:
        services.post(
            request.user,
            runner,
            form.cleaned_data["body"],
            coach_id=form.cleaned_data["coach"],
            site_url=request.build_absolute_uri("/").removesuffix("/"),
            **target,
        )
    except services.NotInConversation:
        messages.error(request, "That coach is no longer linked with you: nothing was sent.")
        return redirect(page)
    messages.success(request, "Comment sent.")
    return redirect(page)


def _own_comment(request, pk):
    # Only the two people of the conversation find it: the runner, or its coach while linked.
    comment = get_object_or_404(
        Comment.objects.visible_to(request.user)
        .filter(Q(runner=request.user) | Q(coach=request.user))
        .select_related("assessment", "plan", "session"),
        pk=pk,
    )
    if not comment.editable_by(request.user):
        # Another person's comment, or past the 15 minutes: nothing to change here.
        return comment, False
    return comment, True


@login_required
def edit(request, pk):
    comment, editable = _own_comment(request, pk)
    page = services.page_of(comment.target, request.user)
    if not editable:
        messages.error(request, "A comment can be changed by its author for 15 minutes only.")
        return redirect(page)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        Comment.objects.filter(pk=comment.pk).update(
            body=form.cleaned_data["body"], edited_at=timezone.now()
        )
        messages.success(request, "Comment changed.")
        return redirect(page)
    return render(
        request, "conversation/edit.html", {"form": form, "comment": comment, "page": page}
    )


@login_required
@require_POST
def delete(request, pk):
    comment, editable = _own_comment(request, pk)
    page = services.page_of(comment.target, request.user)
    if not editable:
        messages.error(request, "A comment can be deleted by its author for 15 minutes only.")
        return redirect(page)
    comment.delete()
    messages.success(request, "Comment deleted.")
    return redirect(page)
