import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, DateField, Min
from django.db.models.functions import Cast, TruncMonth
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from apps.accounts.scoping import runners_visible_to
from apps.assessments import charts, schedule, scoring
from apps.assessments.forms import AssessmentForm
from apps.assessments.models import Assessment, Instrument
from psoas_tracker.rows import url_maker

PAGE_SIZE = 10
MAX_PAGE = 100_000  # a larger number is past the end (and would overflow the OFFSET)
RANGES = {"12w": ("12 weeks", 84), "1y": ("1 year", 365), "all": ("All", None)}
DEFAULT_RANGE = "12w"


def thresholds() -> scoring.Thresholds:
    return scoring.Thresholds(
        hip_degrees=settings.REAL_CHANGE_HIP_DEGREES, knee_degrees=settings.REAL_CHANGE_KNEE_DEGREES
    )


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
    main_instrument, first_test_on = _instruments(tests)
    context = {"runner": runner, "read_only": runner != request.user}
    if request.htmx and request.htmx.target == "charts":  # the range switch: charts only
        context["page_number"] = _page_number(request.GET.get("page"))
        context.update(_charts_context(request, runner, tests, main_instrument, first_test_on))
        return render(request, "assessments/history.html#charts", context)
    page, older = HistoryPage.of(tests.newest_first(), request.GET.get("page"))
    page_tests = [*page.tests, *older]
    context["page"] = page
    context["page_number"] = page.number
    detail_url = url_maker("assessments:detail")
    context["rows"] = [
        _history_row(test, previous, main_instrument) | {"url": detail_url(test.pk)}
        for test, previous in zip(page.tests, [*page_tests[1:], None], strict=False)
    ]
    if request.htmx and request.GET.get("page"):
        return render(request, "assessments/history.html#rows", context)
    context.update(_charts_context(request, runner, tests, main_instrument, first_test_on))
    profile = runner.profile
    first = page.tests[0] if page.tests and page.number == 1 else None
    latest = first.taken_on if first else _latest_date(tests)
    context["test_due"] = schedule.is_test_due(profile.today(), profile.test_weekday, latest)
    return render(request, "assessments/history.html", context)


def _page_number(value) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


@dataclass(frozen=True)
class HistoryPage:
    """A page of the history, newest first, without the COUNT query a Paginator makes."""

    number: int
    tests: list
    has_next: bool

    @classmethod
    def of(cls, tests, number):
        """(page, [the test just older than it, if any]): PAGE_SIZE + 1 rows in one query.

        The older test gives the persistence of the page's last row and tells whether there is
        a next page. A number that is no number (or below 1) is page 1, and one past the end is
        the last page (which only then costs a count).
        """
        number = _page_number(number)
        offset = (number - 1) * PAGE_SIZE
        rows = list(tests[offset : offset + PAGE_SIZE + 1])
        if not rows and number > 1:
            last = max(math.ceil(tests.count() / PAGE_SIZE), 1)
            offset, number = (last - 1) * PAGE_SIZE, last
            rows = list(tests[offset : offset + PAGE_SIZE + 1])
        return cls(number, rows[:PAGE_SIZE], len(rows) > PAGE_SIZE), rows[PAGE_SIZE:]

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1


def _latest_date(tests):
    latest = tests.newest_first().values_list("taken_on", flat=True).first()
    return latest


def _instruments(tests):
    """(the instrument the runner uses most, the date of the first test), in one query.

    Other instruments' readings are marked, not silently mixed with the main one's."""
    rows = list(
        tests.values("instrument")
        .annotate(n=Count("id"), first=Min("taken_on"))
        .order_by("-n", "instrument")
    )
    if not rows:
        return None, None
    return rows[0]["instrument"], min(row["first"] for row in rows)


def imbalances(test):
    """(hip imbalance, knee imbalance or None) of one test."""
    limits = thresholds()
    hip = scoring.hip_imbalance(test.hip_angle_left, test.hip_angle_right, limits)
    knee = (
        scoring.knee_imbalance(test.knee_angle_left, test.knee_angle_right, limits)
        if test.has_knee_angles
        else None
    )
    return hip, knee


