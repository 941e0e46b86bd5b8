"""Two catalogue cautions 0002 seeded said the opposite of docs/domain.md ("The stretches"): the
table stretch is pulled too far when the lower back rounds (not arches), and a front knee past
the toes in Warrior I needs a longer stance (not a shorter one)."""

from django.db import migrations

CORRECTED = {
    "edge-of-table": {
        "cautions": (
            "If your lower back rounds off the table or your pelvis tips, you are pulling the "
            "knee in too far: ease the hold until your lower back rests flat again. Roll onto "
            "your side to get up."
        ),
    },
    "warrior-one": {
        "cautions": (
            "If the front knee drifts past the toes, step the front foot further forward; if "
            "the back heel lifts or your lower back arches, shorten the stance."
        ),
    },
}

AS_SEEDED = {
    "edge-of-table": {
        "cautions": (
            "If your lower back arches or your pelvis tips, hug the knee in a little less and ease "
            "the hold. Roll onto your side to get up."
        ),
    },
    "warrior-one": {
        "cautions": "Shorten the stance if the front knee drifts past the toes or the back arches.",
    },
}


def _update(apps, texts):
    Stretch = apps.get_model("plans", "Stretch")
    for slug, fields in texts.items():
        Stretch.objects.filter(slug=slug, is_catalogue=True).update(**fields)


def correct(apps, schema_editor):
    _update(apps, CORRECTED)


def restore(apps, schema_editor):
    _update(apps, AS_SEEDED)


class Migration(migrations.Migration):
    dependencies = [("plans", "0011_coach_exercises")]

    operations = [migrations.RunPython(correct, restore)]
