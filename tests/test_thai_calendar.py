from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docengine.errors import DocengineError
from docengine.thai import (
    ThaiDateError,
    be_year,
    format_date,
    format_weekday_date,
    month_name,
    parse_be_date_or_year,
    parse_date,
)

SUPPORTED = st.dates(min_value=date(1941, 1, 1), max_value=date(2400, 12, 31))
TODAY = date(2024, 6, 1)


# --- writing ------------------------------------------------------------------


def test_seed_vectors():
    assert format_date(date(2024, 1, 5)) == "๕ มกราคม ๒๕๖๗"
    assert format_date(date(2024, 1, 8), style="abbr") == "๘ ม.ค. ๒๕๖๗"
    assert format_date(date(2024, 1, 8), style="abbr", digits="arabic") == "8 ม.ค. 2567"
    assert format_date(date(2024, 1, 5), style="short") == "๕ ม.ค. ๖๗"
    assert format_date(date(2024, 1, 5), digits="arabic") == "5 มกราคม 2567"
    assert format_weekday_date(date(2015, 12, 25)) == "วันศุกร์ที่ ๒๕ ธันวาคม ๒๕๕๘"
    # 19 ธันวาคม ๒๕๕๗ was a Friday (seed S4).
    assert format_weekday_date(date(2014, 12, 19), digits="arabic") == "วันศุกร์ที่ 19 ธันวาคม 2557"


def test_month_names_are_the_royal_institute_ones():
    assert [month_name(m, "abbr") for m in range(1, 13)] == [
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    ]
    assert month_name(11) == "พฤศจิกายน"
    assert format_date(date(2023, 11, 1)) == "๑ พฤศจิกายน ๒๕๖๖"


def test_short_style_pads_the_year():
    assert format_date(date(1957, 3, 2), style="short", digits="arabic") == "2 มี.ค. 00"


def test_datetime_is_taken_in_bangkok():
    assert format_date(datetime(2024, 1, 4, 23, 30, tzinfo=timezone.utc)) == "๕ มกราคม ๒๕๖๗"
    assert format_date(datetime(2024, 1, 4, 23, 30)) == "๔ มกราคม ๒๕๖๗"  # naive = Bangkok


def test_first_supported_day_and_the_day_before():
    assert format_date(date(1941, 1, 1), digits="arabic") == "1 มกราคม 2484"
    with pytest.raises(ThaiDateError) as err:
        format_date(date(1940, 12, 31))
    assert "2484" in err.value.en and "1 April" in err.value.en
    assert "๒๔๘๔" in err.value.th


@pytest.mark.parametrize("bad", ["2024-01-05", None, 20240105])
def test_non_dates_are_refused(bad):
    with pytest.raises(ThaiDateError):
        format_date(bad)


def test_unknown_style_is_refused():
    with pytest.raises(ThaiDateError) as err:
        format_date(date(2024, 1, 5), style="long")
    assert "full" in err.value.en and "รูปแบบวันที่" in err.value.th


def test_be_year():
    assert be_year(date(2024, 12, 31)) == 2567


# --- reading ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "5 มกราคม 2567",
        "๕ มกราคม ๒๕๖๗",
        "5 ม.ค. 2567",
        "  5   ม.ค.   2567 ",
        "5ม.ค.2567",
        "5 มกราคม พ.ศ. 2567",
        "วันที่ ๕ มกราคม พ.ศ. ๒๕๖๗",
        "วันที่ 5 เดือน มกราคม พ.ศ. 2567",
        "วันศุกร์ที่ ๕ มกราคม ๒๕๖๗",
        "05 ม.ค. 67",
        "5\u200bม.ค.\u200b2567",
    ],
)
def test_parse_accepts_the_written_forms(text):
    assert parse_date(text, today=TODAY) == date(2024, 1, 5)


def test_parse_accepts_the_common_misspelling_of_november():
    assert parse_date("1 พฤษจิกายน 2566") == date(2023, 11, 1)


@given(SUPPORTED, st.sampled_from(["full", "abbr"]), st.sampled_from(["thai", "arabic"]))
def test_format_then_parse_is_identity(d, style, digits):
    assert parse_date(format_date(d, style, digits)) == d


@given(st.dates(min_value=date(1975, 1, 1), max_value=date(2073, 12, 31)), st.sampled_from(["thai", "arabic"]))
def test_short_round_trip_within_the_two_digit_window(d, digits):
    # Today 2024 (2567): two-digit years mean 2517..2616, i.e. 1974..2073 CE.
    assert parse_date(format_date(d, "short", digits), today=TODAY) == d


@given(SUPPORTED)
def test_weekday_form_round_trips(d):
    assert parse_date(format_weekday_date(d)) == d


