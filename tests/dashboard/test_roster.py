from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from apps.accounts.models import CoachLink
from apps.dashboard.models import SeenAlert
from apps.plans.models import SetLog, StretchSession
from tests.assessments.factories import AssessmentFactory
from tests.factories import CoachLinkFactory, UserFactory
from tests.plans.factories import PlanFactory, complete_session

pytestmark = pytest.mark.django_db


def test_the_roster_shows_each_runners_week_imbalance_and_flags(coach_client, coach, runner):
    today = runner.profile.today()
    monday = today - timedelta(days=today.weekday())
    plan = PlanFactory(runner=runner, starts_on=monday, sessions_per_week=1)
    complete_session(plan, monday)
    AssessmentFactory(runner=runner, taken_on=today, hip_angle_left=9, hip_angle_right=1)
    quiet = UserFactory(display_name="Quiet Quinn")
    quiet.profile.test_weekday = (quiet.profile.today().weekday() - 4) % 7  # due 4 days ago
    quiet.profile.save()
    CoachLinkFactory(runner=quiet, coach=coach, accepted_at=timezone.now() - timedelta(days=40))
    AssessmentFactory(runner=quiet, taken_on=today - timedelta(days=30))

    page = coach_client.get("/coach/").content.decode()

    rows = page.split("<tr>")
    alice_row = next(row for row in rows if ">Alice<" in row)
    assert "1 of 1, on track" in alice_row
    assert "left +8°" in alice_row
    assert "no session in the last" not in alice_row
    quinn_row = next(row for row in rows if ">Quiet Quinn<" in row)
    assert "No plan: assign one" in quinn_row
    assert "no session in the last" not in quinn_row  # no plan to follow: "assign one" says it
    assert "weekly test" in quinn_row
    assert "overdue (last" in quinn_row


def test_the_roster_shows_only_linked_runners(stranger_client, runner):
    AssessmentFactory(runner=runner)

    assert "Alice" not in stranger_client.get("/coach/").content.decode()


def test_roster_queries_do_not_grow_with_runners_or_history(
    coach_client, coach, runner, page_queries
):
    PlanFactory(runner=runner)
    AssessmentFactory(runner=runner)
    few = page_queries(coach_client, "/coach/")

    for _ in range(5):
        other = UserFactory()
        CoachLinkFactory(runner=other, coach=coach)
        plan = PlanFactory(runner=other)
        for day in range(10):
            AssessmentFactory(runner=other, taken_on=other.profile.today() - timedelta(weeks=day))
            StretchSession.objects.create(
                runner=other, plan=plan, performed_on=other.profile.today() - timedelta(days=day)
            )

    assert page_queries(coach_client, "/coach/") == few


# The coach's home and alerts (apps/dashboard/alerts.py holds the rules, test_alerts.py their
# cases; these tests prove the roster shows them, links them and forgets the ones marked seen).


@pytest.mark.parametrize(
    ("role", "lands_on"), [("coach", "/coach/"), ("both", "/coach/"), ("runner", None)]
)
def test_a_coach_lands_on_the_roster_and_a_runner_on_their_dashboard(client, role, lands_on):
    user = UserFactory(role=role)
    client.force_login(user)

    response = client.get("/")

    if lands_on:
        assert response.status_code == 302
        assert response["Location"] == lands_on
    else:
        assert response.status_code == 200
        assert "Record this week" in response.text


def test_somebody_who_is_both_switches_to_their_own_training(client):
    client.force_login(UserFactory(role="both"))

    roster = client.get("/coach/").text
    training = client.get("/training/").text

    assert 'href="/training/"' in roster  # in the navigation and on the page
    assert "Record this week" in training
    assert 'href="/coach/"' in training


def alert_row(client, name="Alice"):
    rows = client.get("/coach/").text.split("<tr>")
    return next(row for row in rows if f">{name}<" in row)


