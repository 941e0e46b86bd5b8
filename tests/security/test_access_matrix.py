"""Walks the URLconf so that no route escapes the access rules.

Every route is listed below as public, login-only, or object-scoped; a new route that is not listed
fails the first test, so whoever adds it must decide who may see it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.models import CoachLink
from apps.conversation.models import Comment
from apps.plans.models import CalendarFeed
from apps.runs.models import Run, RunUpload, UploadFile
from tests.assessments.factories import AssessmentFactory
from tests.plans.factories import (
    ExerciseFactory,
    PlanFactory,
    PlanTemplateFactory,
    add_to_plan,
    complete_session,
)
from tests.runs.factories import RunFactory
from tests.runs.test_doubtful import generic_fit
from tests.runs.test_parsing import parse

pytestmark = pytest.mark.django_db

PUBLIC = {
    "accounts:signup",
    "accounts:signup_sent",
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "healthz",
    "manifest",
    "service_worker",
    "offline",
    "dashboard:home",  # the landing page for visitors; the runner's dashboard once logged in
    "plans:catalogue",
    "plans:stretch",
}
# Logging out needs no login and answers only POST.
PUBLIC_POST_ONLY = {"accounts:logout"}
# POST-only routes answer 405 to a GET, after the login check.
LOGIN_REQUIRED = {
    "dashboard:insights",
    "dashboard:menu",
    "portability:export_json",
    "portability:export_zip",
    "portability:import_account",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:profile",
    "accounts:delete_account",
    "accounts:my_coaches",
    "accounts:invite_coach",
    "dashboard:roster",
    "dashboard:training",
    "accounts:invite_runner",
    "accounts:group_invite",
    "assessments:history",
    "assessments:record",
    "assessments:feedback",
    "portability:export_tests",
    "portability:import_tests",
    "plans:my_plan",
    "plans:generate",
    "plans:session",
    "plans:log_set",
    "plans:rate_set",
    "plans:morning_check",
    "plans:start_return",
    "plans:log_walk_run",
    "plans:end_return",
    "plans:finish_session",
    "plans:calendar",
    "plans:exercises",
    "plans:new_exercise",
    "plans:templates",
    "plans:new_template",
    "sitting:week",
    "sitting:add",
    "sitting:undo",
    "sitting:day",
    "assessments:safety_check",
    "runs:list",
    "runs:upload",
    "dashboard:groups",
    "dashboard:squad_report",
    "dashboard:dismiss_first_steps",
    "sitting:set_total",
    # The runner's own Strava connection (answers 404 without Strava's settings; who may use it
    # is tested in tests/runs/test_strava.py).
    "runs:strava_connect",
    "runs:strava_callback",
    "runs:strava_disconnect",
    "runs:strava_delete_runs",
}
# Called by Strava with no session and no CSRF token (its events only recorded, each checked
# against Strava before anything changes): the handshake and events are tested in
# tests/runs/test_strava.py.
WEBHOOKS = {"runs:strava_webhook"}
# Reached with a secret token instead of a login (tested in tests/plans/test_calendar.py,
# tests/accounts/test_signup.py and tests/accounts/test_invite_signup.py: a visitor reads who
# invites, and accepting still needs an account).
TOKEN_ROUTES = {"plans:calendar_feed", "accounts:signup_confirm", "accounts:accept_invite"}
# Routes naming a runner's object: (method, kwargs from (runner, link, test), coach may use it?)
OBJECT_ROUTES = {
    "dashboard:runner": ("GET", lambda r, link, test: {"runner_id": r.pk}, True),
    "accounts:end_link": ("POST", lambda r, link, test: {"pk": link.pk}, True),
    "assessments:runner_history": ("GET", lambda r, link, test: {"runner_id": r.pk}, True),
    "assessments:detail": ("GET", lambda r, link, test: {"pk": test.pk}, True),
    "assessments:edit": ("GET", lambda r, link, test: {"pk": test.pk}, False),
    "assessments:delete": ("GET", lambda r, link, test: {"pk": test.pk}, False),
    "assessments:safety": ("GET", lambda r, link, test: {"pk": test.pk}, False),
    "plans:runner_plan": ("GET", lambda r, link, test: {"runner_id": r.pk}, True),
    "plans:assign_plan": ("GET", lambda r, link, test: {"runner_id": r.pk}, True),
    "plans:coach_start_return": ("POST", lambda r, link, test: {"runner_id": r.pk}, True),
    "plans:edit_plan": (
        "GET",
        lambda r, link, test: {"runner_id": r.pk, "pk": r.plans.get().pk},
        True,
    ),
    "plans:end_plan": ("POST", lambda r, link, test: {"pk": r.plans.get().pk}, True),
    "plans:template_from_plan": (
        "GET",
        lambda r, link, test: {"runner_id": r.pk, "pk": r.plans.get().pk},
        True,
    ),
    "dashboard:alert_seen": ("POST", lambda r, link, test: {"runner_id": r.pk}, True),
    "dashboard:runner_all_seen": ("POST", lambda r, link, test: {"runner_id": r.pk}, True),
    "conversation:post_on_test": ("POST", lambda r, link, test: {"pk": test.pk}, True),
    "conversation:post_on_plan": ("POST", lambda r, link, test: {"pk": r.plans.get().pk}, True),
    "plans:session_detail": ("GET", lambda r, link, test: {"pk": a_session(r)}, True),
    "conversation:post_on_session": ("POST", lambda r, link, test: {"pk": a_session(r)}, True),
    "conversation:edit": ("GET", lambda r, link, test: {"pk": coach_comment(r, test)}, True),
    "conversation:delete": ("POST", lambda r, link, test: {"pk": coach_comment(r, test)}, True),
    "runs:detail": ("GET", lambda r, link, test: {"pk": a_run(r).pk}, True),
    "runs:delete": ("GET", lambda r, link, test: {"pk": a_run(r).pk}, False),
    "runs:runner_list": ("GET", lambda r, link, test: {"runner_id": r.pk}, True),
    # The import's page: the runner's own, not her coach's (the runs it brought are shared).
    "runs:upload_detail": ("GET", lambda r, link, test: {"pk": an_upload(r).pk}, False),
    # A file kept aside as "not sure this is a run": the runner's to keep or drop alone.
    "runs:keep_doubtful": ("POST", lambda r, link, test: {"pk": a_doubtful_file(r).pk}, False),
    "runs:drop_doubtful": ("POST", lambda r, link, test: {"pk": a_doubtful_file(r).pk}, False),
}


def a_run(runner):
    run = runner.runs.first()
    return run or RunFactory(runner=runner)


def an_upload(runner):
    upload = runner.run_uploads.first()
    return upload or RunUpload.objects.create(runner=runner, file_name="a.fit", size=1)


def a_doubtful_file(runner):
    """A file of the runner's kept aside: at a run's speed, at a walk's cadence."""
    if file := UploadFile.objects.filter(upload__runner=runner, outcome="unsure").first():
        return file
    parsed = parse("generic.fit", generic_fit(speed_m_s=3.0, strides_per_min=55))
    return UploadFile.objects.create(
        upload=an_upload(runner), position=1, name="generic.fit", outcome="unsure",
        parsed=parsed.to_json(),
    )  # fmt: skip


