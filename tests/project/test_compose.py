"""docker-compose.yml: checked for what production needs (no Docker engine runs here)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_database_is_postgres_18_with_a_named_volume_and_a_health_check():
    db = compose()["services"]["db"]

    assert db["image"].startswith("postgres:18")
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose()["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_web_waits_for_a_healthy_database_migrates_and_serves_on_8000():
    web = compose()["services"]["web"]

    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert "127.0.0.1:8000:8000" in web["ports"]
    command = " ".join(web["command"]) if isinstance(web["command"], list) else web["command"]
    assert "migrate" in command
    assert "gunicorn" in command
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")


def test_web_prints_the_deploy_checks_on_start_and_passes_their_silencing_on():
    web = compose()["services"]["web"]

    assert web["command"].index("check --deploy") < web["command"].index("exec gunicorn")
    assert "SILENCED_SYSTEM_CHECKS" in web["environment"]


def test_dockerfile_collects_static_files_at_build():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "collectstatic" in dockerfile
    assert "constraints.txt" in dockerfile


def test_a_worker_reads_the_task_queue_on_the_same_database_after_the_migrations():
    services = compose()["services"]
    worker = services["worker"]

    assert worker["command"] == ["python", "manage.py", "runs_worker"]
    assert worker["environment"] == services["web"]["environment"]
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"
    assert worker["restart"] == "unless-stopped"