def test_an_alert_says_what_triggered_it_and_links_to_it(coach_client, runner):
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today - timedelta(days=7), pain_hip=1)
    test = AssessmentFactory(runner=runner, taken_on=today, pain_hip=4)

    row = alert_row(coach_client)

    assert "Pain up" in row
    assert f'href="/tests/{test.pk}/">hip pain 1 → 4/10</a>' in row


def test_a_discomfort_alert_links_to_the_session_itself(coach_client, runner):
    today = runner.profile.today()
    plan = PlanFactory(runner=runner, starts_on=today - timedelta(days=7))
    session = complete_session(plan, today - timedelta(days=1))
    StretchSession.objects.filter(pk=session.pk).update(discomfort=8, notes="Pulled on the left.")
    day = session.performed_on

    row = alert_row(coach_client)

    assert "Discomfort" in row
    assert (
        f'href="/plans/sessions/{session.pk}/">a session on {day.day} {day:%b} rated 8/10 for '
        "discomfort</a>"
    ) in row
    assert "Pulled on the left." in coach_client.get(f"/plans/sessions/{session.pk}/").text


def test_an_alert_marked_seen_goes_until_a_new_trigger(coach_client, coach, runner):
    today = runner.profile.today()
    first = AssessmentFactory(runner=runner, taken_on=today - timedelta(days=1), pain_groin=7)
    seen_url = f"/coach/runners/{runner.pk}/alerts/seen/"

    response = coach_client.post(seen_url, {"key": f"pain:{first.pk}"})

    assert response.status_code == 302
    assert "groin pain" not in alert_row(coach_client)
    assert SeenAlert.objects.get().coach == coach
    coach_client.post(seen_url, {"key": f"pain:{first.pk}"})  # twice: still one row
    assert SeenAlert.objects.count() == 1

    AssessmentFactory(runner=runner, taken_on=today, pain_groin=8)
    assert "groin pain 8/10" in alert_row(coach_client)


