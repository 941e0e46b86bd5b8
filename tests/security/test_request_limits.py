"""Bodies larger than a page takes are refused from their length alone, before anything reads
them (a 60 MB upload used to be received in full before the 1 MB check)."""

import pytest

pytestmark = pytest.mark.django_db


class EndlessBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize(
    ("path", "length"),
    [
        ("/tests/import/", 60_000_000),
        ("/account/import/", 60_000_000),
        ("/tests/new/", 2_000_000),
        ("/sitting/add/", 2_000_000),
    ],
)
def test_a_body_over_the_pages_limit_is_refused_unread(runner_client, path, length):
    response = runner_client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": EndlessBody()},
    )

    assert response.status_code == 413
    assert "larger than this page accepts" in response.content.decode()


def test_a_body_within_the_limit_reaches_the_page(runner_client):
    response = runner_client.post("/tests/import/", {"file": ""})

    assert response.status_code == 200
