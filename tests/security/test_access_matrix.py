"""Walks the URLconf so that no route escapes the access rules.

Every route is listed below as public, login-only, or object-scoped; a new route that is not listed
fails the first test, so whoever adds it must decide who may see it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.models import CoachLink

pytestmark = pytest.mark.django_db

PUBLIC = {
    "accounts:signup",
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "healthz",
}
# Logging out needs no login and answers only POST.
PUBLIC_POST_ONLY = {"accounts:logout"}
# POST-only routes answer 405 to a GET, after the login check.
LOGIN_REQUIRED = {
    "dashboard:home",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:profile",
    "accounts:delete_account",
    "accounts:my_coaches",
    "accounts:invite_coach",
    "accounts:roster",
    "accounts:invite_runner",
    "accounts:accept_invite",
}
# Routes naming a runner's object: (kwargs builder, read-only for the linked coach?)
OBJECT_ROUTES = {
    "accounts:runner_overview": ("GET", lambda runner, link: {"runner_id": runner.pk}),
    "accounts:end_link": ("POST", lambda runner, link: {"pk": link.pk}),
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
        set(named_routes()) - PUBLIC - PUBLIC_POST_ONLY - LOGIN_REQUIRED - set(OBJECT_ROUTES)
    )

    assert unclassified == set(), "classify these routes in the access matrix"


def sample_kwargs(name, runner, link):
    if name in OBJECT_ROUTES:
        return OBJECT_ROUTES[name][1](runner, link)
    if name == "accounts:accept_invite":
        return {"token": link.token}
    if name == "accounts:password_reset_confirm":
        return {"uidb64": "MQ", "token": "set-password"}
    return {}


@pytest.mark.parametrize("name", sorted(LOGIN_REQUIRED | set(OBJECT_ROUTES)))
def test_anonymous_is_sent_to_login(client, runner, coach, name):
    link = CoachLink.objects.get(runner=runner, coach=coach)
    url = reverse(name, kwargs=sample_kwargs(name, runner, link))

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
def test_strangers_get_404_on_every_object_route(runner, coach, stranger_client, name):
    link = CoachLink.objects.get(runner=runner, coach=coach)
    method, kwargs = OBJECT_ROUTES[name]
    url = reverse(name, kwargs=kwargs(runner, link))

    response = getattr(stranger_client, method.lower())(url)

    assert response.status_code == 404
    link.refresh_from_db()
    assert link.status == "active"


def test_linked_coach_reads_the_runner_overview(runner, coach_client):
    url = reverse("accounts:runner_overview", kwargs={"runner_id": runner.pk})

    assert coach_client.get(url).status_code == 200
