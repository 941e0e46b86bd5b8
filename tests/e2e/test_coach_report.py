"""The coach's print of a runner with a year of history: Chromium lays it on two A4 pages at
most, as the page promises, and it speaks to the coach about the runner."""

import re

import pytest
from playwright.sync_api import expect

from tests.dashboard.year_of_history import year_of_history
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_accounts_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def pdf_pages(pdf: bytes) -> int:
    """The page objects of a PDF (not the /Pages tree that holds them)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_a_coachs_print_of_a_year_fits_two_a4_pages(live_server, page, runner, coach):
    year_of_history(runner, coach)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, coach.email)

    page.goto(f"{live_server.url}/coach/runners/{runner.pk}/")
    expect(page.get_by_role("heading", name="Alice", exact=True)).to_be_visible()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "report-coach-year.pdf").write_bytes(pdf)

    assert 1 <= pdf_pages(pdf) <= 2, pdf_pages(pdf)
