"""The bounds of every date a user can enter: forms, CSV and JSON imports, and database checks
all use these, so a date like 0001-01-01 or 9999-12-31 is refused with a message everywhere."""

from datetime import date, timedelta

EARLIEST_DATE = date(2000, 1, 1)  # no test, log, plan or session is older
LATEST_DATE = date(2099, 12, 31)  # far beyond any plan, and safe for date arithmetic
PLAN_START_WINDOW = timedelta(weeks=52)  # a plan starts within a year of today, either way


def date_range_check(field: str, name: str, what: str, *, nullable: bool = False):
    """A CheckConstraint keeping `field` within EARLIEST_DATE..LATEST_DATE; `what` names the
    date in the message an import shows ("A test date")."""
    from django.db import models

    condition = models.Q(**{f"{field}__gte": EARLIEST_DATE, f"{field}__lte": LATEST_DATE})
    if nullable:
        condition |= models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=name,
        violation_error_message=(
            f"{what} must be from {EARLIEST_DATE:%-d %B %Y} to {LATEST_DATE:%-d %B %Y}."
        ),
    )


def too_early_message() -> str:
    return f"Enter a date from {EARLIEST_DATE:%-d %B %Y} on."
