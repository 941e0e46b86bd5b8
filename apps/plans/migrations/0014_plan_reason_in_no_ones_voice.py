"""A generated plan's reason is read by the runner and by their coach: the sentences that spoke
to the runner ("Your latest test ...") now speak of the test, in plans already made too."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Replace

WORDING = [
    ("From your test of ", "From the test of "),
    ("Your latest test reports high pain", "The latest test reports high pain"),
    (
        "the maintenance dose only, to keep your result.",
        "the maintenance dose only, to keep the result.",
    ),
    ("your weekly test shows if you need more.", "the weekly test shows if more is needed."),
]


def reword(apps, schema_editor, pairs=WORDING):
    Plan = apps.get_model("plans", "Plan")
    for old, new in pairs:
        Plan.objects.filter(reason__contains=old).update(
            reason=Replace(F("reason"), Value(old), Value(new))
        )


def reword_back(apps, schema_editor):
    reword(apps, schema_editor, [(new, old) for old, new in WORDING])


class Migration(migrations.Migration):
    dependencies = [("plans", "0013_plan_item_stretch_changed_on")]

    operations = [migrations.RunPython(reword, reword_back)]
