import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["accounts:login", "accounts:signup", "accounts:password_reset"]
LOGGED_IN_PAGES = ["dashboard:home", "accounts:profile", "accounts:my_coaches", "dashboard:roster"]


def assert_strict_page(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    # No inline script or style: every <script> has a src, no style attribute or element.
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []
    assert " style=" not in html
    assert "<style" not in html
    assert "//" not in re.sub(r"https?://testserver|http://www.w3.org", "", _asset_urls(html))


def _asset_urls(html):
    return " ".join(re.findall(r'(?:src|href)="([^"]+)"', html))


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_pages_carry_the_strict_headers(client, name):
    assert_strict_page(client.get(reverse(name)))


@pytest.mark.parametrize("name", LOGGED_IN_PAGES)
def test_logged_in_pages_carry_the_strict_headers(coach_client, name):
    assert_strict_page(coach_client.get(reverse(name)))


def test_every_post_requires_a_csrf_token(runner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(runner)

    assert client.post(reverse("accounts:invite_coach")).status_code == 403
    assert client.post(reverse("accounts:logout")).status_code == 403
