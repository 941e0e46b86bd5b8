"""Writes sent late from a phone's outbox (static/js/outbox.js): the key each one carries, and
how a view says that a write was refused when it arrived.

Every write the outbox keeps carries a fresh UUID, `idempotency_key`; a view that creates or adds
something stores it under a unique constraint per runner, so a write sent twice (its answer lost
on the way, or sent again after a reconnect) is saved once. A refused write answers with an
`outbox:refused` client event (the HX-Trigger header) holding the message to show the runner:
the outbox shows it and keeps the write until the runner has seen it.
"""

import functools
import uuid

from django.utils.html import strip_tags
from django_htmx.http import trigger_client_event

KEY_FIELD = "idempotency_key"


def write_key(request) -> uuid.UUID | None:
    """The write's key, or None when the request carries none (a page without JavaScript) or
    one that is not a UUID."""
    try:
        return uuid.UUID(request.POST.get(KEY_FIELD, ""))
    except ValueError:
        return None


def refused(response, message):
    """Marks `response` as the answer to a write that was not saved, saying why in plain text."""
    return trigger_client_event(
        response, "outbox:refused", {"message": strip_tags(str(message)).strip()}
    )


# What the phone keeps of a runner: the outbox (IndexedDB) and the service worker's Cache
# Storage (today's pages). "storage" also unregisters the worker; the next page registers it.
CLEAR_SITE_DATA = '"cache", "storage"'


def clears_device(view):
    """Wraps a view that signs the person out (log-out, a deleted account): its answer tells the
    browser to drop everything this site keeps on the device."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        was_signed_in = request.user.is_authenticated
        response = view(request, *args, **kwargs)
        if was_signed_in and not request.user.is_authenticated:
            response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response

    return wrapper
