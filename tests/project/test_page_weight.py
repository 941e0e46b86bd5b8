"""The dashboard of the demo runner (a year of history), with every file it loads, stays under
40 KB gzipped: the page, its manifest, its CSS and JS, the icons they pull in. Gzip at level 9,
as WhiteNoise precompresses the static files in production."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from apps.accounts.models import User
from apps.dashboard.management.commands.seed_demo import DEMO_RUNNER

pytestmark = pytest.mark.django_db

TARGET_BYTES = 40 * 1024
STATIC_URL = "/static/"


def gzipped(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=9))


def static_file(url: str) -> Path:
    return Path(finders.find(url.removeprefix(STATIC_URL).split("?")[0]))


def css_files(css: Path, page: str) -> list[Path]:
    """The files a stylesheet loads for this page: a url(...) in a rule whose class is on the
    page (a browser fetches a mask or background only for an element that has it)."""
    text = re.sub(r"/\*.*?\*/", "", css.read_text(), flags=re.S)
    files = []
    for selector, declarations in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        classes = re.findall(r"\.([a-z][a-z0-9-]*)", selector)
        if not any(re.search(rf'class="[^"]*\b{name}\b', page) for name in classes):
            continue
        for url in re.findall(r'url\("?([^")#]+)"?\)', declarations):
            files.append((css.parent / url).resolve())
    return files


def dashboard_files(page: str) -> dict[str, int]:
    """Each file the dashboard loads, and its size gzipped. Not the apple-touch-icon: Safari
    fetches it only when the page is added to the home screen."""
    tags = re.findall(r"<(?:link|script|img)\b[^>]*>", page)
    urls = [
        re.search(r'(?:href|src)="(/static/[^"]+)"', tag).group(1)
        for tag in tags
        if "/static/" in tag and "apple-touch-icon" not in tag
    ]
    files = {}
    for url in urls:
        path = static_file(url)
        files[url] = gzipped(path.read_bytes())
        if path.suffix == ".css":
            for loaded in css_files(path, page):
                files[str(loaded)] = gzipped(loaded.read_bytes())
    return files


@pytest.fixture
def demo_runner_client(client, settings, tmp_path):
    settings.DEBUG = True
    call_command("seed_demo", credentials_file=str(tmp_path / "demo.json"))
    client.force_login(User.objects.get(email=DEMO_RUNNER))
    return client


def test_the_dashboard_with_its_assets_is_under_40_kb_gzipped(demo_runner_client):
    page = demo_runner_client.get("/").content
    manifest = demo_runner_client.get("/manifest.webmanifest").content
    files = dashboard_files(page.decode())

    total = gzipped(page) + gzipped(manifest) + sum(files.values())

    assert any(url.endswith("pico.min.css") for url in files)  # the stylesheets are counted
    assert any(url.endswith("house.svg") for url in files)  # and the tab bar's icons
    shown = ", ".join(f"{Path(url).name} {size / 1024:.2f}" for url, size in files.items())
    print(f"dashboard {total / 1024:.1f} KB gzipped: page {gzipped(page) / 1024:.2f}, {shown}")
    assert total < TARGET_BYTES, f"{total / 1024:.1f} KB: page {gzipped(page) / 1024:.2f}, {shown}"
