"""Rate limits for costly or abusable actions (imports, password-reset e-mails), per account and
per client, counted in PostgreSQL so that every gunicorn worker sees the same count.

Not a library: the maintained ones (django-ratelimit) need an atomic shared cache, Redis or
memcached, which this app does not run; an INSERT ... ON CONFLICT counter is atomic here.
"""

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.utils import timezone

from apps.accounts.backends import client_ip
from apps.accounts.models import RequestCount

# Counts are kept this long after their window began: past the longest window (a week), so that
# forgetting old windows never forgets one still counting.
KEPT_FOR = timedelta(days=8)


@dataclass(frozen=True)
class Limit:
    """At most `times` uses in each window of `per` (windows aligned to the epoch)."""

    times: int
    per: timedelta

    def __post_init__(self):
        if self.per >= KEPT_FOR:
            raise ValueError(f"A window of {self.per} outlives the counts kept ({KEPT_FOR}).")


# One address gets a few e-mails an hour at most from each form that sends one (a sign-up, a
# password reset), whoever asks.
EMAILS_PER_ADDRESS = Limit(3, timedelta(hours=1))


def _window_start(per: timedelta) -> datetime:
    seconds = int(per.total_seconds())
    now = int(timezone.now().timestamp())
    return datetime.fromtimestamp(now - now % seconds, tz=UTC)


def _hit(key: str, limit: Limit) -> bool:
    """Counts one use of `key` in the current window; whether it stays within the limit."""
    table = RequestCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, window_start, count) VALUES (%s, %s, 1) "
            f"ON CONFLICT (key, window_start) DO UPDATE SET count = {table}.count + 1 "
            "RETURNING count",
            [key, _window_start(limit.per)],
        )
        (count,) = cursor.fetchone()
    if random.random() < 0.01:  # now and then, forget windows that are long over
        RequestCount.objects.filter(window_start__lt=timezone.now() - KEPT_FOR).delete()
    return count <= limit.times


def allow(request, action: str, *, per_account: Limit | None = None, per_client: Limit) -> bool:
    """Counts `action` for the signed-in account (if any) and for the client's address; False
    once either is over its limit. Both are counted, so a refused try counts too."""
    allowed = _hit(f"{action}:client:{client_ip(request)}", per_client)
    if per_account and request.user.is_authenticated:
        allowed = _hit(f"{action}:account:{request.user.pk}", per_account) and allowed
    return allowed


def allow_for_key(action: str, key: str, limit: Limit) -> bool:
    """Counts `action` for any other key (e.g. the e-mail address a reset is asked for), kept
    only as a hash: the counts table holds no address."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    return _hit(f"{action}:key:{digest}", limit)