def a_session(runner):
    """The id of a stretch session of the runner's plan."""
    plan = runner.plans.get()
    session = plan.sessions.first() or complete_session(plan, plan.starts_on)
    return session.pk


def coach_comment(runner, test):
    """The id of a comment by the runner's coach on `test` (the coach may change it)."""
    coach_id = CoachLink.objects.filter(runner=runner).values_list("coach_id", flat=True)[0]
    comment, _new = Comment.objects.get_or_create(
        runner=runner, coach_id=coach_id, by_coach=True, assessment=test, body="Well done."
    )
    return comment.pk


# Routes naming a coach's own exercise: (method, coach's kwargs). Only its author may use them;
# the runner whose plan has it and a stranger get 404 (tests below).
EXERCISE_ROUTES = {
    "plans:edit_exercise": "GET",
    "plans:delete_exercise": "POST",
}


def bobs_exercise(link):
    """Bob's own exercise, in Alice's plan (made once)."""
    from apps.plans.models import Stretch

    if made := Stretch.objects.filter(slug="bobs-couch-stretch").first():
        return made
    exercise = ExerciseFactory(owner=link.coach, slug="bobs-couch-stretch")
    add_to_plan(link.runner.plans.get(), exercise)
    return exercise


# Routes naming a coach's group of runners: (method, coach's kwargs). Only its coach may use
# them; the runners in it and another coach get 404 (tests below).
GROUP_ROUTES = {
    "dashboard:group": "GET",
    "dashboard:delete_group": "POST",
    "dashboard:group_all_seen": "POST",
    "dashboard:group_message": "GET",
}


