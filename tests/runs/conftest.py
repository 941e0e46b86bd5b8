import re

import pytest
from cryptography.fernet import Fernet

from tests.runs.fake_strava import CLIENT_ID, CLIENT_SECRET, FakeStrava

VERIFY_TOKEN = "verify-me"


@pytest.fixture
def fake_strava(httpserver, settings):
    """The fake Strava on loopback, and the settings that point the app at it."""
    fake = FakeStrava()
    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(fake.handle)
    settings.STRAVA_BASE_URL = httpserver.url_for("/").rstrip("/")
    settings.STRAVA_CLIENT_ID = CLIENT_ID
    settings.STRAVA_CLIENT_SECRET = CLIENT_SECRET
    settings.STRAVA_VERIFY_TOKEN = VERIFY_TOKEN
    settings.STRAVA_PUBLIC_URL = "https://psoas.example.org"
    settings.STRAVA_TOKEN_KEY = Fernet.generate_key().decode()
    return fake