def persistence(test, previous):
    """Which imbalances are real on this test and the one before, on the same side."""
    if previous is None:
        return {"hip": False, "knee": False}
    (hip, knee), (previous_hip, previous_knee) = imbalances(test), imbalances(previous)
    return {
        "hip": scoring.is_persistent([hip, previous_hip]),
        "knee": bool(knee and previous_knee and scoring.is_persistent([knee, previous_knee])),
    }


def _history_row(test, previous, main_instrument):
    hip, knee = imbalances(test)
    return {
        "test": test,
        "imbalance": hip,
        "knee_imbalance": knee,
        "persistent": persistence(test, previous),
        "other_instrument": main_instrument is not None and test.instrument != main_instrument,
    }


def _charts_context(request, runner, tests, main_instrument, first_test_on):
    range_key = request.GET.get("range", DEFAULT_RANGE)
    if range_key not in RANGES:
        range_key = DEFAULT_RANGE
    end = runner.profile.today()
    days = RANGES[range_key][1]
    in_range = tests.filter(taken_on__lte=end)
    if days is None:
        start = min(first_test_on or end, end)
    else:
        start = end - timedelta(days=days)
        in_range = in_range.filter(taken_on__gt=start)
    readings = ("hip_angle_left", "hip_angle_right", "knee_angle_left", "knee_angle_right")
    # Over years, monthly means (PostgreSQL averages them; a knee mean skips missing knees).
    monthly = (end - start).days > charts.MONTHLY_AFTER_DAYS
    if monthly:
        months = (
            in_range.annotate(month=Cast(TruncMonth("taken_on"), DateField()))
            .values("month", "instrument")
            .annotate(count=Count("id"), **{name: Avg(name) for name in readings})
            .values_list("month", "instrument", "count", *readings)
            .order_by()
        )
        rows = sorted(
            (
                charts.TestRow(
                    # Mid-month, but never outside the range (a first test after the 15th).
                    min(max(month + timedelta(days=14), start), end),
                    instrument,
                    *(None if mean is None else round(mean, 1) for mean in means),
                    tests=count,
                )
                for month, instrument, count, *means in months
            ),
            key=lambda row: (row.taken_on, row.instrument != main_instrument),
        )
    else:
        rows = [
            charts.TestRow(*values)
            for values in in_range.order_by("taken_on").values_list(
                "taken_on", "instrument", *readings
            )
        ]
    built = charts.assessment_charts(
        rows,
        start=start,
        end=end,
        main_instrument=main_instrument,
        hip_threshold=settings.REAL_CHANGE_HIP_DEGREES,
        knee_pass_degrees=scoring.KNEE_PASS_MIN_DEGREES,
        monthly=monthly,
    )
    return {
        "charts": built,
        "chart_point_count": len(rows),
        "monthly": monthly,
        "has_other_instrument": any(row.instrument != main_instrument for row in rows),
        "main_instrument_label": Instrument(main_instrument).label if main_instrument else "",
        "range_key": range_key,
        "ranges": [(key, label) for key, (label, _days) in RANGES.items()],
        "data_rows": _data_table_rows(reversed(rows), monthly=monthly),
    }


def _fmt(value):
    return "-" if value is None else f"{value:g}"


def _data_table_rows(rows, *, monthly=False):
    """The charts' data as table rows, joined here: hundreds of rows are too many for a loop.

    Every cell is a date, a number or an instrument key the database checks against a fixed
    list, so nothing needs escaping (escaping 3,600 cells cost more than the charts). Monthly
    rows name the month and count its tests.
    """
    return mark_safe(
        "\n".join(
            (
                f"<tr><th scope=row>{row.taken_on:%Y-%m}</th><td>{row.instrument}</td>"
                f"<td>{row.tests}</td>"
                if monthly
                else f"<tr><th scope=row>{row.taken_on.isoformat()}</th><td>{row.instrument}</td>"
            )
            + f"<td>{_fmt(row.hip_left)}</td><td>{_fmt(row.hip_right)}</td>"
            f"<td>{_fmt(round(row.hip_left - row.hip_right, 1))}</td>"
            f"<td>{_fmt(row.knee_left)}</td><td>{_fmt(row.knee_right)}</td></tr>"
            for row in rows
        )
    )


