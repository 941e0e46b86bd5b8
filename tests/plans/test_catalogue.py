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
    assert page.count('src="/static/img/stretches/') == 3


def test_a_stretchs_page_gives_its_default_dose_and_cues(client):
    page = client.get("/stretches/half-kneeling-lunge/").content.decode()

    assert "20 repetitions, each held 3 s per side" in page
    assert "Pelvis tucked, back straight" in page
