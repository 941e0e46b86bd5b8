# The roster's view reads the red flags open now (apps/assessments RedFlag) instead of the latest
# check's answers, the days they paused the plan lately, and the instrument of the latest two
# tests (each instrument has its own measurement error). A view cannot change its columns in
# place: it is dropped and created again.

import importlib

import django.contrib.postgres.fields
from django.db import migrations, models

PAIN = importlib.import_module("apps.dashboard.migrations.0002_alerts").PAIN

# The columns of a test the view reads, named: "a.*" would tie the view to every column of the
# table, and no later migration could drop or change one.
TEST_COLUMNS = (
    "a.id, a.taken_on, a.instrument, a.hip_angle_left, a.hip_angle_right, a.pain_low_back, "
    "a.pain_hip, a.pain_groin, a.pain_glute, a.pain_hamstring"
)

# Going back, 0002's view, with the columns it read named for the same reason.
PREVIOUS = importlib.import_module("apps.dashboard.migrations.0002_alerts").CREATE.replace(
    "SELECT a.* FROM", f"SELECT {TEST_COLUMNS} FROM"
)

# Red flags cleared this long ago or more no longer touch a week the roster shows (three).
CREATE = f"""
CREATE VIEW dashboard_runner_facts AS
SELECT
    u.id AS runner_id,
    t.id AS test_id,
    t.taken_on AS test_taken_on,
    t.instrument AS test_instrument,
    t.hip_angle_left,
    t.hip_angle_right,
    CASE WHEN t.id IS NULL THEN NULL ELSE {PAIN.format(t="t")} END AS pain,
    p2.id AS previous_test_id,
    p2.taken_on AS previous_taken_on,
    p2.instrument AS previous_instrument,
    p2.hip_angle_left AS previous_hip_angle_left,
    p2.hip_angle_right AS previous_hip_angle_right,
    CASE WHEN p2.id IS NULL THEN NULL ELSE {PAIN.format(t="p2")} END AS previous_pain,
    c.flags,
    c.id AS red_flag_id,
    c.test_id AS red_flag_test_id,
    (
        SELECT jsonb_agg(jsonb_build_array(f.raised_at, f.cleared_at))
        FROM assessments_redflag f
        WHERE f.runner_id = u.id
          AND (f.cleared_at IS NULL OR f.cleared_at > now() - interval '5 weeks')
    ) AS pauses,
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
    SELECT {TEST_COLUMNS} FROM assessments_assessment a
    WHERE a.runner_id = u.id
    ORDER BY a.taken_on DESC
    LIMIT 1
) t ON true
LEFT JOIN LATERAL (
    SELECT {TEST_COLUMNS} FROM assessments_assessment a
    WHERE a.runner_id = u.id
    ORDER BY a.taken_on DESC
    LIMIT 1 OFFSET 1
) p2 ON true
-- The flags open now, in the order they were raised; the newest names the alert's trigger.
LEFT JOIN LATERAL (
    SELECT array_agg(f.key ORDER BY f.raised_at, f.id) AS flags,
           max(f.id) AS id,
           (array_agg(f.test_id ORDER BY f.raised_at DESC, f.id DESC))[1] AS test_id
    FROM assessments_redflag f
    WHERE f.runner_id = u.id AND f.cleared_at IS NULL
) c ON true
-- At most one: the plans_one_active_plan_per_runner constraint.
LEFT JOIN plans_plan p ON p.runner_id = u.id AND p.status = 'active'
"""

DROP = "DROP VIEW dashboard_runner_facts"


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0002_alerts"),
        ("assessments", "0005_red_flag_holds"),
    ]

    operations = [
        migrations.RunSQL([DROP, CREATE], [DROP, PREVIOUS]),
        migrations.RemoveField("runnerfacts", "red_flag_check_id"),
        *(
            migrations.AddField("runnerfacts", name, field)
            for name, field in [
                ("red_flag_id", models.BigIntegerField(null=True)),
                ("pauses", models.JSONField(null=True)),
                ("test_instrument", models.CharField(max_length=12, null=True)),
                ("previous_instrument", models.CharField(max_length=12, null=True)),
            ]
        ),
    ]
