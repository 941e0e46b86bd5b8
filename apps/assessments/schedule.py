"""The runner's test week: pure date arithmetic, no Django."""

from datetime import date, timedelta


def test_week_start(today: date, test_weekday: int) -> date:
    """The start of the 7-day test week that contains `today`: the latest test day on or before it.

    test_weekday: 0 = Monday ... 6 = Sunday, as date.weekday().
    """
    return today - timedelta(days=(today.weekday() - test_weekday) % 7)


def is_test_due(today: date, test_weekday: int, latest_test_on: date | None) -> bool:
    """Due when no test was recorded since this test week began."""
    return latest_test_on is None or latest_test_on < test_week_start(today, test_weekday)
