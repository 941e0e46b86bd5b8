"""Whatever a path holds, no route answers 500: every route of the URLconf, with hostile values
in each of its parameters, for an anonymous visitor and for a signed-in runner."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

HOSTILE = {
    "str": ["%00", "a%00b", "%2e%2e%2f", "x" * 600, "%C3%28"],
    "slug": ["a" * 600],
    "int": ["9" * 30, "0"],  # beyond a 64-bit id, and no row
    "token": ["%00", "a" * 600],
}
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def routes(resolver=None, prefix=""):
    """(name, route string) of every route outside the admin, with its prefix."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            yield from routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry.name, prefix + str(entry.pattern)


def hostile_paths():
    """Each route once per hostile value of each parameter (the others a plain 1)."""
    for name, route in routes():
        for match in PARAMETER.finditer(route):
            for value in HOSTILE.get(match.group("converter") or "str", []):

                def fill(parameter, target=match, value=value):
                    return value if parameter.start() == target.start() else "1"

                path = "/" + PARAMETER.sub(fill, route)
                yield pytest.param(path, id=f"{name}:{match.group('name')}={value[:8]}")


@pytest.mark.parametrize("path", list(hostile_paths()))
def test_no_route_fails_on_a_hostile_parameter(path, client, runner_client):
    for visitor in (client, runner_client):
        for method in (visitor.get, visitor.post):
            response = method(path)
            assert response.status_code < 500, (path, method.__name__, response.status_code)
