"""The stretch catalogue (/stretches/) and a stretch's page."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_catalogue_has_the_three_stretches_with_illustrations(client):
    page = client.get("/stretches/").content.decode()

    for name in (
        "Edge-of-table hip-flexor stretch",
        "Half-kneeling lunge",
        "Standing lunge (Warrior I)",
    ):
        assert name in page
    stretches = page.split('id="stretches-heading"')[1].split('id="strength-heading"')[0]
    assert stretches.count('src="/static/img/stretches/') == 3


def test_a_stretchs_page_gives_its_default_dose_and_cues(client):
    page = client.get("/stretches/half-kneeling-lunge/").content.decode()

    assert "20 repetitions, each held 3 s per side" in page
    assert "Pelvis tucked, back straight" in page


def test_the_table_stretch_says_a_rounding_back_means_pulling_too_far(client):
    page = client.get("/stretches/edge-of-table/").content.decode()

    assert (
        "If your lower back rounds off the table or your pelvis tips, you are pulling the knee "
        "in too far: ease the hold until your lower back rests flat again." in page
    )
    assert "lower back arches" not in page


def test_warrior_one_lengthens_the_stance_when_the_knee_passes_the_toes(client):
    page = client.get("/stretches/warrior-one/").content.decode()

    assert (
        "If the front knee drifts past the toes, step the front foot further forward; if the "
        "back heel lifts or your lower back arches, shorten the stance." in page
    )
    assert "Shorten the stance if the front knee drifts past the toes" not in page
