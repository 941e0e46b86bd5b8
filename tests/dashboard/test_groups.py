"""A coach's groups: made and changed by their coach, filtering the roster, marking a group's
alerts seen, and never reaching a runner whose link ended."""

import pytest
from django.utils import timezone

from apps.accounts.models import CoachLink
from apps.dashboard.models import RunnerGroup, SeenAlert
from tests.assessments.factories import AssessmentFactory
from tests.factories import CoachLinkFactory, UserFactory
from tests.plans.factories import PlanTemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def squad(coach, runner):
    """Alice and two more of Bob's runners, each with a test of a real imbalance today (an
    alert), and Carl's link."""
    today = coach.profile.today()
    ben, cara = UserFactory(display_name="Ben"), UserFactory(display_name="Cara")
    for member in (runner, ben, cara):
        if member is not runner:
            CoachLinkFactory(runner=member, coach=coach)
        AssessmentFactory(runner=member, taken_on=today, hip_angle_left=15, hip_angle_right=0)
    return {
        "alice": CoachLink.objects.get(runner=runner, coach=coach),
        "ben": CoachLink.objects.get(runner=ben, coach=coach),
        "cara": CoachLink.objects.get(runner=cara, coach=coach),
    }


def rows_of(page):
    return [
        row.split("</a>")[0].rsplit(">", 1)[-1]
        for row in page.split("<tbody", 1)[1].split("<tr>")[1:]
    ]


def test_a_coach_makes_a_group_and_the_roster_shows_only_it(coach_client, squad):
    response = coach_client.post(
        "/coach/groups/",
        {"name": "Marathon squad", "links": [squad["alice"].pk, squad["cara"].pk]},
    )

    group = RunnerGroup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/coach/?group={group.pk}"
    assert set(group.links.all()) == {squad["alice"], squad["cara"]}
    page = coach_client.get(f"/coach/?group={group.pk}").text
    assert rows_of(page) == ["Alice", "Cara"]
    assert '<span class="tag">Marathon squad</span>' in page
    assert f'<option value="{group.pk}" selected>Marathon squad</option>' in page
    everyone = coach_client.get("/coach/").text
    assert sorted(rows_of(everyone)) == ["Alice", "Ben", "Cara"]
    assert "Alice, Cara" in coach_client.get("/coach/groups/").text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("marathon SQUAD", "You already have a group called “marathon SQUAD”."),
        ("x" * 41, "Ensure this value has at most 40 characters (it has 41)."),
    ],
)
def test_a_bad_name_is_refused_by_the_field_and_nothing_saved(
    coach_client, coach, squad, name, message
):
    RunnerGroup.objects.create(coach=coach, name="Marathon squad")

    response = coach_client.post("/coach/groups/", {"name": name, "links": [squad["ben"].pk]})

    assert response.status_code == 200
    assert message in response.text
    assert 'id="error-summary"' in response.text
    assert RunnerGroup.objects.count() == 1
    assert not RunnerGroup.objects.get().links.exists()


def test_the_same_name_may_be_another_coachs(coach_client, stranger, squad):
    RunnerGroup.objects.create(coach=stranger, name="Marathon squad")

    coach_client.post("/coach/groups/", {"name": "Marathon squad", "links": [squad["ben"].pk]})

    assert RunnerGroup.objects.count() == 2


def test_only_the_coachs_active_links_can_be_put_in_a_group(coach_client, stranger, squad):
    charlies = CoachLink.objects.active().filter(coach=stranger).get()
    squad["cara"].status = CoachLink.Status.REVOKED
    squad["cara"].save()

    response = coach_client.get("/coach/groups/")
    assert "Ben" in response.text
    assert "Cara" not in response.text.split("Make a group")[1]
    response = coach_client.post(
        "/coach/groups/", {"name": "Mine", "links": [squad["ben"].pk, charlies.pk]}
    )

    assert "Select a valid choice." in response.text
    assert not RunnerGroup.objects.exists()
    response = coach_client.post("/coach/groups/", {"name": "Mine", "links": [squad["cara"].pk]})
    assert "Select a valid choice." in response.text


def test_a_group_never_reaches_a_runner_whose_link_ended(coach_client, coach, squad):
    group = RunnerGroup.objects.create(coach=coach, name="Injured list")
    group.links.add(squad["alice"], squad["ben"])
    squad["ben"].status = CoachLink.Status.REVOKED
    squad["ben"].ended_at = timezone.now()
    squad["ben"].save()

    assert rows_of(coach_client.get(f"/coach/?group={group.pk}").text) == ["Alice"]
    assert "Ben" not in coach_client.get("/coach/groups/").text
    assert "Ben" not in coach_client.get(f"/coach/report/?group={group.pk}").text
    coach_client.post(f"/coach/groups/{group.pk}/all-seen/")
    assert not SeenAlert.objects.filter(runner=squad["ben"].runner).exists()
    # Linked again: a new link, in no group until the coach puts it in one.
    CoachLinkFactory(runner=squad["ben"].runner, coach=coach)
    assert rows_of(coach_client.get(f"/coach/?group={group.pk}").text) == ["Alice"]


def test_a_coach_renames_a_group_and_changes_its_runners(coach_client, coach, squad):
    group = RunnerGroup.objects.create(coach=coach, name="Squad")
    group.links.add(squad["alice"])

    page = coach_client.get(f"/coach/groups/{group.pk}/").text
    assert f'value="{squad["alice"].pk}"' in page
    assert "checked" in page
    coach_client.post(
        f"/coach/groups/{group.pk}/", {"name": "Track squad", "links": [squad["ben"].pk]}
    )

    group.refresh_from_db()
    assert group.name == "Track squad"
    assert list(group.links.all()) == [squad["ben"]]


