import io
import smtplib
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.utils import timezone

from apps.accounts.models import WEEKDAYS
from apps.assessments import schedule
from apps.assessments.models import TestReminder as SentReminder
from tests.assessments.factories import AssessmentFactory
from tests.factories import UserFactory

REFUSED_ADDRESS = "bounces@example.com"


def send_reminders():
    """Run the command; return what it printed (stdout, then stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("send_test_reminders", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def make_runner(**profile_fields):
    user = UserFactory()
    for name, value in profile_fields.items():
        setattr(user.profile, name, value)
    user.profile.save()
    return user


def set_test_weekday(user, day):
    """Make `day`'s weekday the runner's test day."""
    user.profile.test_weekday = day.weekday()
    user.profile.save()


def week_start_of(user):
    return schedule.test_week_start(user.profile.today(), user.profile.test_weekday)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


class RefusingBackend(LocmemBackend):
    """The test outbox, except that the relay refuses REFUSED_ADDRESS, as SMTP would."""

    def send_messages(self, messages):
        for message in messages:
            if REFUSED_ADDRESS in message.to:
                raise smtplib.SMTPRecipientsRefused({REFUSED_ADDRESS: (550, b"No such user")})
        return super().send_messages(messages)


@pytest.fixture
def refusing_mailer(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}


# --- The command ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_runner_due_this_week_gets_one_reminder_email(runner):
    AssessmentFactory(runner=runner, taken_on=week_start_of(runner) - timedelta(days=1))

    output = send_reminders()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert "weekly hip-flexor test" in message.subject
    assert "Hello Alice," in message.body
    assert f"{settings.SITE_URL}/tests/new/" in message.body
    assert f"{settings.SITE_URL}/account/" in message.body
    assert "Sent 1 test reminder(s); 0 failed." in output
    assert list(SentReminder.objects.values_list("runner", "week_start")) == [
        (runner.pk, week_start_of(runner))
    ]


@pytest.mark.django_db
def test_a_plain_text_reminder_reads_a_name_as_typed(runner):
    """Plain-text mail is not HTML: a name with ' & " < arrives as the runner wrote it."""
    runner.profile.display_name = """Zoë O'Neil & "Co" <team>"""
    runner.profile.save()

    send_reminders()

    assert mail.outbox[0].body.startswith("""Hello Zoë O'Neil & "Co" <team>,\n""")
    assert "&amp;" not in mail.outbox[0].body
    assert "&#x27;" not in mail.outbox[0].body


@pytest.mark.django_db
def test_runner_who_never_tested_gets_a_reminder(runner):
    send_reminders()

    assert recipients() == ["alice@example.com"]


@pytest.mark.django_db
def test_second_run_in_the_same_week_sends_nothing(runner):
    send_reminders()
    output = send_reminders()

    assert len(mail.outbox) == 1
    assert "Sent 0 test reminder(s); 0 failed." in output
    assert SentReminder.objects.filter(runner=runner).count() == 1