def test_two_digit_year_is_the_nearest_to_today():
    # Today is 2567: two-digit years cover 2517 (50 years back) .. 2616 (49 ahead).
    assert parse_date("1 ม.ค. 16", today=TODAY) == date(2616 - 543, 1, 1)
    assert parse_date("1 ม.ค. 17", today=TODAY) == date(2517 - 543, 1, 1)
    assert parse_date("1 ม.ค. 67", today=date(2090, 1, 1)) == date(2667 - 543, 1, 1)


def test_ce_year_is_refused_with_the_be_year_suggested():
    with pytest.raises(ThaiDateError) as err:
        parse_date("5 มกราคม 2024")
    assert isinstance(err.value, DocengineError)
    assert "CE" in err.value.en and "2567" in err.value.en
    assert "ค.ศ." in err.value.th and "๒๕๖๗" in err.value.th


def test_be_years_before_2484_are_refused():
    with pytest.raises(ThaiDateError) as err:
        parse_date("5 มกราคม 2483")
    assert "1 April" in err.value.en


@pytest.mark.parametrize("text", ["31 ก.พ. 2567", "30 กุมภาพันธ์ 2567", "29 ก.พ. 2566", "0 ม.ค. 2567"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ThaiDateError) as err:
        parse_date(text)
    assert "not a real date" in err.value.en and "ไม่มีอยู่จริง" in err.value.th


def test_leap_day_is_fine():
    assert parse_date("29 ก.พ. 2567") == date(2024, 2, 29)


def test_wrong_weekday_is_refused():
    with pytest.raises(ThaiDateError) as err:
        parse_date("วันจันทร์ที่ 25 ธันวาคม 2558")
    assert "วันศุกร์" in err.value.th


@pytest.mark.parametrize("text", ["", "hello", "5 January 2567", "5 ม.ค.", "5 ม.ค. 256"])
def test_unreadable_text_is_a_bilingual_error(text):
    with pytest.raises(ThaiDateError) as err:
        parse_date(text)
    assert err.value.en and err.value.th


def test_parse_refuses_non_text():
    with pytest.raises(ThaiDateError):
        parse_date(20240105)  # type: ignore[arg-type]


# --- parse_be_date_or_year ------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-01-05", date(2024, 1, 5)),
        ("1935-05-01", date(1935, 5, 1)),  # CE is unambiguous, even before 2484
        ("5 ม.ค. 2500", date(1957, 1, 5)),
        ("๕ มกราคม ๒๕๐๐", date(1957, 1, 5)),
        ("5/1/2500", date(1957, 1, 5)),
        ("5/01/2510", date(1967, 1, 5)),
        ("๕/๑/๒๕๐๐", date(1957, 1, 5)),
        ("5-1-2500", date(1957, 1, 5)),
        ("2500", 2500),
        ("พ.ศ. 2500", 2500),
        (" ๒๕๐๐ ", 2500),
        ("2470", 2470),  # a bare birth year needs no conversion
        (2500, 2500),
        (date(1957, 1, 5), date(1957, 1, 5)),
        (datetime(1957, 1, 5, 10, 0), date(1957, 1, 5)),
    ],
)
def test_parse_be_date_or_year(text, expected):
    result = parse_be_date_or_year(text)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize("text", ["2024", "5/1/2024", "5 ม.ค. 2024", 2024])
def test_parse_be_date_or_year_refuses_ce_years(text):
    with pytest.raises(ThaiDateError) as err:
        parse_be_date_or_year(text)
    assert "2567" in err.value.en


@pytest.mark.parametrize(
    "text, words",
    [
        ("2567-01-05", "looks like a Buddhist-era"),
        ("31/2/2567", "not a real date"),
        ("5/1/2480", "1 April"),
        ("next tuesday", "neither a date nor a year"),
        ("2024-13-01", "not a real date"),
    ],
)
def test_parse_be_date_or_year_errors(text, words):
    with pytest.raises(ThaiDateError) as err:
        parse_be_date_or_year(text)
    assert words in err.value.en and err.value.th


@given(SUPPORTED)
def test_numeric_be_dates_round_trip(d):
    assert parse_be_date_or_year(f"{d.day}/{d.month}/{d.year + 543}") == d


@given(st.dates(max_value=date(2399, 12, 31)))
def test_iso_dates_below_2400_are_ce(d):
    assert parse_be_date_or_year(d.isoformat()) == d


def test_month_name_rejects_month_13():
    with pytest.raises(ThaiDateError):
        month_name(13)


def test_one_day_apart_stays_one_day_apart():
    d = date(2023, 12, 31)
    assert format_date(d + timedelta(days=1), digits="arabic") == "1 มกราคม 2567"
