"""The tests pages: history with charts, record (with live verdicts), detail, edit, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from apps.accounts.scoping import runners_visible_to
from apps.assessments import history as reading
from apps.assessments import red_flags, safety, schedule, scoring, verdicts
from apps.assessments.forms import AssessmentForm, RedFlagForm, RedFlagReviewForm
from apps.assessments.models import Assessment
from apps.plans import following, returning
from apps.plans.timeline import plan_events
from psoas_tracker import outbox


def _runner(request, runner_id):
    """The runner whose tests are shown: the user, or a runner they coach (404 otherwise)."""
    if runner_id is None:
        return request.user
    return get_object_or_404(
        runners_visible_to(request.user).select_related("profile"), pk=runner_id
    )


@login_required
@vary_on_headers("HX-Request", "HX-Target")
def history(request, runner_id=None):
    runner = _runner(request, runner_id)
    tests = Assessment.objects.of_runner(request.user, runner)
    main_instrument, first_test_on = reading.main_instrument_and_first_date(tests)
    context = {"runner": runner, "read_only": runner != request.user}
    if request.htmx and request.htmx.target == "charts":  # the range switch: charts only
        context["page_number"] = reading.page_number(request.GET.get("page"))
        context.update(_charts(request, runner, tests, main_instrument, first_test_on))
        return render(request, "assessments/history.html#charts", context)
    page, older = reading.HistoryPage.of(tests.newest_first(), request.GET.get("page"))
    page_tests = [*page.tests, *older]
    context["page"] = page
    context["page_number"] = page.number
    context["rows"] = [
        _history_row(test, previous, main_instrument)
        for test, previous in zip(page.tests, [*page_tests[1:], None], strict=False)
    ]
    if request.htmx and request.GET.get("page"):
        return render(request, "assessments/history.html#rows", context)
    context.update(_charts(request, runner, tests, main_instrument, first_test_on))
    profile = runner.profile
    first = page.tests[0] if page.tests and page.number == 1 else None
    latest = first.taken_on if first else reading.latest_date(tests)
    context["test_due"] = schedule.is_test_due(profile.today(), profile.test_weekday, latest)
    return render(request, "assessments/history.html", context)


def _charts(request, runner, tests, main_instrument, first_test_on):
    """The charts over the range asked for, with the plan starts and changes the viewer may
    see marked on them."""
    return reading.chart_context(
        runner,
        tests,
        main_instrument,
        first_test_on,
        request.GET.get("range"),
        plan_events=lambda start, end: plan_events(request.user, runner, start, end),
    )


def _history_row(test, previous, main_instrument):
    hip, knee = verdicts.imbalances(test)
    return {
        "test": test,
        "imbalance": hip,
        "knee_imbalance": knee,
        "persistent": verdicts.persistence(test, previous),
        "other_instrument": main_instrument is not None and test.instrument != main_instrument,
    }


@login_required
def record(request):
    # The runner's usual instrument (that of their latest test) comes preselected: the same
    # instrument every week is what makes the tests comparable.
    usual = (
        Assessment.objects.owned_by(request.user)
        .order_by("-taken_on")
        .values_list("instrument", flat=True)
        .first()
    )
    form = AssessmentForm(
        request.POST or None,
        initial={"instrument": usual},
        runner=request.user,
        today=request.user.profile.today(),
    )
    if request.method == "POST" and (sent_before := _saved_before(request)):
        messages.info(request, "This test was already saved.")
        return _result_page(sent_before)
    if request.method == "POST" and form.is_valid() and (test := form.save_unless_taken()):
        if form.sent_twice:  # the same entry, sent twice at once: the other send saved it
            messages.info(request, "This test was already saved.")
            return _result_page(test)
        messages.success(request, "Test saved.")
        return _after_saving(test)
    response = _form_page(request, form)
    if form.is_bound and outbox.write_key(request):
        outbox.refused(response, _refusal(form))
    return response


def _saved_before(request):
    """The test saved by an earlier send of this same entry (its key), if any."""
    key = outbox.write_key(request)
    if key is None:
        return None
    return Assessment.objects.owned_by(request.user).filter(idempotency_key=key).first()


def _refusal(form):
    """What stopped the save, in one line for the runner's outbox."""
    problems = [*form.non_field_errors()]
    problems += [
        f"{form[name].label}: {' '.join(errors)}"
        for name, errors in form.errors.items()
        if name != "__all__"
    ]
    return "The test was not saved. " + " ".join(str(p) for p in problems)


def _result_page(test):
    if safety.unanswered_test(test.runner, test):
        return redirect("assessments:safety", pk=test.pk)
    return redirect("assessments:detail", pk=test.pk)


def _form_page(request, form, test=None):
    """The record or edit form; after a refused save with the verdicts of what was entered and
    a summary of the problems at the top."""
    if form.is_bound:
        form.summary = verdicts.summary_of_entry(form.cleaned_data)
    return render(
        request,
        "assessments/record.html",
        {"form": form, "test": test, "summary": form.summary},
    )


