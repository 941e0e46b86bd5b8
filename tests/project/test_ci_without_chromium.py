"""Under CI the browser tests are never skipped: a run that reaches them without Chromium stops
before any xdist worker starts, with one line saying what to install."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_run(*args, chromium):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env={**env, "CI": "true", "CHROMIUM_PATH": str(chromium)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_run_with_browser_tests_stops_at_once_with_one_line(tmp_path):
    missing = tmp_path / "chromium"

    result = pytest_run("-n", "2", "tests/e2e", chromium=missing)

    output = result.stdout + result.stderr
    assert "INTERNALERROR" not in output
    assert [line for line in output.splitlines() if line.strip()] == [
        f"ERROR: CI: browser tests must run but {missing} is missing (apt-get install -y chromium)."
    ]
    assert result.returncode == pytest.ExitCode.USAGE_ERROR


def test_a_run_without_browser_tests_goes_on(tmp_path):
    result = pytest_run(
        "--collect-only", "-q", "tests/project/test_healthz.py", chromium=tmp_path / "chromium"
    )

    assert result.returncode == 0, result.stdout + result.stderr
