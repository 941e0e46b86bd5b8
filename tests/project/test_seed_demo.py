import json

import pytest
from django.core.management import call_command

from apps.accounts.models import CoachLink, User
from apps.assessments import verdicts
from apps.dashboard.management.commands.seed_demo import DEMO_COACH, DEMO_RUNNER


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_links_the_two(tmp_path, settings, capsys):
    settings.DEBUG = True
    credentials = tmp_path / "demo.json"

    call_command("seed_demo", credentials_file=str(credentials))
    call_command("seed_demo", credentials_file=str(credentials))

    assert User.objects.filter(email__in=[DEMO_RUNNER, DEMO_COACH]).count() == 2
    link = CoachLink.objects.get()
    assert (link.runner.email, link.coach.email, link.status) == (DEMO_RUNNER, DEMO_COACH, "active")
    assert (link.runner.profile.role, link.coach.profile.role) == ("runner", "coach")
    passwords = json.loads(credentials.read_text())
    assert User.objects.get(email=DEMO_RUNNER).check_password(passwords[DEMO_RUNNER])
    assert passwords[DEMO_RUNNER] in capsys.readouterr().out
    runner = User.objects.get(email=DEMO_RUNNER)
    tests = list(runner.assessments.order_by("taken_on"))
    assert len(tests) == 52
    # A left side tighter at first, improving.
    assert tests[0].hip_angle_left - tests[0].hip_angle_right >= 5
    assert tests[-1].hip_angle_left < tests[0].hip_angle_left - 10
    # The story a physiotherapist would sign: about level some weeks, the knee described.
    summaries = [verdicts.summary_of(test) for test in tests]
    hip_kinds = {leg.psoas.kind for summary in summaries for leg in summary.legs}
    knee_kinds = {leg.rectus_femoris.kind for summary in summaries for leg in summary.legs}
    assert {"tight", "level", "good"} <= hip_kinds
    assert "shorter" not in knee_kinds  # never "tight rectus femoris" for these knees
    assert runner.red_flag_checks.get().flags == []  # asked at the first test: none applies
    plan = runner.plans.get(status="active")
    assert plan.author.email == DEMO_COACH
    assert plan.sessions.filter(finished_at__isnull=False).count() >= 10


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production(settings, tmp_path):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", credentials_file=str(tmp_path / "demo.json"))
    assert not User.objects.exists()
