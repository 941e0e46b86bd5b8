"""Strength beside the stretches (docs/domain.md, "Strength alongside length"): hip flexors
through their range, glute max, glute med, and core work that loads the psoas little. Doses
from ACSM 2009 (2-3 sets of 8-12 near fatigue); `rep_hold_seconds` is one repetition's tempo."""

from django.db import migrations

STRENGTH = [
    {
        "slug": "standing-knee-lift",
        "order": 11,
        "name": "Standing knee lift",
        "targets": "Hip flexors, in the short range the stretches do not train",
        "summary": "Stand on one leg and hold the other knee above hip height.",
        "instructions": (
            "Stand tall beside a wall or a chair back. Lift one knee above hip height, thigh a "
            "little past level, and hold it there for three seconds without leaning back. Lower "
            "it slowly. Finish the set on one side, then the other."
        ),
        "cues": (
            "Stand tall: do not lean back to lift the knee\n"
            "Knee above hip height, foot relaxed\n"
            "Lower slowly, under control"
        ),
        "cautions": (
            "Lift only as high as you can hold without leaning back. If you feel a pinch at the "
            "front of the hip, lift less high."
        ),
        "tempo": "1 s up, hold 3 s, 2 s down",
        "rest_seconds": 60,
        "easier": "Hold the wall with one hand, and lift the knee to hip height only.",
        "harder": (
            "Loop a light resistance band around both feet and lift against it; or hold each "
            "lift for five seconds."
        ),
        "per_side": True,
        "default_sets": 2,
        "default_reps": 8,
        "rep_hold_seconds": 6,
    },
    {
        "slug": "lying-psoas-march",
        "order": 12,
        "name": "Lying psoas march",
        "targets": "Hip flexors, lying down with the lower back supported",
        "summary": "On your back, lift one knee past vertical towards the chest, then lower.",
        "instructions": (
            "Lie on your back with both knees bent and both feet flat. Keep your lower back "
            "resting gently on the floor. Lift one knee towards your chest until the thigh is a "
            "little past vertical, hold two seconds, and lower the foot slowly to the floor. "
            "Finish the set on one side, then the other."
        ),
        "cues": (
            "Lower back stays resting on the floor\n"
            "Lift from the hip: the pelvis does not rock\n"
            "Breathe out as the knee lifts"
        ),
        "cautions": (
            "If your lower back lifts off the floor or the front of the hip pinches, make the "
            "lift smaller."
        ),
        "tempo": "1 s up, hold 2 s, 2 s down",
        "rest_seconds": 60,
        "easier": "Lift the foot just off the floor and the knee to above the hip, no further.",
        "harder": (
            "Start with both knees up, thighs past vertical, a light band around the feet; lower "
            "one foot towards the floor against the band while the other knee stays up."
        ),
        "per_side": True,
        "default_sets": 2,
        "default_reps": 10,
        "rep_hold_seconds": 5,
    },
    {
        "slug": "bridge",
        "order": 13,
        "name": "Bridge",
        "targets": "Glute max, the hip's main extensor",
        "summary": "On your back, feet flat, lift the hips into a straight line.",
        "instructions": (
            "Lie on your back with your knees bent and your feet flat, hip-width apart. Squeeze "
            "your buttocks and lift your hips until your shoulders, hips and knees are in one "
            "line. Hold two seconds at the top, then lower slowly."
        ),
        "cues": (
            "Push through your heels\n"
            "Lift with your buttocks, not by arching your back\n"
            "Ribs down at the top"
        ),
        "cautions": (
            "If you feel it mostly in your lower back, lift less high; if a hamstring cramps, "
            "bring your feet a little closer to your buttocks."
        ),
        "tempo": "2 s up, hold 2 s, 2 s down",
        "rest_seconds": 60,
        "easier": "Lift the hips only a few centimetres, and hold the top one second.",
        "harder": "The single-leg bridge: one foot off the floor, the other leg does the lift.",
        "per_side": False,
        "default_sets": 2,
        "default_reps": 10,
        "rep_hold_seconds": 6,
    },
    {
        "slug": "single-leg-bridge",
        "order": 14,
        "name": "Single-leg bridge",
        "targets": "Glute max, one side at a time",
        "summary": "A bridge on one foot, the other leg straight, the hips level.",
        "instructions": (
            "Lie on your back with your knees bent and your feet flat. Straighten one leg in line "
            "with its thigh. Push through the heel of the foot on the floor and lift your hips "
            "into a straight line, keeping them level. Hold two seconds, lower slowly. Finish "
            "the set on one side, then the other."
        ),
        "cues": (
            "Hips stay level: the free side does not drop\n"
            "Push through the heel on the floor\n"
            "Lift with your buttock, not your back"
        ),
        "cautions": (
            "If the hips tip or you feel it in your lower back, go back to the two-foot bridge "
            "for a while."
        ),
        "tempo": "2 s up, hold 2 s, 2 s down",
        "rest_seconds": 60,
        "easier": "Bridge on both feet, then lift one foot for a moment at the top.",
        "harder": "Hold the top for five seconds, or rest the working foot on a low step.",
        "per_side": True,
        "default_sets": 2,
        "default_reps": 8,
        "rep_hold_seconds": 6,
    },
    {
        "slug": "side-lying-hip-abduction",
        "order": 15,
        "name": "Side-lying hip abduction",
        "targets": "Glute med, which holds the pelvis level on one leg",
        "summary": "On your side, lift the straight top leg, heel first.",
        "instructions": (
            "Lie on your side with the bottom knee bent for balance and the top leg straight, in "
            "line with your body or a little behind it. Lift the top leg about a forearm's "
            "length, heel first, hold one second, and lower it slowly. Finish the set on one "
            "side, then the other."
        ),
        "cues": (
            "Top hip stacked over the bottom one: do not roll back\n"
            "Heel leads, toes point forward\n"
            "Lower slowly"
        ),
        "cautions": (
            "If you feel it at the front of the hip rather than the side, take the leg a little "
            "further behind you and lift less high."
        ),
        "tempo": "2 s up, hold 1 s, 2 s down",
        "rest_seconds": 60,
        "easier": "A smaller lift, or the top knee slightly bent.",
        "harder": (
            "A light resistance band around the ankles; or the side plank with the top leg "
            "lifted."
        ),
        "per_side": True,
        "default_sets": 2,
        "default_reps": 12,
        "rep_hold_seconds": 5,
    },
    {
        "slug": "side-plank-leg-lift",
        "order": 16,
        "name": "Side plank with the top leg lifted",
        "targets": "Glute med and the side of the trunk together",
        "summary": "Hold a side plank and lift the top leg a hand's width.",
        "instructions": (
            "Lie on your side on one forearm, elbow under the shoulder, legs straight. Lift your "
            "hips until your body is in one straight line. Keeping them up, lift the top leg a "
            "hand's width and lower it. Rest your hips on the floor between sets. Finish the set "
            "on one side, then the other."
        ),
        "cues": (
            "Elbow under the shoulder\n"
            "Body in one straight line, hips forward\n"
            "Lift the leg only a little: the hips stay up"
        ),
        "cautions": (
            "End the set when your hips start to sag, or if your shoulder hurts; the side bridge "
            "from the knees is the way in."
        ),
        "tempo": "1 s up, hold 1 s, 1 s down",
        "rest_seconds": 60,
        "easier": "Side bridge from the knees (knees bent, hips forward), lifting the top leg.",
        "harder": "Hold the top leg up for three seconds each time.",
        "per_side": True,
        "default_sets": 2,
        "default_reps": 8,
        "rep_hold_seconds": 3,
    },
    {
        "slug": "side-bridge",
        "order": 17,
        "name": "Side bridge",
        "targets": "Core, with little work for the psoas",
        "summary": "On one forearm, hold the body in a straight line from head to feet.",
        "instructions": (
            "Lie on your side on one forearm, elbow under the shoulder, legs straight and "
            "stacked. Lift your hips until head, hips and feet are in one line, and hold. Lower "
            "your hips to rest."
        ),
        "cues": (
            "Elbow under the shoulder, forearm flat\n"
            "Head, hips and feet in one line\n"
            "Breathe: do not hold your breath"
        ),
        "cautions": "End the hold when your hips sag or your shoulder hurts.",
        "tempo": "",
        "rest_seconds": 30,
        "easier": "From the knees: knees bent behind you, hips pushed forward.",
        "harder": "Lift the top leg as you hold, or hold thirty seconds.",
        "per_side": True,
        "dose_kind": "hold",
        "default_sets": 2,
        "default_hold_seconds": 20,
    },
    {
        "slug": "bird-dog",
        "order": 18,
        "name": "Bird dog",
        "targets": "Core and back extensors, with little work for the psoas",
        "summary": "On hands and knees, reach one arm forward and the opposite leg back.",
        "instructions": (
            "Kneel on all fours, hands under the shoulders and knees under the hips, back flat. "
            "Slowly reach one arm forward and the opposite leg back until both are level with "
            "your back. Hold two seconds and bring them back. The side is the leg that reaches."
        ),
        "cues": (
            "Back flat as a table: no sagging, no twisting\n"
            "Reach long, not high\n"
            "Hips stay level"
        ),
        "cautions": "If your lower back arches, lift the leg less high.",
        "tempo": "2 s out, hold 2 s, 2 s back",
        "rest_seconds": 60,
        "easier": "Reach the leg only, both hands staying on the floor.",
        "harder": "Hold each reach five seconds, or draw a small square with hand and foot.",
        "per_side": True,
        "default_sets": 2,
        "default_reps": 8,
        "rep_hold_seconds": 6,
    },
    {
        "slug": "curl-up",
        "order": 19,
        "name": "Curl-up",
        "targets": "Abdominals, with little work for the psoas (unlike a sit-up)",
        "summary": "On your back, hands under the lower back, lift head and shoulders a little.",
        "instructions": (
            "Lie on your back with one knee bent and the other leg straight. Slide your hands, "
            "palms down, under the small of your back to keep its natural curve. Lift your head "
            "and shoulders together a few centimetres off the floor, hold, and lower. Swap legs "
            "halfway through the set."
        ),
        "cues": (
            "Hands under the small of your back: keep its curve\n"
            "Head and shoulders lift as one, only a little\n"
            "Look at the ceiling, not your knees"
        ),
        "cautions": (
            "Not a sit-up: do not curl up to sitting. A sit-up works the psoas harder than a "
            "curl-up does."
        ),
        "tempo": "1 s up, hold 5 s, 1 s down",
        "rest_seconds": 60,
        "easier": "Hold each curl-up two or three seconds.",
        "harder": "Lift the elbows off the floor as well, or hold each one ten seconds.",
        "per_side": False,
        "default_sets": 2,
        "default_reps": 8,
        "rep_hold_seconds": 7,
    },
]


def _fields(exercise):
    dose_kind = exercise.get("dose_kind", "reps")
    return {
        **exercise,
        "kind": "strength",
        "is_catalogue": True,
        "dose_kind": dose_kind,
        "default_hold_seconds": exercise.get("default_hold_seconds"),
        "default_reps": exercise.get("default_reps"),
        "rep_hold_seconds": exercise.get("rep_hold_seconds"),
    }


def seed(apps, schema_editor):
    Stretch = apps.get_model("plans", "Stretch")
    for exercise in STRENGTH:
        Stretch.objects.update_or_create(slug=exercise["slug"], defaults=_fields(exercise))


def unseed(apps, schema_editor):
    apps.get_model("plans", "Stretch").objects.filter(
        slug__in=[exercise["slug"] for exercise in STRENGTH], is_catalogue=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0016_strength_exercise_fields")]

    operations = [migrations.RunPython(seed, unseed)]
