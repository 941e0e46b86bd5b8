"""What the upload form refuses before anything is stored: no file, more than may be stored,
too many tries in a day (each counted, whatever became of it), and a zip whose directory alone
says it is not worth reading (the rest of it is the worker's)."""

import pytest
from django.urls import reverse

from apps.runs.models import RunUpload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("data", [{}, {"files": ""}])
def test_an_upload_without_a_file_is_refused_next_to_the_field(runner_client, data):
    response = runner_client.post(reverse("runs:upload"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the files to import: FIT, GPX or TCX files, or an export&#x27;s zip." in page
    assert "being read" not in page
    assert not RunUpload.objects.exists()
