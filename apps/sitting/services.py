"""Quick-adds: atomic increments in the database, never read-modify-write."""

from django.db.models import F

from apps.sitting.models import FIELD_MAXIMUM, SittingDay


def quick_add(runner, day, field: str, amount: int) -> bool:
    """Add `amount` (negative to undo) to one counter of the runner's day.

    One UPDATE with an F() expression, guarded so the total stays within its limits: concurrent
    taps all count, and none can push the day past 24 hours. False when the guard refused it.
    """
    # Make sure the row exists; two first taps at once both get here, one inserts.
    SittingDay.objects.bulk_create([SittingDay(runner=runner, day=day)], ignore_conflicts=True)
    rows = SittingDay.objects.owned_by(runner).filter(day=day)
    if amount >= 0:
        rows = rows.filter(**{f"{field}__lte": FIELD_MAXIMUM[field] - amount})
    else:
        rows = rows.filter(**{f"{field}__gte": -amount})
    return rows.update(**{field: F(field) + amount}) == 1
