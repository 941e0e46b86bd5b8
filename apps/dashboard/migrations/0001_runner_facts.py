"""The roster's view of each runner (apps/dashboard/models.py). Changing a column it reads
(an assessment's hip angles, a plan's schedule, a revision, a red-flag check) needs the view
dropped and created again in that migration: PostgreSQL refuses to alter a column a view uses.
"""

from django.conf import settings
from django.db import migrations, models

import django.contrib.postgres.fields
import django.db.models.deletion

CREATE = """
CREATE VIEW dashboard_runner_facts AS
SELECT
    u.id AS runner_id,
    t.id AS test_id,
    t.taken_on AS test_taken_on,
    t.hip_angle_left,
    t.hip_angle_right,
    (
        SELECT c.flags FROM assessments_redflagcheck c
        WHERE c.runner_id = u.id
        ORDER BY c.answered_at DESC, c.id DESC
        LIMIT 1
    ) AS flags,
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
LEFT JOIN LATERAL (
    SELECT a.id, a.taken_on, a.hip_angle_left, a.hip_angle_right
    FROM assessments_assessment a
    WHERE a.runner_id = u.id
    ORDER BY a.taken_on DESC
    LIMIT 1
) t ON true
-- At most one: the plans_one_active_plan_per_runner constraint.
LEFT JOIN plans_plan p ON p.runner_id = u.id AND p.status = 'active'
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("assessments", "0004_tenderness_trials_red_flags"),
        ("accounts", "0003_request_count"),
        ("plans", "0008_plan_revisions"),
    ]

    operations = [
        migrations.RunSQL(CREATE, "DROP VIEW dashboard_runner_facts"),
        migrations.CreateModel(
            name='RunnerFacts',
            fields=[
                ('runner', models.OneToOneField(on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='+', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('test_id', models.BigIntegerField(null=True)),
                ('test_taken_on', models.DateField(null=True)),
                ('hip_angle_left', models.FloatField(null=True)),
                ('hip_angle_right', models.FloatField(null=True)),
                ('flags', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=20), null=True)),
                ('plan_starts_on', models.DateField(null=True)),
                ('plan_weeks', models.PositiveSmallIntegerField(null=True)),
                ('plan_sessions_per_week', models.PositiveSmallIntegerField(null=True)),
                ('plan_maintenance_from_week', models.PositiveSmallIntegerField(null=True)),
                ('plan_maintenance_sessions_per_week', models.PositiveSmallIntegerField(null=True)),
                ('plan_revisions', models.JSONField(null=True)),
            ],
            options={
                'db_table': 'dashboard_runner_facts',
                'managed': False,
            },
        ),
    ]
