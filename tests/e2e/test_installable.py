"""The installable app in a browser: the service worker keeps today's pages once opened (and the
static files they load) and shows the offline page for any other; the runner's kept pages are
shown on the day they were opened only, and go at log-out."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import go_to
from tests.e2e.test_accounts_journey import log_in
from tests.e2e.test_offline_journey import until_the_worker_answers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

KEPT_PAGES = """async () => {
  const cache = await caches.open("psoas-pages");
  return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
}"""
# The kept copy of a page, made as if it had been opened yesterday.
OPENED_YESTERDAY = """async (path) => {
  const cache = await caches.open("psoas-pages");
  const kept = await cache.match(new URL(path, location.href).href);
  const headers = new Headers(kept.headers);
  const day = new Date(Date.now() - 86400000);
  const pad = (n) => String(n).padStart(2, "0");
  const iso = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  headers.set("X-Psoas-Cached-On", iso);
  await cache.put(new URL(path, location.href).href, new Response(await kept.blob(), {headers}));
}"""
WHAT_IS_KEPT = """async () => ({
  pages: await caches.has("psoas-pages"),
  outbox: (await indexedDB.databases()).some((db) => db.name === "psoas-outbox"),
})"""


def test_todays_pages_work_offline_and_nothing_else_of_hers_is_kept(
    live_server, page, context, csp_violations
):
    UserFactory(email="alice@example.com", display_name="Alice")
    log_in(page, live_server.url, "alice@example.com")
    until_the_worker_answers(page)
    page.goto(f"{live_server.url}/tests/")
    sitting = page.goto(f"{live_server.url}/sitting/")
    # The HTTP cache keeps no health page: only the worker's own store does, hers alone.
    assert sitting.headers["cache-control"] == "private, no-store"

    context.set_offline(True)
    page.goto(f"{live_server.url}/sitting/")
    expect(page.get_by_role("heading", name="Sitting and daily log")).to_be_visible()
    page.goto(f"{live_server.url}/tests/")  # the history is not one of today's pages
    expect(page.get_by_role("heading", name="No connection")).to_be_visible()
    page.goto(f"{live_server.url}/plan/")  # not opened today
    expect(page.get_by_role("heading", name="No connection")).to_be_visible()
    assert page.evaluate(KEPT_PAGES) == ["/", "/sitting/"]
    page.evaluate(OPENED_YESTERDAY, "/sitting/")
    page.goto(f"{live_server.url}/sitting/")  # yesterday's copy would log today on yesterday
    expect(page.get_by_role("heading", name="No connection")).to_be_visible()

    context.set_offline(False)
    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("heading", name="Hello, Alice")).to_be_visible()
    page.evaluate("indexedDB.open('psoas-outbox', 1)")
    go_to(page, "Log out")
    expect(page.get_by_role("heading", name=re.compile("Log in"))).to_be_visible()
    assert page.evaluate(WHAT_IS_KEPT) == {"pages": False, "outbox": False}
    assert csp_violations == []


def test_a_server_that_does_not_answer_shows_todays_copy(live_server, page, monkeypatch):
    """The database down (503) is no signal either: today's copy of the page shows."""
    from django.db import OperationalError

    UserFactory(email="alice@example.com", display_name="Alice")
    log_in(page, live_server.url, "alice@example.com")
    until_the_worker_answers(page)
    page.goto(f"{live_server.url}/sitting/")

    def database_down(*args, **kwargs):
        raise OperationalError("the database does not answer")

    monkeypatch.setattr("apps.sitting.views._week", database_down)
    page.reload()
    expect(page.get_by_role("heading", name="Sitting and daily log")).to_be_visible()
    response = page.request.get(f"{live_server.url}/sitting/")  # not through the worker
    assert response.status == 503