def summary_of(test) -> scoring.TestSummary:
    """Every verdict for a saved test."""
    return scoring.summarize(
        hip_left=test.hip_angle_left,
        hip_right=test.hip_angle_right,
        knee_left=test.knee_angle_left,
        knee_right=test.knee_angle_right,
        knee_to_chest_left=test.knee_to_chest_left,
        knee_to_chest_right=test.knee_to_chest_right,
        thresholds=thresholds(),
    )


def _summary(data):
    """Every verdict that the form's data so far allows (live feedback)."""

    def number(name):
        value = data.get(name)
        return value if isinstance(value, float) else None

    return scoring.summarize(
        hip_left=number("hip_angle_left"),
        hip_right=number("hip_angle_right"),
        knee_left=number("knee_angle_left"),
        knee_right=number("knee_angle_right"),
        knee_to_chest_left=data.get("knee_to_chest_left") or "not_done",
        knee_to_chest_right=data.get("knee_to_chest_right") or "not_done",
        thresholds=thresholds(),
    )


@login_required
def record(request):
    form = AssessmentForm(
        request.POST or None, runner=request.user, today=request.user.profile.today()
    )
    if request.method == "POST" and form.is_valid():
        test = form.save()
        messages.success(request, "Test saved.")
        return redirect("assessments:detail", pk=test.pk)
    summary = _summary(form.cleaned_data) if form.is_bound else None
    return render(request, "assessments/record.html", {"form": form, "summary": summary})


@login_required
@require_POST
def feedback(request):
    """Live verdicts while the runner types: whatever parses so far, nothing saved."""
    form = AssessmentForm(request.POST, runner=request.user, today=request.user.profile.today())
    form.is_valid()
    return render(
        request, "assessments/record.html#feedback", {"summary": _summary(form.cleaned_data)}
    )


@login_required
def edit(request, pk):
    test = get_object_or_404(Assessment.objects.owned_by(request.user), pk=pk)
    form = AssessmentForm(
        request.POST or None, instance=test, runner=request.user, today=request.user.profile.today()
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Test updated.")
        return redirect("assessments:detail", pk=test.pk)
    summary = _summary(form.cleaned_data) if form.is_bound else None
    return render(
        request, "assessments/record.html", {"form": form, "test": test, "summary": summary}
    )


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
    baseline = earlier.order_by("taken_on").first()
    summary = summary_of(test)
    persistent = persistence(test, previous)
    return render(
        request,
        "assessments/detail.html",
        {
            "test": test,
            "read_only": test.runner_id != request.user.pk,
            "summary": summary,
            "persistent": persistent,
            "comparisons": _comparisons(previous, baseline, test),
            "knee_mean": scoring.KNEE_POPULATION_MEAN_DEGREES,
            "knee_mark": scoring.KNEE_PASS_MIN_DEGREES,
            "baseline": baseline,
        },
    )


def _comparisons(previous, baseline, test):
    if previous is None:
        return []
    if previous == baseline:
        return [_comparison("previous test, your baseline", previous, test)]
    return [
        _comparison("previous test", previous, test),
        _comparison("first test (baseline)", baseline, test),
    ]


def _comparison(label, earlier, test):
    if earlier is None:
        return None
    limits = thresholds()
    changes = [
        (
            f"{side.capitalize()} hip",
            scoring.hip_change(
                getattr(earlier, f"hip_angle_{side}"), getattr(test, f"hip_angle_{side}"), limits
            ),
        )
        for side in ("left", "right")
    ]
    if earlier.has_knee_angles and test.has_knee_angles:
        changes += [
            (
                f"{side.capitalize()} knee",
                scoring.knee_change(
                    getattr(earlier, f"knee_angle_{side}"),
                    getattr(test, f"knee_angle_{side}"),
                    limits,
                ),
            )
            for side in ("left", "right")
        ]
    return {
        "label": label,
        "earlier": earlier,
        "changes": changes,
        "same_instrument": earlier.instrument == test.instrument,
    }
