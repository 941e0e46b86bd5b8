# The roster reads each runner's active plan and its revisions through the plans' own queryset
# (Plan.schedule, PlanRevision.revision: one way to build a schedule), so the view keeps only
# what it is for: the latest two tests and the red flags. A view cannot drop columns in place:
# it is dropped and created again.

import importlib

from django.db import migrations

previous = importlib.import_module("apps.dashboard.migrations.0003_red_flag_holds")
PAIN, TEST_COLUMNS, PREVIOUS = previous.PAIN, previous.TEST_COLUMNS, previous.CREATE

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
    ) AS pauses
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
"""

DROP = "DROP VIEW dashboard_runner_facts"


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0003_red_flag_holds")]

    operations = [
        migrations.RunSQL([DROP, CREATE], [DROP, PREVIOUS]),
        *(
            migrations.RemoveField("runnerfacts", name)
            for name in (
                "plan_starts_on",
                "plan_weeks",
                "plan_sessions_per_week",
                "plan_maintenance_from_week",
                "plan_maintenance_sessions_per_week",
                "plan_revisions",
            )
        ),
    ]
