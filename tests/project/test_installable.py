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


def test_the_service_worker_caches_only_the_offline_page_and_its_css(client):
    response = client.get("/sw.js")

    script = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert 'const OFFLINE_URL = "/offline/";' in script
    assets = script.split("const ASSETS = [", 1)[1].split("]", 1)[0]
    assert [url.strip().strip('"') for url in assets.split(",")] == [
        "OFFLINE_URL",
        "/static/vendor/pico/pico.min.css",
        "/static/css/app.css",
    ]
    assert 'request.method !== "GET"' in script  # form posts are never answered from a cache


def test_the_offline_page_is_the_same_for_everybody(client, runner_client):
    anonymous = client.get("/offline/").content
    alice = runner_client.get("/offline/").content

    assert anonymous == alice
    assert b"No connection" in alice
    assert b"Alice" not in alice
    assert b"csrfmiddlewaretoken" not in alice
