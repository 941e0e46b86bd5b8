"""Quick-adds and their undo: atomic in the database, never read-modify-write."""

from django.db import IntegrityError, transaction
from django.db.models import F

from apps.sitting.models import FIELD_MAXIMUM, QUICK_ADDS, SittingDay, SittingTap


def quick_add(runner, day, key: str, tap_key=None) -> bool:
    """Adds one quick-add (a key of QUICK_ADDS) to the runner's day, and remembers it for undo.

    One UPDATE with an F() expression, guarded so the total stays within its limits: concurrent
    taps all count, and none can push the day past 24 hours. False when the guard refused it.
    A tap with a `tap_key` (a UUID from the phone's outbox) is added once however often it is
    sent: True again, adding nothing, when that key was added before.
    """
    if tap_key is None:
        return _add(runner, day, key)
    with transaction.atomic():
        try:
            with transaction.atomic():
                SittingTap.objects.create(
                    runner=runner, idempotency_key=tap_key, day=day, quick_add=key
                )
        except IntegrityError:
            return True  # sent before: its answer was lost on the way
        if _add(runner, day, key):
            return True
        transaction.set_rollback(True)  # refused: the same tap may be sent again later
        return False


def _add(runner, day, key):
    field, amount, _label = QUICK_ADDS[key]
    # Make sure the row exists; two first taps at once both get here, one inserts.
    SittingDay.objects.bulk_create([SittingDay(runner=runner, day=day)], ignore_conflicts=True)
    rows = SittingDay.objects.owned_by(runner).filter(
        day=day, **{f"{field}__lte": FIELD_MAXIMUM[field] - amount}
    )
    return rows.update(**{field: F(field) + amount, "last_quick_add": key}) == 1


def set_seated(runner, day, minutes: int) -> None:
    """Replaces the day's minutes seated with a total (a pick, or yesterday's): the taps
    before it are superseded, so there is no tap left to undo."""
    SittingDay.objects.bulk_create([SittingDay(runner=runner, day=day)], ignore_conflicts=True)
    SittingDay.objects.owned_by(runner).filter(day=day).update(
        minutes_seated=minutes, last_quick_add=""
    )


def undo_last_quick_add(runner, day) -> str | None:
    """Takes back the day's last quick-add, once however many undos arrive together (the row is
    locked, and the first undo clears what the others would take back). Returns its label, or
    None when there is nothing to undo."""
    with transaction.atomic():
        row = (
            SittingDay.objects.owned_by(runner)
            .filter(day=day)
            .exclude(last_quick_add="")
            .select_for_update()
            .values_list("pk", "last_quick_add")
            .first()
        )
        if row is None:
            return None
        pk, key = row
        field, amount, label = QUICK_ADDS[key]
        undone = (
            SittingDay.objects.filter(pk=pk, **{f"{field}__gte": amount}).update(
                **{field: F(field) - amount, "last_quick_add": ""}
            )
            == 1
        )
    return label if undone else None
