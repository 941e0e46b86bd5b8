"""The phone's tab bar and its More page, and the public landing page for visitors."""

import re

import pytest

pytestmark = pytest.mark.django_db


def tabs(page):
    bar = page[page.index('<nav class="tab-bar"') :]
    bar = bar[: bar.index("</nav>")]
    return re.findall(r'<a href="([^"]+)" class="tab tab-(\w+)"( aria-current="page")?', bar)


def test_the_tab_bar_holds_five_places_and_marks_the_current_one(runner_client):
    home = tabs(runner_client.get("/").text)
    on_a_test = tabs(runner_client.get("/tests/new/").text)

    assert [(url, name) for url, name, _ in home] == [
        ("/", "home"),
        ("/tests/", "tests"),
        ("/plan/", "plan"),
        ("/sitting/", "sitting"),
        ("/menu/", "more"),
    ]
    assert [name for _, name, current in home if current] == ["home"]
    assert [name for _, name, current in on_a_test if current] == ["tests"]


def test_more_lists_every_other_place_and_logs_out(runner_client, coach_client):
    page = runner_client.get("/menu/").text
    coach_page = coach_client.get("/menu/").text

    for url in ("/tests/new/", "/insights/", "/stretches/", "/plan/calendar/", "/account/"):
        assert f'href="{url}"' in page, url
    assert 'action="/logout/"' in page
    assert 'aria-current="page">' in page  # More is the current tab
    assert 'href="/coach/"' not in page  # Alice coaches nobody
    assert 'href="/coach/"' in coach_page


def test_a_visitor_gets_the_landing_page_with_a_real_chart(client):
    page = client.get("/").text

    assert "tab-bar" not in page
    assert 'role="button" href="/signup/"' in page
    assert "markers-imbalance" in page  # the chart the runners' tests page draws
    assert "not real data" in page  # the example says so
    assert "Your week" in page


def test_the_landing_page_says_how_often_a_plan_stretches(client):
    page = " ".join(client.get("/").text.split())  # the template wraps its lines

    assert (
        "<strong>Stretch, 6 days a week at first.</strong> A plan from your results: 6 sessions a "
        "week for 6 weeks, then 3 a week to keep the length (3 a week from the start when your "
        "test shows no tightness), the tighter side with an extra set." in page
    )
    assert "a few times a week" not in page


def test_a_logged_in_runner_still_lands_on_the_dashboard(runner_client):
    page = runner_client.get("/").text

    assert "Sign up free" not in page
    assert "tab-bar" in page


def test_the_more_tab_says_where_it_goes_and_every_page_describes_itself(
    runner_client, client_class
):
    """Lighthouse's SEO audits: a link named "More" alone says nothing out of context, and a
    page without a meta description is described by whatever a search engine picks."""
    home = runner_client.get("/").text
    more = re.search(r'<a href="/menu/" class="tab tab-more"[^>]*>(.*?)</a>', home).group(1)
    assert re.sub(r"<[^>]+>", "", more) == "More pages"
    for page in (home, client_class().get("/login/").text):
        description = re.search(r'<meta name="description" content="([^"]+)">', page)
        assert "hip-flexor test" in description.group(1)