def test_marking_seen_with_htmx_removes_the_alert_in_place(coach_client, runner):
    test = AssessmentFactory(runner=runner, taken_on=runner.profile.today(), pain_hip=9)

    response = coach_client.post(
        f"/coach/runners/{runner.pk}/alerts/seen/",
        {"key": f"pain:{test.pk}"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.text.startswith('\n<tr><th scope="row">')  # the row, swapped in place
    assert "hip pain" not in response.text
    assert "nothing new" in response.text


def test_a_key_that_is_not_an_alerts_saves_nothing(coach_client, runner):
    response = coach_client.post(
        f"/coach/runners/{runner.pk}/alerts/seen/", {"key": "<script>"}, follow=True
    )

    assert "That alert could not be found." in response.text
    assert not SeenAlert.objects.exists()


def test_only_a_linked_coach_can_mark_a_runners_alert_seen(
    coach_client, coach, runner, stranger_client
):
    url = f"/coach/runners/{runner.pk}/alerts/seen/"
    assert stranger_client.post(url, {"key": "pain:1"}).status_code == 404
    CoachLink.objects.filter(coach=coach).update(status=CoachLink.Status.REVOKED)
    assert coach_client.post(url, {"key": "pain:1"}).status_code == 404
    assert not SeenAlert.objects.exists()


def test_the_roster_sorts_and_filters(coach_client, coach, runner):
    today = runner.profile.today()
    AssessmentFactory(runner=runner, taken_on=today, hip_angle_left=2, hip_angle_right=1)
    for name, left in (("Zoe", 20), ("Mia", 4)):
        other = UserFactory(display_name=name)
        CoachLinkFactory(runner=other, coach=coach)
        AssessmentFactory(runner=other, taken_on=today, hip_angle_left=left, hip_angle_right=1)

    def order(query):
        page = coach_client.get(f"/coach/?{query}").text
        shown = [name for name in ("Alice", "Mia", "Zoe") if f">{name}</a></th>" in page]
        return sorted((page.index(f">{name}</a></th>"), name) for name in shown)

    assert [name for _at, name in order("sort=name")] == ["Alice", "Mia", "Zoe"]
    assert [name for _at, name in order("sort=imbalance")] == ["Zoe", "Mia", "Alice"]
    # Zoe's 19° is beyond twice the threshold: the only alert.
    assert [name for _at, name in order("sort=name&alerts=on")] == ["Zoe"]
    assert next(name for _at, name in order("sort=alerts")) == "Zoe"
    # An unknown order falls back to alerts first; the form says what is wrong with nothing.
    assert coach_client.get("/coach/?sort=nonsense").status_code == 200


def test_the_order_form_swaps_only_the_table_with_htmx(coach_client, runner):
    AssessmentFactory(runner=runner)

    page = coach_client.get("/coach/?sort=name", headers={"HX-Request": "true"}).text

    assert "<table" in page
    assert "<html" not in page


def test_roster_queries_stay_the_same_for_10_and_200_runners(coach_client, coach, page_queries):
    def add_runners(count):
        today = coach.profile.today()
        for _ in range(count):
            other = UserFactory()
            CoachLinkFactory(runner=other, coach=coach)
            PlanFactory(runner=other)
            AssessmentFactory(runner=other, taken_on=today, pain_hip=7)
            AssessmentFactory(runner=other, taken_on=today - timedelta(days=7))

    add_runners(9)
    ten = page_queries(coach_client, "/coach/")
    add_runners(190)

    assert page_queries(coach_client, "/coach/") == ten


def test_a_coach_keeps_the_latest_fifty_seen_alerts_a_runner(coach_client, runner):
    url = f"/coach/runners/{runner.pk}/alerts/seen/"
    for number in range(55):
        coach_client.post(url, {"key": f"pain:{number}"})

    keys = set(SeenAlert.objects.values_list("key", flat=True))
    assert len(keys) == 50
    assert "pain:54" in keys


def test_a_big_roster_comes_in_pages_of_fifty_in_the_order_asked(coach_client, coach):
    for number in range(120):
        CoachLinkFactory(runner=UserFactory(display_name=f"Runner {number:03}"), coach=coach)

    first = coach_client.get("/coach/?sort=name").text
    last = coach_client.get("/coach/?sort=name&page=3").text

    assert "1\u201350 of 121 shown of 121 runners" in first
    assert ">Alice</a></th>" in first
    assert ">Runner 048</a></th>" in first
    assert ">Runner 049</a></th>" not in first
    assert 'href="?sort=name&amp;page=2"' in first
    assert "101\u2013121 of 121 shown" in last
    assert ">Runner 119</a></th>" in last
    assert 'href="?sort=name&amp;page=2"' in last  # back to the previous page
    # A page past the end shows the last one.
    assert "101\u2013121 of 121 shown" in coach_client.get("/coach/?sort=name&page=9").text


# Every load works out every row from what it reads: each change below shows at once.


def test_a_change_to_a_runners_data_shows_on_the_next_load(coach_client, runner):
    today = runner.profile.today()
    plan = PlanFactory(runner=runner, starts_on=today - timedelta(days=7))
    AssessmentFactory(runner=runner, taken_on=today - timedelta(days=1), pain_hip=1)
    before = alert_row(coach_client)
    assert "Pain up" not in before
    assert "Discomfort" not in before

    test = AssessmentFactory(runner=runner, taken_on=today, pain_hip=6)
    assert f'href="/tests/{test.pk}/">hip pain 1 → 6/10</a>' in alert_row(coach_client)

    session = complete_session(plan, today)
    StretchSession.objects.filter(pk=session.pk).update(discomfort=9)
    row = alert_row(coach_client)
    assert "rated 9/10 for discomfort" in row
    assert "1 of" in row

    # The set logs alone, as the guided session writes them, change the week's count.
    SetLog.objects.filter(session=session).delete()
    assert "0 of" in alert_row(coach_client)


def test_a_change_of_threshold_or_test_day_shows_on_the_next_load(
    coach_client, coach, runner, settings
):
    today = runner.profile.today()
    CoachLink.objects.filter(coach=coach, runner=runner).update(
        accepted_at=timezone.now() - timedelta(days=40)
    )
    AssessmentFactory(
        runner=runner, taken_on=today - timedelta(days=20), hip_angle_left=9, hip_angle_right=1
    )
    runner.profile.test_weekday = (today.weekday() - 4) % 7  # the test week began 4 days ago
    runner.profile.save()
    row = alert_row(coach_client)
    assert ">real</strong>" in row
    assert "weekly test 4 days overdue" in row

    settings.REAL_CHANGE_HIP_DEGREES = {**settings.REAL_CHANGE_HIP_DEGREES, "phone": 10}
    assert ">real</strong>" not in alert_row(coach_client)

    runner.profile.test_weekday = today.weekday()  # the test week begins today
    runner.profile.save()
    assert "overdue" not in alert_row(coach_client)


def test_the_views_columns_are_the_models_fields_and_its_pain_the_regions(runner):
    """The roster reads the view behind RunnerFacts: a column the model lacks, or a field the
    view lacks, fails here; so does a pain region the view's JSON leaves out."""
    from django.db import connection

    from apps.assessments.scoring import PAIN_REGIONS
    from apps.dashboard.models import RunnerFacts

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM dashboard_runner_facts LIMIT 0")
        columns = [column.name for column in cursor.description]
    fields = [field.column for field in RunnerFacts._meta.concrete_fields]
    assert sorted(columns) == sorted(fields)

    regions = {f"pain_{region}": score for score, (region, _label) in enumerate(PAIN_REGIONS)}
    AssessmentFactory(runner=runner, taken_on=runner.profile.today(), **regions)
    pain = RunnerFacts.objects.get(runner=runner).pain
    assert pain == {region: score for score, (region, _label) in enumerate(PAIN_REGIONS)}


@pytest.mark.parametrize("sort", ["alerts", "name", "test", "imbalance", "adherence"])
def test_a_runner_who_needs_a_doctor_today_comes_first_whatever_the_sort(coach_client, coach, sort):
    """A squad where eight runners have alerts: the bladder-or-bowel flag is not the 8th."""
    from apps.assessments import safety

    today = coach.profile.today()
    for number in range(8):
        member = UserFactory(display_name=f"Aaron {number}")
        CoachLinkFactory(runner=member, coach=coach)
        AssessmentFactory(runner=member, taken_on=today, hip_angle_left=15, hip_angle_right=0)
    zoe = UserFactory(display_name="Zoe")
    CoachLinkFactory(runner=zoe, coach=coach)
    safety.record_check(zoe, ["bladder_bowel"])

    page = coach_client.get(f"/coach/?sort={sort}").text
    first = page.split("<tbody", 1)[1].split("</tr>")[0]

    assert ">Zoe</a>" in first
    assert "Urgent: a doctor today" in first
    assert 'class="alert alert-urgent"' in first


class Buttons(HTMLParser):
    """The page's buttons: (attributes, text), as a browser would read them."""

    def __init__(self):
        super().__init__()
        self.found, self.open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "button":
            self.open = (dict(attrs), [])

    def handle_data(self, data):
        if self.open:
            self.open[1].append(data)

    def handle_endtag(self, tag):
        if tag == "button" and self.open:
            self.found.append((self.open[0], "".join(self.open[1])))
            self.open = None


def test_each_alerts_seen_button_posts_itself_and_names_the_alert(coach_client, runner):
    AssessmentFactory(runner=runner, taken_on=runner.profile.today(), pain_hip=9)

    page = coach_client.get("/coach/").text
    parser = Buttons()
    parser.feed(page)

    seen_url = f"/coach/runners/{runner.pk}/alerts/seen/"
    seen = [(attrs, text) for attrs, text in parser.found if attrs.get("formaction") == seen_url]
    assert seen
    for attrs, text in seen:
        assert attrs["hx-post"] == seen_url
        assert set(attrs) == {"type", "form", "formaction", "name", "value", "hx-post", "class"}
        assert text.startswith("Seen: ")
        assert text.endswith(", Alice")
    # Each button's row comes back in its place: the target the table body gives them all.
    assert '<tbody hx-target="closest tr" hx-swap="outerHTML">' in page
