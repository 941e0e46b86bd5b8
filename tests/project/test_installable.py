"""The installable app: manifest, service worker and the offline page it keeps."""

import json

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_and_icons_that_exist(client):
    response = client.get("/manifest.webmanifest")

    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def _list(script, name):
    body = script.split(f"const {name} = [", 1)[1].split("]", 1)[0]
    return [url.strip().strip('"') for url in body.split(",") if url.strip()]


def test_the_service_worker_keeps_the_offline_page_and_what_every_page_loads(client):
    response = client.get("/sw.js")

    script = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert 'const OFFLINE_URL = "/offline/";' in script
    assets = _list(script, "ASSETS")
    assert assets[0] == "OFFLINE_URL"
    for asset in assets[1:]:
        assert finders.find(asset.removeprefix("/static/")), asset
    assert {"/static/css/app.css", "/static/js/outbox.js", "/static/js/session.js"} <= set(assets)
    assert 'request.method !== "GET"' in script  # form posts are never answered from a cache


def test_the_service_worker_keeps_todays_pages_and_no_other_page(client):
    script = client.get("/sw.js").content.decode()

    assert _list(script, "PAGE_PATHS") == [
        "/",
        "/plan/",
        "/plan/session/",
        "/sitting/",
        "/tests/new/",
    ]
    assert _list(script, "PAGE_PREFIXES") == ["/stretches/"]
    # Kept for the day it was fetched only, and dropped when the person is signed out.
    assert "kept.headers.get(CACHED_ON) === today()" in script
    assert 'const LOGIN_URL = "/login/";' in script


def test_the_offline_page_is_the_same_for_everybody(client, runner_client):
    anonymous = client.get("/offline/").content
    alice = runner_client.get("/offline/").content

    assert anonymous == alice
    assert b"No connection" in alice
    assert b"Alice" not in alice
    assert b"csrfmiddlewaretoken" not in alice
