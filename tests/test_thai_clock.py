from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docengine.thai import ThaiFormatError, bangkok_now, bangkok_today, format_date, format_time, to_bangkok


def test_utc_late_evening_is_next_bangkok_morning():
    moment = datetime(2024, 1, 4, 23, 30, tzinfo=timezone.utc)
    assert format_time(moment) == "๐๖.๓๐ น."
    assert format_date(moment, digits="arabic") == "5 มกราคม 2567"


def test_other_zones_are_converted():
    tokyo = datetime(2024, 1, 5, 12, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert format_time(tokyo, digits="arabic") == "10.00 น."


def test_naive_datetimes_and_times_are_bangkok_time():
    assert format_time(datetime(2024, 1, 5, 10, 30)) == "๑๐.๓๐ น."
    assert format_time(time(8, 30)) == "๐๘.๓๐ น."
    assert format_time(time(16, 30), digits="arabic") == "16.30 น."


def test_aware_time_is_converted():
    assert format_time(time(1, 5, tzinfo=timezone.utc), digits="arabic") == "08.05 น."


def test_seconds_are_dropped_not_rounded():
    assert format_time(time(10, 29, 59), digits="arabic") == "10.29 น."


def test_not_a_time_is_refused():
    with pytest.raises(ThaiFormatError) as err:
        format_time("10:30")
    assert err.value.th


@given(st.datetimes(min_value=datetime(1941, 1, 2), max_value=datetime(2400, 1, 1), timezones=st.just(timezone.utc)))
def test_bangkok_is_always_seven_hours_ahead_of_utc(moment):
    local = moment + timedelta(hours=7)
    assert format_time(moment, digits="arabic") == f"{local:%H.%M} น."
    assert to_bangkok(moment).date() == local.date()


def test_now_and_today_are_bangkok():
    now = bangkok_now()
    assert now.utcoffset() == timedelta(hours=7)
    assert bangkok_today() in {now.date(), (now + timedelta(minutes=1)).date()}
    assert isinstance(bangkok_today(), date)
