"""The catalogue starts with the three stretches of docs/domain.md, in our own words."""

from django.db import migrations

STRETCHES = [
    {
        "slug": "edge-of-table",
        "order": 1,
        "name": "Edge-of-table hip-flexor stretch",
        "summary": "The Thomas position: one knee hugged, the other leg hanging free.",
        "instructions": (
            "Sit on the very end of a sturdy table or bench with half of your thighs off the edge. "
            "Hug one knee to your chest and roll back slowly until you lie flat. Keep your lower "
            "back and the base of your spine resting on the table. Let the other leg hang and relax: "
            "gravity does the stretch at the front of that hip. Swap legs."
        ),
        "cues": (
            "Lower back stays flat on the table\n"
            "Let the hanging thigh sink: do not push it\n"
            "Breathe out slowly and relax the front of the hip"
        ),
        "cautions": (
            "If your lower back arches or your pelvis tips, hug the knee in a little less and ease "
            "the hold. Roll onto your side to get up."
        ),
        "dose_kind": "hold",
        "default_sets": 3,
        "default_hold_seconds": 30,
        "default_reps": None,
        "rep_hold_seconds": None,
    },
    {
        "slug": "half-kneeling-lunge",
        "order": 2,
        "name": "Half-kneeling lunge",
        "summary": "A dynamic stretch: kneel on one knee and ease the hips forward in short holds.",
        "instructions": (
            "Kneel on one knee (a cushion helps) with the other foot flat in front, front knee at a "
            "right angle. Tuck the pelvis under as if zipping up tight jeans, then ease your hips "
            "forward until you feel a stretch at the front of the kneeling hip. Hold two or three "
            "seconds, come back, and repeat. Raising both arms overhead adds a stretch through the "
            "belly."
        ),
        "cues": (
            "Pelvis tucked, back straight: do not arch\n"
            "Move gently forward and back, no bouncing\n"
            "Hold each one two or three seconds"
        ),
        "cautions": "Stop short of strain. If the kneeling knee hurts, pad it or try the table stretch.",
        "dose_kind": "reps",
        "default_sets": 1,
        "default_hold_seconds": None,
        "default_reps": 20,
        "rep_hold_seconds": 3,
    },
    {
        "slug": "warrior-one",
        "order": 3,
        "name": "Standing lunge (Warrior I)",
        "summary": "A long standing lunge with the back foot turned out and the arms overhead.",
        "instructions": (
            "Step one foot about a metre forward and bend the front knee to a right angle over the "
            "ankle. Turn the back foot out about 45 degrees and keep its heel down. Face forward "
            "with your head, shoulders, hips and knees. Raise your arms overhead with relaxed "
            "shoulders, lift the rib cage away from the pelvis and breathe."
        ),
        "cues": (
            "Back heel stays planted\n"
            "Hips square to the front\n"
            "Ribs lift away from the pelvis; shoulders soft"
        ),
        "cautions": "Shorten the stance if the front knee drifts past the toes or the back arches.",
        "dose_kind": "hold",
        "default_sets": 2,
        "default_hold_seconds": 30,
        "default_reps": None,
        "rep_hold_seconds": None,
    },
]


def seed(apps, schema_editor):
    Stretch = apps.get_model("plans", "Stretch")
    for stretch in STRETCHES:
        Stretch.objects.update_or_create(slug=stretch["slug"], defaults=stretch)


def unseed(apps, schema_editor):
    apps.get_model("plans", "Stretch").objects.filter(
        slug__in=[stretch["slug"] for stretch in STRETCHES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
