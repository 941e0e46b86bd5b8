"""The installable app in a browser: the service worker shows the offline page with no network,
and keeps nothing but that page and its CSS, even after a runner's private pages."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts_journey import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CACHED_URLS = """async () => {
  const urls = [];
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
  }
  return urls.sort();
}"""


def test_with_no_network_the_offline_page_shows_and_nothing_private_is_kept(
    live_server, page, context, csp_violations
):
    UserFactory(email="alice@example.com", display_name="Alice")
    log_in(page, live_server.url, "alice@example.com")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(f"{live_server.url}/tests/")
    page.goto(f"{live_server.url}/sitting/")

    context.set_offline(True)
    page.goto(f"{live_server.url}/plan/")

    expect(page.get_by_role("heading", name="No connection")).to_be_visible()
    assert page.evaluate(CACHED_URLS) == [
        "/offline/",
        *sorted(page.evaluate("[...document.styleSheets].map(s => new URL(s.href).pathname)")),
    ]
    context.set_offline(False)
    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("heading", name="Hello, Alice")).to_be_visible()
    assert csp_violations == []
