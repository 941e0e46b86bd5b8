import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_does_not(client):
    # A real failed connection: PostgreSQL refuses a database that does not exist.
    real_name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = "psoas_tracker_no_such_database"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["NAME"] = real_name

    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    assert client.get("/healthz").status_code == 200
