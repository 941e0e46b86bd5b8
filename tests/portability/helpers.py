"""A runner's whole account out and back in, as the tests of each kind of record use it."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import UserFactory


def signed_up(client_class, email):
    """A client signed in to a new, empty account (signing up itself is in test_signup.py)."""
    client = client_class()
    client.force_login(UserFactory(email=email, display_name=""))
    return client


def upload(content):
    return SimpleUploadedFile("psoas-tracker.json", content, content_type="application/json")


def export_of(client):
    return json.loads(client.get("/account/export.json").content)


def import_into_new_account(client_class, data):
    other = signed_up(client_class, "new@example.com")
    return other.post("/account/import/", {"file": upload(json.dumps(data).encode())})