def _after_saving(test):
    """A pain of 7+ opens the hold (a later one below 7 clears it); the first test, high pain
    or hip or groin pain up 2 since the test before asks the red-flag questions before the
    result."""
    safety.after_test_saved(test)
    following.after_test(test)  # the plan follows the tests (apps/plans/blocks.py)
    # A test below 7/10 that cleared the last red flag: back to running by walk-runs.
    returning.after_hold_cleared(test.runner, test.runner.profile.today())
    if safety.unanswered_test(test.runner, test):
        return redirect("assessments:safety", pk=test.pk)
    return redirect("assessments:detail", pk=test.pk)


@login_required
@require_POST
def feedback(request):
    """Live verdicts while the runner types: whatever parses so far, nothing saved."""
    form = AssessmentForm(request.POST, runner=request.user, today=request.user.profile.today())
    form.is_valid()
    form.summary = verdicts.summary_of_entry(form.cleaned_data)
    return render(request, "assessments/record.html#live", {"summary": form.summary, "form": form})


@login_required
def edit(request, pk):
    test = get_object_or_404(Assessment.objects.owned_by(request.user), pk=pk)
    form = AssessmentForm(
        request.POST or None, instance=test, runner=request.user, today=request.user.profile.today()
    )
    if request.method == "POST" and form.is_valid() and form.save_unless_taken():
        messages.success(request, "Test updated.")
        return _after_saving(test)
    return _form_page(request, form, test)


@login_required
def delete(request, pk):
    test = get_object_or_404(Assessment.objects.owned_by(request.user), pk=pk)
    if request.method == "POST":
        test.delete()
        messages.success(request, f"The test of {test.taken_on:%-d %B %Y} was deleted.")
        return redirect("assessments:history")
    return render(request, "assessments/delete.html", {"test": test})


@login_required
def detail(request, pk):
    test = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related("runner__profile"), pk=pk
    )
    earlier = Assessment.objects.visible_to(request.user).filter(
        runner_id=test.runner_id, taken_on__lt=test.taken_on
    )
    previous = earlier.newest_first().first()
    baseline = earlier.baseline_for(test)
    summary = verdicts.summary_of(test, baseline)
    persistent = verdicts.persistence(test, previous)
    return render(
        request,
        "assessments/detail.html",
        {
            "test": test,
            "read_only": test.runner_id != request.user.pk,
            "summary": summary,
            "finding": scoring.finding(summary),
            "persistent": persistent,
            "comparisons": verdicts.comparisons(previous, baseline, test),
            "remeasure": verdicts.needs_remeasure(test),
            "red_flags": safety.hold_of(request.user, test.runner),
            "runner": test.runner,
            "knee_mean": scoring.KNEE_POPULATION_MEAN_DEGREES,
            "hip_mean": scoring.degrees_text(-scoring.HIP_POPULATION_MEAN_DEGREES),
            "knee_mark": scoring.KNEE_PASS_MIN_DEGREES,
            "baseline": baseline,
        },
    )


@login_required
def safety_questions(request, pk=None):
    """The red-flag questions, about the last two weeks: after a test that asks them (pk), or
    when the runner says things have changed. The flags still open come ticked, so a flag
    clears only when the runner unticks it (or a clinician cleared them)."""
    test = get_object_or_404(Assessment.objects.owned_by(request.user), pk=pk) if pk else None
    hold = safety.hold_of(request.user, request.user)
    form_class = RedFlagForm if test else RedFlagReviewForm
    # Nothing ticked is an answer too ("none applies"): an empty POST still binds the form.
    form = form_class(
        request.POST if request.method == "POST" else None,
        initial={"flags": hold.keys if hold else []},
    )
    if request.method == "POST" and form.is_valid():
        safety.record_check(
            request.user,
            form.cleaned_data["flags"],
            test,
            clinician_cleared=form.cleaned_data.get("clinician_cleared", False),
        )
        still = safety.hold_of(request.user, request.user)
        if still:
            messages.warning(request, f"Your plan stays paused. {red_flags.SEE_A_CLINICIAN}")
        elif hold:
            returning.after_hold_cleared(request.user, request.user.profile.today())
            messages.success(
                request,
                "Thank you. The hold is lifted: your plan starts again. Come back to running "
                "by the walk-runs on your plan page, easy and flat first, and stop if the pain "
                "returns.",
            )
        else:
            messages.success(request, "Thank you. None of these applies: stretch as planned.")
        if test:
            return redirect("assessments:detail", pk=test.pk)
        return redirect("plans:my_plan")
    return render(
        request,
        "assessments/safety.html",
        {
            "form": form,
            "test": test,
            "hold": hold,
            "first_test": test and safety.is_first_test(test),
        },
    )
