"""Thai locale core: digits, Buddhist-Era dates, Bangkok time, fiscal years, baht, citizen IDs, provinces.

Everything a document needs to be written the Thai way, and read back from input files.

>>> from datetime import date
>>> format_date(date(2024, 1, 5))
'๕ มกราคม ๒๕๖๗'
>>> baht_text("650700")
'หกแสนห้าหมื่นเจ็ดร้อยบาทถ้วน'
>>> citizen_id.format("3100600445635")
'3-1006-00445-63-5'
"""

from . import citizen_id, places
from .calendar import (
    be_year,
    be_year_bounds,
    check_ce_year,
    check_not_future,
    format_date,
    format_weekday_date,
    month_name,
    parse_be_date_or_year,
    parse_date,
    parse_moment,
)
from .clock import BANGKOK, bangkok_now, bangkok_today, format_time, to_bangkok
from .digits import arabic_digits, thai_digits
from .errors import AmountError, CitizenIdError, ProvinceError, ThaiDateError, ThaiFormatError
from .fiscal import fiscal_quarter, fiscal_year, fiscal_year_bounds
from .labels import status_word
from .money import as_amount, baht_text, format_amount, number_words
from .places import province_code, province_name

__all__ = [
    "AmountError",
    "BANGKOK",
    "CitizenIdError",
    "ProvinceError",
    "ThaiDateError",
    "ThaiFormatError",
    "arabic_digits",
    "as_amount",
    "baht_text",
    "bangkok_now",
    "bangkok_today",
    "be_year",
    "be_year_bounds",
    "check_ce_year",
    "check_not_future",
    "citizen_id",
    "fiscal_quarter",
    "fiscal_year",
    "fiscal_year_bounds",
    "format_amount",
    "format_date",
    "format_time",
    "format_weekday_date",
    "month_name",
    "number_words",
    "parse_be_date_or_year",
    "parse_date",
    "parse_moment",
    "places",
    "province_code",
    "province_name",
    "status_word",
    "thai_digits",
    "to_bangkok",
]
