import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x9!" * 20 + "production-like-key-for-the-check-only",
    "ALLOWED_HOSTS": "psoas.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://psoas.example.com",
    # check --deploy does not connect; the URL only has to be well formed.
    "DATABASE_URL": "postgres://psoas:unused@db.invalid:5432/psoas",
}


def run_manage(*args, env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_a_trusted_proxy_count_meets_gunicorn_on_every_interface():
    env = {**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "1", "GUNICORN_BIND": "0.0.0.0:8000"}

    result = run_manage("check", "--deploy", "--fail-level", "ERROR", env=env)

    assert result.returncode == 0, result.stdout + result.stderr  # a warning, not a refusal
    assert "accounts.W001" in result.stderr
    assert "gunicorn listens on 0.0.0.0:8000 and TRUSTED_PROXY_COUNT is 1" in result.stderr
    assert "HINT: Let only the proxy reach gunicorn" in result.stderr


@pytest.mark.parametrize(
    "extra",
    [
        {"GUNICORN_BIND": "127.0.0.1:8000"},
        {"GUNICORN_BIND": "10.0.3.7:8000"},
        {"SILENCED_SYSTEM_CHECKS": "accounts.W001"},
    ],
)
def test_check_deploy_is_quiet_when_only_the_proxy_can_reach_gunicorn(extra):
    env = {**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "1", **extra}

    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "accounts.W001" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("bind", "reachable"),
    [
        ("0.0.0.0:8000", True),
        ("[::]:8000", True),
        (":8000", True),
        ("93.184.215.14:8000", True),
        ("psoas.example.com:8000", True),
        ("127.0.0.1:8000", False),
        ("localhost:8000", False),
        ("[::1]:8000", False),
        ("192.168.1.20:8000", False),
        ("[fd00::5]:8000", False),
        ("unix:/run/gunicorn.sock", False),
    ],
)
def test_which_binds_reach_beyond_the_host(bind, reachable):
    from apps.accounts.checks import reachable_beyond_the_host

    assert reachable_beyond_the_host(bind) is reachable


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_gunicorn_trusts_no_forwarded_header_and_caps_request_heads():
    """Only Django decides whether a request came over HTTPS (SECURE_PROXY_SSL_HEADER)."""
    from gunicorn.config import Config

    config = Config()
    namespace = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)
    for name in ("forwarded_allow_ips", "secure_scheme_headers", "limit_request_line"):
        config.set(name, namespace[name])

    assert config.forwarded_allow_ips == []
    assert config.secure_scheme_headers == {}
    assert config.limit_request_line <= 4094
    assert "gunicorn.conf.py" in (ROOT / "Dockerfile").read_text()


@pytest.mark.django_db
def test_the_csrf_cookie_is_out_of_scripts_reach(client):
    response = client.get("/login/")

    assert response.cookies["csrftoken"]["httponly"] is True
