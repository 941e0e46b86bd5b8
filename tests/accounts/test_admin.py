import pytest

from apps.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_manage_users_and_coach_links_in_the_admin(client, runner, coach):
    admin = User.objects.create_superuser("admin@example.com", "an-admin-passphrase-99")
    client.force_login(admin)

    assert "alice@example.com" in client.get("/admin/accounts/user/").content.decode()
    assert client.get(f"/admin/accounts/user/{runner.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/coachlink/").status_code == 200

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Added@Example.com",
            "password1": "an-added-passphrase-77",
            "password2": "an-added-passphrase-77",
            "usable_password": "true",
            "profile-TOTAL_FORMS": "0",
            "profile-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = User.objects.get(email="added@example.com")
    assert added.profile.timezone == "UTC"


def test_non_staff_cannot_open_the_admin(runner_client):
    response = runner_client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_users_made_by_hand_have_a_profile():
    assert UserFactory().profile.pk is not None