def bobs_group(link):
    """Bob's group "Marathon squad", with Alice in it (made once)."""
    from apps.dashboard.models import RunnerGroup

    group, _new = RunnerGroup.objects.get_or_create(coach=link.coach, name="Marathon squad")
    group.links.add(link)
    return group


# Routes naming a coach's own template: (method, the object from the link). Only the
# coach who made it may use them; the runner and a stranger get 404 (tests below).
COACH_OWNED_ROUTES = {
    "plans:edit_template": ("GET", lambda link: bobs_template(link)),
    "plans:delete_template": ("POST", lambda link: bobs_template(link)),
    "dashboard:assign_template": ("GET", lambda link: bobs_template(link)),
}


def bobs_template(link):
    """Bob's plan template (made once)."""
    from apps.plans.models import PlanTemplate

    return PlanTemplate.objects.filter(coach=link.coach).first() or PlanTemplateFactory(
        coach=link.coach
    )


# Writes a coach must never make to a runner's data, and a stranger neither.
OBJECT_WRITES = {
    "assessments:edit": lambda test: {"pk": test.pk},
    "assessments:delete": lambda test: {"pk": test.pk},
}


def named_routes(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django's admin has its own staff login (tested in test_admin.py)
            prefix = f"{entry.namespace}:" if entry.namespace else namespace
            yield from named_routes(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_route_is_classified():
    unclassified = (
        set(named_routes())
        - PUBLIC
        - PUBLIC_POST_ONLY
        - LOGIN_REQUIRED
        - TOKEN_ROUTES
        - WEBHOOKS
        - set(OBJECT_ROUTES)
        - set(EXERCISE_ROUTES)
        - set(GROUP_ROUTES)
        - set(COACH_OWNED_ROUTES)
    )

    assert unclassified == set(), "classify these routes in the access matrix"


@pytest.fixture
def alices_test(runner):
    PlanFactory(runner=runner)
    return AssessmentFactory(runner=runner)


def sample_kwargs(name, runner, link, test=None):
    if name in OBJECT_ROUTES:
        return OBJECT_ROUTES[name][1](runner, link, test)
    if name in EXERCISE_ROUTES:
        return {"pk": bobs_exercise(link).pk}
    if name in GROUP_ROUTES:
        return {"pk": bobs_group(link).pk}
    if name in COACH_OWNED_ROUTES:
        return {"pk": COACH_OWNED_ROUTES[name][1](link).pk}
    if name == "accounts:accept_invite":
        return {"token": link.token}
    if name == "sitting:day":
        return {"day": "2026-01-05"}
    if name == "plans:stretch":
        return {"slug": "warrior-one"}
    if name == "accounts:password_reset_confirm":
        return {"uidb64": "MQ", "token": "set-password"}
    return {}


@pytest.mark.parametrize(
    "name",
    sorted(
        LOGIN_REQUIRED
        | set(OBJECT_ROUTES)
        | set(EXERCISE_ROUTES)
        | set(GROUP_ROUTES)
        | set(COACH_OWNED_ROUTES)
    ),
)
def test_anonymous_is_sent_to_login(client, runner, coach, alices_test, name):
    link = CoachLink.objects.get(runner=runner, coach=coach)
    url = reverse(name, kwargs=sample_kwargs(name, runner, link, alices_test))

    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, (name, method)
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_answer_anonymous(client, name):
    response = client.get(reverse(name, kwargs=sample_kwargs(name, None, None)))

    assert response.status_code == 200


def test_logout_answers_only_post(client):
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302


@pytest.mark.parametrize("name", sorted(OBJECT_ROUTES))
def test_strangers_get_404_on_every_object_route(runner, coach, alices_test, stranger_client, name):
    link = CoachLink.objects.get(runner=runner, coach=coach)
    method, kwargs, _coach_may = OBJECT_ROUTES[name]
    url = reverse(name, kwargs=kwargs(runner, link, alices_test))

    response = getattr(stranger_client, method.lower())(url)

    assert response.status_code == 404
    link.refresh_from_db()
    assert link.status == "active"


@pytest.mark.parametrize("name", sorted(EXERCISE_ROUTES))
def test_only_its_author_may_use_a_coachs_exercise(
    runner, coach, alices_test, runner_client, stranger_client, coach_client, name
):
    exercise = bobs_exercise(CoachLink.objects.get(runner=runner, coach=coach))
    url = reverse(name, kwargs={"pk": exercise.pk})
    method = EXERCISE_ROUTES[name].lower()

    for client in (runner_client, stranger_client):
        assert getattr(client, method)(url).status_code == 404
    exercise.refresh_from_db()
    assert exercise.archived_at is None
    if method == "get":
        assert coach_client.get(url).status_code == 200


@pytest.mark.parametrize("name", sorted(GROUP_ROUTES))
def test_only_its_coach_may_use_a_group(
    runner, coach, alices_test, runner_client, stranger_client, coach_client, name
):
    group = bobs_group(CoachLink.objects.get(runner=runner, coach=coach))
    url = reverse(name, kwargs={"pk": group.pk})
    method = GROUP_ROUTES[name].lower()

    for client in (runner_client, stranger_client):
        assert getattr(client, method)(url).status_code == 404
    assert group.links.count() == 1  # still there, and Alice in it
    expected = 200 if method == "get" else 302
    assert getattr(coach_client, method)(url).status_code == expected


@pytest.mark.parametrize("name", sorted(COACH_OWNED_ROUTES))
def test_only_the_coach_who_made_it_may_use_a_template(
    runner, coach, alices_test, runner_client, stranger_client, coach_client, name
):
    from apps.plans.models import PlanTemplate

    link = CoachLink.objects.get(runner=runner, coach=coach)
    method, made = COACH_OWNED_ROUTES[name]
    url = reverse(name, kwargs={"pk": made(link).pk})

    for client in (runner_client, stranger_client):
        if method == "GET":
            assert client.get(url).status_code == 404, name
        assert client.post(url, {"runner": runner.pk, "body": "Hello"}).status_code == 404, name
    assert PlanTemplate.objects.count() == 1
    assert runner.plans.count() == 1  # none made for her by the stranger
    if method == "GET":
        assert coach_client.get(url).status_code == 200


def test_a_coachs_exercise_page_is_seen_only_through_a_plan_that_has_it(
    client, runner, coach, alices_test, runner_client, coach_client, stranger_client
):
    link = CoachLink.objects.get(runner=runner, coach=coach)
    url = reverse("plans:stretch", kwargs={"slug": bobs_exercise(link).slug})

    assert runner_client.get(url).status_code == 200  # in her plan
    assert coach_client.get(url).status_code == 200  # his own
    assert stranger_client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_coachs_exercise_stays_his_after_the_link_ends(
    runner, coach, alices_test, runner_client, coach_client
):
    link = CoachLink.objects.get(runner=runner, coach=coach)
    exercise = bobs_exercise(link)
    link.status = CoachLink.Status.REVOKED
    link.save()

    for name, method in EXERCISE_ROUTES.items():
        if method == "GET":
            assert coach_client.get(reverse(name, kwargs={"pk": exercise.pk})).status_code == 200
    # Alice keeps her plan, and the exercise in it.
    assert runner_client.get(reverse("plans:stretch", args=[exercise.slug])).status_code == 200


@pytest.mark.parametrize(
    "name", sorted(n for n, route in OBJECT_ROUTES.items() if route[0] == "GET")
)
def test_linked_coach_gets_exactly_the_read_only_pages(
    runner, coach, alices_test, coach_client, name
):
    link = CoachLink.objects.get(runner=runner, coach=coach)
    _method, kwargs, coach_may = OBJECT_ROUTES[name]
    url = reverse(name, kwargs=kwargs(runner, link, alices_test))

    assert coach_client.get(url).status_code == (200 if coach_may else 404)


@pytest.mark.parametrize("name", sorted(OBJECT_WRITES))
def test_nobody_but_the_runner_can_change_her_test(
    alices_test, coach_client, stranger_client, name
):
    url = reverse(name, kwargs=OBJECT_WRITES[name](alices_test))
    data = {
        "taken_on": "2020-01-01",
        "instrument": "visual",
        "hip_angle_left": "1",
        "hip_angle_right": "1",
    }

    for client in (coach_client, stranger_client):
        assert client.post(url, data).status_code == 404

    alices_test.refresh_from_db()
    assert (alices_test.hip_angle_left, alices_test.instrument) == (8, "phone")


def test_nobody_but_the_runner_can_delete_her_run(runner, coach_client, stranger_client):
    run = a_run(runner)
    for client in (coach_client, stranger_client):
        assert client.post(reverse("runs:delete", args=[run.pk])).status_code == 404
    assert Run.objects.filter(pk=run.pk).exists()


def test_a_revoked_coach_loses_every_page(runner, coach, alices_test, coach_client):
    CoachLink.objects.filter(runner=runner, coach=coach).update(status="revoked")

    for name, (method, kwargs, _coach_may) in OBJECT_ROUTES.items():
        if method == "GET":
            url = reverse(name, kwargs=kwargs(runner, None, alices_test))
            assert coach_client.get(url).status_code == 404, name


def every_route_url(runner, link, test):
    """(name, url) for every named route, with sample arguments."""
    for name in sorted(set(named_routes())):
        if name in TOKEN_ROUTES | WEBHOOKS:
            continue
        yield name, reverse(name, kwargs=sample_kwargs(name, runner, link, test))


def test_every_post_requires_a_csrf_token(runner, coach, alices_test):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(runner)
    link = CoachLink.objects.get(runner=runner, coach=coach)
    refused = {}
    for name, url in every_route_url(runner, link, alices_test):
        refused[name] = client.post(url, {"anything": "1"}).status_code

    assert {name: status for name, status in refused.items() if status != 403} == {}


def test_every_html_page_carries_the_strict_csp_and_security_headers(
    runner, coach, alices_test, runner_client
):
    link = CoachLink.objects.get(runner=runner, coach=coach)
    checked = 0
    for name, url in every_route_url(runner, link, alices_test):
        response = runner_client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        checked += 1
        csp = response.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp, name
        assert "unsafe-inline" not in csp, name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        if response.status_code == 200:
            assert response["X-Frame-Options"] == "DENY", name
    assert checked >= 30


# Responses that choose their own Cache-Control, each with why (the rest: private, no-store).
OWN_CACHING = {
    # The same script for everybody, without anybody's data: revalidated on every visit.
    "service_worker": "no-cache",
}


def cache_directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("client_name", ["runner_client", "coach_client"])
def test_every_response_to_a_signed_in_person_is_private_and_not_stored(
    runner, coach, alices_test, client_name, request
):
    client = request.getfixturevalue(client_name)
    link = CoachLink.objects.get(runner=runner, coach=coach)
    kept = {}
    for name, url in every_route_url(runner, link, alices_test):
        directives = cache_directives(client.get(url))
        if name in OWN_CACHING:
            assert directives == {OWN_CACHING[name]}, name
        elif not {"private", "no-store"} <= directives:
            kept[name] = directives

    assert kept == {}


def test_an_htmx_fragment_and_an_export_are_kept_by_no_cache(runner_client, alices_test):
    fragment = runner_client.get(reverse("sitting:week"), headers={"HX-Request": "true"})
    export = runner_client.get(reverse("portability:export_json"))

    assert cache_directives(fragment) == {"private", "no-store"}
    assert cache_directives(export) == {"private", "no-store"}
    assert export["Content-Type"].startswith("application/json")


def test_public_pages_for_a_visitor_and_the_calendar_feed_keep_their_caching(
    client_class, runner_client
):
    visitor = client_class()
    for name in ("dashboard:home", "plans:catalogue", "accounts:signup", "manifest", "offline"):
        response = visitor.get(reverse(name, kwargs=sample_kwargs(name, None, None)))
        assert "Cache-Control" not in response, name
    runner_client.post(reverse("plans:calendar"), {"action": "create"})
    feed = reverse("plans:calendar_feed", args=[CalendarFeed.objects.get().token])
    # A calendar app polls it with its token, not a login: a private cache may keep it a while.
    assert visitor.get(feed)["Cache-Control"] == "private, max-age=900"
    assert runner_client.get(feed)["Cache-Control"] == "private, max-age=900"
