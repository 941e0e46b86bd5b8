"""Today's session (/plan/session/): the checklist, sets saved as they are ticked, finishing."""

import re

import pytest

from apps.plans.models import SetLog, StretchSession
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db


def session_page(client):
    return client.get("/plan/session/").content.decode()


def test_sets_are_saved_as_they_are_ticked_and_the_session_resumes(runner_client, runner):
    plan = PlanFactory(runner=runner)
    item = plan.items.first()

    response = runner_client.post(
        "/plan/session/set/",
        {"step": f"{item.pk}:left:1", "set": f"{item.pk}:left:1"},
        headers={"HX-Request": "true"},
    )

    assert "<html" not in response.content.decode()
    assert "<strong>1</strong> of 12 sets done" in response.content.decode()
    session = StretchSession.objects.get()
    assert (session.runner, session.plan, session.performed_on) == (
        runner,
        plan,
        runner.profile.today(),
    )
    assert session.finished_at is None
    # Closing the tab loses nothing: opening the session again shows the set ticked.
    assert f'value="{item.pk}:left:1" checked' in session_page(runner_client)

    runner_client.post("/plan/session/set/", {"step": f"{item.pk}:left:1"})  # unticked
    assert not SetLog.objects.exists()


def shown(page):
    return re.findall(r'name="shown" value="([^"]+)"', page)


def test_the_checklist_works_without_javascript(runner_client, runner):
    plan = PlanFactory(runner=runner)
    items = list(plan.items.all())
    ticked = [f"{items[0].pk}:left:1", f"{items[0].pk}:right:1", f"{items[1].pk}:left:1"]

    runner_client.post(
        "/plan/session/", {"set": ticked, "shown": shown(session_page(runner_client))}
    )

    assert sorted(SetLog.objects.values_list("item_id", "side", "set_number")) == sorted(
        [(items[0].pk, "left", 1), (items[0].pk, "right", 1), (items[1].pk, "left", 1)]
    )
    page = session_page(runner_client)
    runner_client.post("/plan/session/", {"set": ticked[:1], "shown": shown(page)})
    assert list(SetLog.objects.values_list("item_id", "side", "set_number")) == [
        (items[0].pk, "left", 1)
    ]


def test_a_stale_checklist_does_not_undo_sets_saved_since(runner_client, runner):
    item = PlanFactory(runner=runner).items.first()
    stale = shown(session_page(runner_client))  # loaded before any set was done
    runner_client.post(
        "/plan/session/set/", {"step": f"{item.pk}:left:1", "set": f"{item.pk}:left:1"}
    )

    runner_client.post("/plan/session/", {"set": [f"{item.pk}:left:2"], "shown": stale})

    assert sorted(SetLog.objects.values_list("set_number", flat=True)) == [1, 2]


@pytest.mark.parametrize(
    "step",
    ["nonsense", "999999:left:1", "{item}:middle:1", "{item}:left:4", "{item}:left:0"],
)
def test_a_set_that_is_not_in_the_plan_is_refused(runner_client, runner, step):
    item = PlanFactory(runner=runner).items.get(stretch__slug="edge-of-table")  # 3 sets

    response = runner_client.post("/plan/session/set/", {"step": step.format(item=item.pk)})

    assert response.status_code == 404
    assert not SetLog.objects.exists()


def test_logging_a_set_of_someone_elses_plan_is_a_404(runner, stranger_client, stranger):
    alices = PlanFactory(runner=runner).items.first()
    PlanFactory(runner=stranger)

    response = stranger_client.post("/plan/session/set/", {"step": f"{alices.pk}:left:1"})

    assert response.status_code == 404
    assert not SetLog.objects.exists()


def test_the_session_page_needs_an_active_plan(runner_client):
    assert runner_client.get("/plan/session/").status_code == 404


def test_finishing_records_the_discomfort(runner_client, runner):
    plan = PlanFactory(runner=runner)
    complete_session(plan, runner.profile.today(), finished=False)

    page = runner_client.post(
        "/plan/session/finish/", {"discomfort": "3"}, follow=True
    ).content.decode()

    session = StretchSession.objects.get()
    assert (session.discomfort, session.finished_at is not None) == (3, True)
    assert "Session done" in page
    assert "Done today" in page


def test_pressing_finish_without_doing_the_sets_does_not_count(runner_client, runner):
    PlanFactory(runner=runner)

    page = runner_client.post(
        "/plan/session/finish/", {"discomfort": "0"}, follow=True
    ).content.decode()

    assert "Done today" not in page


def test_high_discomfort_shows_the_overstretching_caution(runner_client, runner):
    PlanFactory(runner=runner)

    page = runner_client.post(
        "/plan/session/finish/", {"discomfort": "8"}, follow=True
    ).content.decode()

    assert "stretch reflex" in page


@pytest.mark.parametrize("value", ["11", "-1", "a lot", ""])
def test_a_discomfort_outside_0_to_10_is_refused(runner_client, runner, value):
    PlanFactory(runner=runner)

    response = runner_client.post("/plan/session/finish/", {"discomfort": value})

    assert "Enter a whole number from 0 to 10." in response.content.decode()
    assert not StretchSession.objects.filter(finished_at__isnull=False).exists()