@pytest.mark.django_db
def test_last_weeks_reminder_does_not_stop_this_weeks(runner):
    SentReminder.objects.create(
        runner=runner, week_start=week_start_of(runner) - timedelta(weeks=1)
    )

    send_reminders()

    assert recipients() == ["alice@example.com"]
    assert sorted(SentReminder.objects.values_list("week_start", flat=True)) == [
        week_start_of(runner) - timedelta(weeks=1),
        week_start_of(runner),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("days_after_week_start", [0, 3, 6])
def test_runner_who_tested_this_week_gets_nothing(days_after_week_start):
    user = make_runner()
    # Today is the last day of the test week.
    set_test_weekday(user, user.profile.today() - timedelta(days=6))
    AssessmentFactory(
        runner=user, taken_on=week_start_of(user) + timedelta(days=days_after_week_start)
    )

    send_reminders()

    assert mail.outbox == []
    assert not SentReminder.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("test_weekday", [weekday for weekday, _name in WEEKDAYS])
def test_the_test_weekday_decides_where_the_week_starts(test_weekday):
    tested_on_week_start = make_runner(test_weekday=test_weekday)
    tested_the_day_before = make_runner(test_weekday=test_weekday)
    AssessmentFactory(runner=tested_on_week_start, taken_on=week_start_of(tested_on_week_start))
    AssessmentFactory(
        runner=tested_the_day_before,
        taken_on=week_start_of(tested_the_day_before) - timedelta(days=1),
    )

    send_reminders()

    assert recipients() == [tested_the_day_before.email]
    assert list(SentReminder.objects.values_list("runner", flat=True)) == [tested_the_day_before.pk]


@pytest.mark.django_db
def test_the_runners_time_zone_decides_the_week():
    # UTC+14 and UTC-11, no daylight saving: at any hour one of them is on another date than UTC.
    kiritimati_today = timezone.localdate(timezone=ZoneInfo("Pacific/Kiritimati"))
    pago_pago_today = timezone.localdate(timezone=ZoneInfo("Pacific/Pago_Pago"))
    kiritimati = make_runner(timezone="Pacific/Kiritimati")
    pago_pago = make_runner(timezone="Pacific/Pago_Pago")
    # Kiritimati's week starts today: a test yesterday (there) is last week's, so it is due.
    set_test_weekday(kiritimati, kiritimati_today)
    AssessmentFactory(runner=kiritimati, taken_on=kiritimati_today - timedelta(days=1))
    # Pago Pago's week starts tomorrow: a test 6 days ago (there) is this week's, so not due.
    set_test_weekday(pago_pago, pago_pago_today + timedelta(days=1))
    AssessmentFactory(runner=pago_pago, taken_on=pago_pago_today - timedelta(days=6))

    send_reminders()

    assert recipients() == [kiritimati.email]
    assert SentReminder.objects.get().week_start == kiritimati_today


@pytest.mark.django_db
def test_runner_who_opted_out_gets_nothing():
    make_runner(reminders_opt_in=False)

    send_reminders()

    assert mail.outbox == []
    assert not SentReminder.objects.exists()


@pytest.mark.django_db
def test_inactive_user_gets_nothing():
    user = make_runner()
    user.is_active = False
    user.save()

    send_reminders()

    assert mail.outbox == []
    assert not SentReminder.objects.exists()


@pytest.mark.django_db
def test_each_due_runner_gets_their_own_email(runner, coach, stranger):
    AssessmentFactory(runner=coach, taken_on=week_start_of(coach))

    send_reminders()

    # Charlie's runner is due too; Bob tested this week; Charlie only coaches and never tested.
    assert recipients() == sorted([runner.email, stranger.runner_links.get().runner.email])
    assert all(len(message.to) == 1 for message in mail.outbox)


@pytest.mark.django_db
def test_a_refused_address_is_reported_not_recorded_and_retried_next_run(settings):
    user = UserFactory(email=REFUSED_ADDRESS)
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}

    output = send_reminders()

    assert f"Could not send to runner {user.pk}" in output
    assert "Sent 0 test reminder(s); 1 failed." in output
    assert mail.outbox == []
    assert not SentReminder.objects.exists()

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    send_reminders()

    assert recipients() == [REFUSED_ADDRESS]
    assert SentReminder.objects.get().runner == user


@pytest.mark.django_db
@pytest.mark.usefixtures("refusing_mailer")
def test_one_refused_address_does_not_stop_the_other_reminders():
    UserFactory(email=REFUSED_ADDRESS)
    other = UserFactory(email="other@example.com")

    output = send_reminders()

    assert "Sent 1 test reminder(s); 1 failed." in output
    assert recipients() == ["other@example.com"]
    assert list(SentReminder.objects.values_list("runner", flat=True)) == [other.pk]


@pytest.mark.django_db
def test_reminder_sent_on_another_day_names_the_test_day_without_claiming_it_is_today():
    user = make_runner()
    test_day = user.profile.today() + timedelta(days=1)
    set_test_weekday(user, test_day)

    send_reminders()

    test_day_name = test_day.strftime("%A")  # the calendar's name, not the app's list of names
    assert len(mail.outbox) == 1
    assert f"day, {test_day_name}." in mail.outbox[0].body
    assert f"It is {test_day_name}" not in mail.outbox[0].body


