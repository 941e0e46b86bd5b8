"""After a quick-add or an undo, today's card and the week table below it say the same, without
a reload: the htmx answer carries the week's table out of band."""

import re
from datetime import timedelta

import pytest

from apps.sitting.models import SittingDay

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "today-counts"}


def todays_row(html, today):
    """The week table's row of `today`, as text without tags."""
    label = f"{today:%a} {today.day} {today:%b}"
    row = re.search(rf"<tr[^>]*>\s*<th scope=\"row\">{label}</th>(.*?)</tr>", html, re.S)
    assert row, f"no row for {label} in the week table"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(1))).strip()


def test_a_quick_add_updates_todays_row_and_the_weeks_total(runner_client, runner):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())

    html = runner_client.post(
        "/sitting/add/", {"add": "seated-60", "week": monday.isoformat()}, headers=HTMX
    ).content.decode()

    assert 'id="sitting-week" aria-labelledby="week-heading" hx-swap-oob="true"' in html
    assert todays_row(html, today).startswith("1 h ")
    assert "Seated 1 h this week" in html


def test_an_undo_updates_the_week_table_too(runner_client, runner):
    today = runner.profile.today()
    SittingDay.objects.create(
        runner=runner, day=today, minutes_seated=90, last_quick_add="seated-30"
    )

    html = runner_client.post("/sitting/undo/", {"week": today.isoformat()}, headers=HTMX)

    assert todays_row(html.content.decode(), today).startswith("1 h ")


def test_a_past_week_on_screen_is_redrawn_as_it_is(runner_client, runner):
    """Tapped while last week is shown: the table stays last week's (today is not in it)."""
    today = runner.profile.today()
    last_monday = today - timedelta(days=today.weekday() + 7)
    SittingDay.objects.create(runner=runner, day=last_monday, minutes_seated=45)

    html = runner_client.post(
        "/sitting/add/", {"add": "seated-15", "week": last_monday.isoformat()}, headers=HTMX
    ).content.decode()

    assert f"Week of {last_monday.day} {last_monday:%B %Y}" in html
    assert "Seated 45 min this week" in html
    assert SittingDay.objects.get(runner=runner, day=today).minutes_seated == 15