def test_deleting_a_group_keeps_its_runners_linked(coach_client, coach, squad):
    group = RunnerGroup.objects.create(coach=coach, name="Squad")
    group.links.add(squad["alice"])

    coach_client.post(f"/coach/groups/{group.pk}/delete/")

    assert not RunnerGroup.objects.exists()
    assert CoachLink.objects.active().filter(coach=coach).count() == 3


def test_an_unknown_or_another_coachs_group_on_the_roster_shows_everyone(
    coach_client, stranger, squad
):
    theirs = RunnerGroup.objects.create(coach=stranger, name="Theirs")
    theirs.links.add(squad["alice"])  # cannot happen through the form; the roster ignores it

    page = coach_client.get(f"/coach/?group={theirs.pk}").text

    assert sorted(rows_of(page)) == ["Alice", "Ben", "Cara"]
    assert "Theirs" not in page


def test_the_roster_searches_by_name(coach_client, squad):
    page = coach_client.get("/coach/?q=AL").text

    assert rows_of(page) == ["Alice"]
    assert 'value="AL"' in page
    assert "No runner matches." in coach_client.get("/coach/?q=zed").text


def test_marking_a_group_seen_marks_only_its_runners_alerts(coach_client, coach, squad):
    group = RunnerGroup.objects.create(coach=coach, name="Squad")
    group.links.add(squad["alice"], squad["ben"])

    response = coach_client.post(f"/coach/groups/{group.pk}/all-seen/", follow=True)

    assert "alerts in Squad marked as seen" in response.text
    seen = set(SeenAlert.objects.values_list("runner__profile__display_name", flat=True))
    assert seen == {"Alice", "Ben"}
    page = coach_client.get("/coach/").text
    assert "nothing new" in page.split(">Alice</a>")[1].split("</tr>")[0]
    assert "Imbalance" in page.split(">Cara</a>")[1].split("</tr>")[0]


def test_marking_a_runner_seen_marks_every_alert_of_theirs(coach_client, coach, runner, squad):
    from apps.assessments import safety

    safety.record_check(runner, ["night_or_rest"])  # a red flag beside the imbalance
    row = coach_client.get("/coach/").text.split(">Alice</a>")[1].split("</tr>")[0]
    assert "more</span>" in row  # several alerts: one shown, the rest in its details

    response = coach_client.post(
        f"/coach/runners/{runner.pk}/alerts/all-seen/", headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "{% comment %}" not in response.text
    assert ">Alice</a>" in response.text
    assert "nothing new" in response.text
    assert SeenAlert.objects.filter(runner=runner).count() >= 2
    assert not SeenAlert.objects.exclude(runner=runner).exists()


def test_marking_seen_keeps_the_latest_of_each_runner(coach, runner, squad):
    from apps.dashboard.models import SEEN_KEPT
    from apps.dashboard.roster import runner_rows

    for number in range(SEEN_KEPT + 5):
        SeenAlert.objects.create(coach=coach, runner=runner, key=f"old:{number}")
    rows = [
        row for row in runner_rows(coach) if row.runner_id in (runner.pk, squad["ben"].runner_id)
    ]

    SeenAlert.objects.mark_all_seen(coach, rows)

    assert SeenAlert.objects.filter(runner=runner).count() == SEEN_KEPT
    assert SeenAlert.objects.filter(runner=runner, key__startswith="imbalance").exists()
    assert SeenAlert.objects.filter(runner=squad["ben"].runner).count() == 1


def test_roster_and_report_queries_stay_constant_as_groups_grow(
    coach_client, coach, squad, page_queries
):
    group = RunnerGroup.objects.create(coach=coach, name="Squad")
    group.links.add(squad["alice"])
    urls = [
        "/coach/",
        f"/coach/?group={group.pk}",
        "/coach/report/",
        f"/coach/report/?group={group.pk}",
        "/coach/groups/",
    ]
    few = [page_queries(coach_client, url) for url in urls]

    for number in range(6):
        member = UserFactory()
        link = CoachLinkFactory(runner=member, coach=coach)
        AssessmentFactory(runner=member, taken_on=member.profile.today())
        extra = RunnerGroup.objects.create(coach=coach, name=f"Group {number}")
        extra.links.add(link, squad["ben"])
        PlanTemplateFactory(coach=coach, title=f"Template {number}")
        group.links.add(link)

    assert [page_queries(coach_client, url) for url in urls] == few


def test_a_groups_bar_offers_its_message_and_each_of_the_coachs_templates(
    coach_client, coach, stranger, squad
):
    group = RunnerGroup.objects.create(coach=coach, name="Squad")
    group.links.add(squad["alice"])
    base = PlanTemplateFactory(coach=coach, title="Marathon base")
    PlanTemplateFactory(coach=stranger, title="Their secret plan")

    page = coach_client.get(f"/coach/?group={group.pk}").text

    assert f'href="/coach/groups/{group.pk}/message/">Message the group</a>' in page
    assert f'href="/coach/templates/{base.pk}/assign/?group={group.pk}">Marathon base</a>' in page
    assert "Their secret plan" not in page
    assert "Give the whole group a plan" not in coach_client.get("/coach/").text


def test_without_a_template_the_groups_bar_says_to_write_one(coach_client, coach, squad):
    group = RunnerGroup.objects.create(coach=coach, name="Squad")

    page = coach_client.get(f"/coach/?group={group.pk}").text

    assert 'href="/coach/templates/new/">write a plan template</a> first.' in page
