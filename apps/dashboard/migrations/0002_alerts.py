# The roster's view gains the test before the latest, both tests' pain scores and the latest
# red-flag check's ids (for the coach's alerts, apps/dashboard/alerts.py), and a coach can mark an
# alert seen. A view cannot gain columns in place: it is dropped and created again.

import django.contrib.postgres.fields  # noqa: F401
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import importlib

PREVIOUS = importlib.import_module("apps.dashboard.migrations.0001_runner_facts").CREATE

PAIN = """jsonb_build_object(
        'low_back', {t}.pain_low_back, 'hip', {t}.pain_hip, 'groin', {t}.pain_groin,
        'glute', {t}.pain_glute, 'hamstring', {t}.pain_hamstring)"""

CREATE = f"""
CREATE VIEW dashboard_runner_facts AS
SELECT
    u.id AS runner_id,
    t.id AS test_id,
    t.taken_on AS test_taken_on,
    t.hip_angle_left,
    t.hip_angle_right,
    CASE WHEN t.id IS NULL THEN NULL ELSE {PAIN.format(t="t")} END AS pain,
    p2.id AS previous_test_id,
    p2.taken_on AS previous_taken_on,
    p2.hip_angle_left AS previous_hip_angle_left,
    p2.hip_angle_right AS previous_hip_angle_right,
    CASE WHEN p2.id IS NULL THEN NULL ELSE {PAIN.format(t="p2")} END AS previous_pain,
    c.flags,
    c.id AS red_flag_check_id,
    c.assessment_id AS red_flag_test_id,
    p.starts_on AS plan_starts_on,
    p.weeks AS plan_weeks,
    p.sessions_per_week AS plan_sessions_per_week,
    p.maintenance_from_week AS plan_maintenance_from_week,
    p.maintenance_sessions_per_week AS plan_maintenance_sessions_per_week,
    (
        SELECT jsonb_agg(jsonb_build_object(
            'valid_until', r.valid_until,
            'starts_on', r.starts_on,
            'weeks', r.weeks,
            'sessions_per_week', r.sessions_per_week,
            'maintenance_from_week', r.maintenance_from_week,
            'maintenance_sessions_per_week', r.maintenance_sessions_per_week
        ))
        FROM plans_planrevision r
        WHERE r.plan_id = p.id
    ) AS plan_revisions
FROM accounts_user u
-- The latest two tests, each by one probe of the (runner, date) index.
LEFT JOIN LATERAL (
    SELECT a.* FROM assessments_assessment a
    WHERE a.runner_id = u.id
    ORDER BY a.taken_on DESC
    LIMIT 1
) t ON true
LEFT JOIN LATERAL (
    SELECT a.* FROM assessments_assessment a
    WHERE a.runner_id = u.id
    ORDER BY a.taken_on DESC
    LIMIT 1 OFFSET 1
) p2 ON true
LEFT JOIN LATERAL (
    SELECT c.id, c.flags, c.assessment_id FROM assessments_redflagcheck c
    WHERE c.runner_id = u.id
    ORDER BY c.answered_at DESC, c.id DESC
    LIMIT 1
) c ON true
-- At most one: the plans_one_active_plan_per_runner constraint.
LEFT JOIN plans_plan p ON p.runner_id = u.id AND p.status = 'active'
"""

DROP = "DROP VIEW dashboard_runner_facts"

class Migration(migrations.Migration):

    dependencies = [
        ('dashboard', '0001_runner_facts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL([DROP, CREATE], [DROP, PREVIOUS]),
        *(
            migrations.AddField("runnerfacts", name, field)
            for name, field in [
                ("pain", models.JSONField(null=True)),
                ("previous_test_id", models.BigIntegerField(null=True)),
                ("previous_taken_on", models.DateField(null=True)),
                ("previous_hip_angle_left", models.FloatField(null=True)),
                ("previous_hip_angle_right", models.FloatField(null=True)),
                ("previous_pain", models.JSONField(null=True)),
                ("red_flag_check_id", models.BigIntegerField(null=True)),
                ("red_flag_test_id", models.BigIntegerField(null=True)),
            ]
        ),
        migrations.CreateModel(
            name='SeenAlert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=60)),
                ('seen_at', models.DateTimeField(auto_now_add=True)),
                ('coach', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='seen_alerts', to=settings.AUTH_USER_MODEL)),
                ('runner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('coach', 'runner', 'key'), name='dashboard_alert_seen_once')],
            },
        ),
    ]
