import pytest
from django.test import Client


@pytest.mark.django_db(transaction=True)
def test_pages_answer_a_clean_503_while_the_database_is_down(runner, database_down):
    client = Client(raise_request_exception=False)
    client.force_login(runner)
    with database_down():
        response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Back in a moment" in page
    assert "Traceback" not in page
    assert client.get("/").status_code == 200  # and back as soon as the database is


def test_other_errors_still_answer_500(rf):
    from psoas_tracker.views import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