# The session's own completion screen: the caution replaces "well stretched" at 7/10 and up.
CAUTION = "stretch reflex"
WELL_STRETCHED = "Well stretched"


@pytest.mark.parametrize(("discomfort", "caution"), [("3", False), ("7", True), ("9", True)])
def test_finishing_with_htmx_turns_the_finish_section_into_the_completion_screen(
    runner_client, runner, discomfort, caution
):
    plan = PlanFactory(runner=runner)
    complete_session(plan, runner.profile.today(), finished=False)

    response = runner_client.post(
        "/plan/session/finish/", {"discomfort": discomfort}, headers={"HX-Request": "true"}
    )

    screen = response.content.decode()
    assert screen.lstrip().startswith('<section id="finish"')  # the section alone, swapped in
    assert "<html" not in screen
    # ...and the progress line out of band.
    assert re.search(
        r'<div hx-swap-oob="innerHTML:#progress"><strong>\d+</strong> of \d+ sets done, finished',
        screen,
    )
    assert "Session done" in screen
    assert (CAUTION in screen) is caution
    assert (WELL_STRETCHED in screen) is not caution
    if caution:
        assert f"({discomfort}/10)" in screen
    assert StretchSession.objects.get().discomfort == int(discomfort)


@pytest.mark.parametrize(("discomfort", "caution"), [("3", False), ("8", True)])
def test_finishing_without_htmx_brings_the_same_message_on_the_plan_page(
    runner_client, runner, discomfort, caution
):
    plan = PlanFactory(runner=runner)
    complete_session(plan, runner.profile.today(), finished=False)

    response = runner_client.post("/plan/session/finish/", {"discomfort": discomfort}, follow=True)

    page = response.content.decode()
    assert response.redirect_chain == [("/plan/", 302)]
    assert (CAUTION in page) is caution
    assert (WELL_STRETCHED in page) is not caution


@pytest.mark.parametrize(("discomfort", "caution"), [(2, False), (7, True)])
def test_the_session_page_of_a_finished_session_is_its_completion_screen(
    runner_client, runner, discomfort, caution
):
    plan = PlanFactory(runner=runner)
    session = complete_session(plan, runner.profile.today())
    session.discomfort = discomfort
    session.save()

    page = session_page(runner_client)

    assert "Session done" in page
    assert (CAUTION in page) is caution
    assert (WELL_STRETCHED in page) is not caution
    assert "Change the rating" in page  # the form is still there, folded away
    assert 'action="/plan/session/finish/"' in page


def test_a_session_finished_with_too_few_sets_does_not_say_done(runner_client, runner):
    PlanFactory(runner=runner)

    screen = runner_client.post(
        "/plan/session/finish/", {"discomfort": "8"}, headers={"HX-Request": "true"}
    ).content.decode()

    assert "Session finished" in screen
    assert "Done today" not in screen
    assert WELL_STRETCHED not in screen
    assert "Finished, but it felt uncomfortable (8/10)" in screen


def test_a_refused_rating_with_htmx_comes_back_in_the_finish_section(runner_client, runner):
    PlanFactory(runner=runner)

    response = runner_client.post(
        "/plan/session/finish/", {"discomfort": "12"}, headers={"HX-Request": "true"}
    )

    screen = response.content.decode()
    assert response.status_code == 200  # htmx swaps it in
    assert screen.lstrip().startswith('<section id="finish"')
    assert "Enter a whole number from 0 to 10." in screen
    assert not StretchSession.objects.filter(finished_at__isnull=False).exists()


def test_the_checklist_and_finish_form_work_without_javascript(runner_client, runner):
    """The guide is hidden until session.js shows it; the checklist is a plain form, and the
    Finish form posts without htmx too."""
    PlanFactory(runner=runner)

    page = session_page(runner_client)

    assert re.search(r'<section id="guide"[^>]* hidden', page)
    assert 'data-position-seconds="5"' in page
    assert re.search(r'<form method="post" action="/plan/session/" class="session-checklist"', page)
    assert re.search(r'<form method="post" action="/plan/session/finish/"', page)
    # Each set carries what the guide shows: the stretch's illustration among them.
    assert 'data-illustration="/static/img/stretches/edge-of-table.svg"' in page


def test_a_note_on_the_session_is_kept_and_the_coach_reads_it(runner_client, runner, coach_client):
    plan = PlanFactory(runner=runner)
    complete_session(plan, runner.profile.today(), finished=False)

    runner_client.post(
        "/plan/session/finish/", {"discomfort": "7", "notes": "Left groin <pinched> in the lunge"}
    )

    assert StretchSession.objects.get().notes == "Left groin <pinched> in the lunge"
    page = coach_client.get(f"/coach/runners/{runner.pk}/").text
    assert 'data-label="Notes">Left groin &lt;pinched&gt; in the lunge</td>' in page


def test_a_note_too_long_is_refused_and_the_session_stays_open(runner_client, runner):
    plan = PlanFactory(runner=runner)
    complete_session(plan, runner.profile.today(), finished=False)

    page = runner_client.post("/plan/session/finish/", {"discomfort": "2", "notes": "x" * 301}).text

    assert "at most 300 characters" in page
    assert StretchSession.objects.get().finished_at is None