# --- The schedule ---------------------------------------------------------------------------

WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("today", "test_weekday", "expected"),
    [
        # Today a Wednesday, each test weekday.
        (WEDNESDAY, 0, date(2026, 11, 23)),
        (WEDNESDAY, 1, date(2026, 11, 24)),
        (WEDNESDAY, 2, date(2026, 11, 25)),
        (WEDNESDAY, 3, date(2026, 11, 19)),
        (WEDNESDAY, 4, date(2026, 11, 20)),
        (WEDNESDAY, 5, date(2026, 11, 21)),
        (WEDNESDAY, 6, date(2026, 11, 22)),
        # Monday tests, each day of the week.
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
        (date(2026, 11, 24), 0, date(2026, 11, 23)),
        (date(2026, 11, 27), 0, date(2026, 11, 23)),
        (date(2026, 11, 29), 0, date(2026, 11, 23)),
        (date(2026, 11, 30), 0, date(2026, 11, 30)),
        # Sunday tests: the week starts on the Sunday, not on Monday.
        (date(2026, 11, 29), 6, date(2026, 11, 29)),
        (date(2026, 11, 28), 6, date(2026, 11, 22)),
        # Across a year end and a leap day.
        (date(2027, 1, 1), 0, date(2026, 12, 28)),
        (date(2028, 3, 1), 1, date(2028, 2, 29)),
    ],
)
def test_week_start_is_the_latest_test_day_on_or_before_today(today, test_weekday, expected):
    assert schedule.test_week_start(today, test_weekday) == expected


@pytest.mark.parametrize("test_weekday", range(7))
@pytest.mark.parametrize("days_after", range(14))
def test_week_start_is_a_test_day_within_the_last_seven_days(test_weekday, days_after):
    today = date(2026, 11, 23) + timedelta(days=days_after)

    start = schedule.test_week_start(today, test_weekday)

    assert start.weekday() == test_weekday
    assert today - timedelta(days=6) <= start <= today


@pytest.mark.parametrize(
    ("today", "test_weekday", "latest_test_on", "due"),
    [
        pytest.param(WEDNESDAY, 0, None, True, id="never tested"),
        pytest.param(WEDNESDAY, 0, date(2026, 11, 23), False, id="tested on the week start"),
        pytest.param(WEDNESDAY, 0, date(2026, 11, 22), True, id="tested the day before"),
        pytest.param(WEDNESDAY, 0, date(2026, 11, 25), False, id="tested today"),
        pytest.param(WEDNESDAY, 0, date(2026, 11, 16), True, id="tested a week ago Monday"),
        pytest.param(WEDNESDAY, 2, date(2026, 11, 24), True, id="test day is today, tested before"),
        pytest.param(WEDNESDAY, 2, date(2026, 11, 25), False, id="test day is today, done"),
        pytest.param(WEDNESDAY, 3, date(2026, 11, 19), False, id="tested on last Thursday"),
        pytest.param(WEDNESDAY, 3, date(2026, 11, 18), True, id="tested the Wednesday before"),
        pytest.param(date(2027, 1, 1), 0, date(2026, 12, 28), False, id="year end, done"),
        pytest.param(date(2027, 1, 1), 0, date(2026, 12, 27), True, id="year end, due"),
    ],
)
def test_test_is_due_when_nothing_was_recorded_since_the_week_start(
    today, test_weekday, latest_test_on, due
):
    assert schedule.is_test_due(today, test_weekday, latest_test_on) is due


@pytest.mark.django_db
def test_a_coach_who_never_tested_gets_no_reminder_until_they_test(stranger):
    send_reminders()
    assert stranger.email not in recipients()

    AssessmentFactory(runner=stranger, taken_on=week_start_of(stranger) - timedelta(days=1))
    send_reminders()
    assert stranger.email in recipients()
