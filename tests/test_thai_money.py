from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docengine.errors import DocengineError
from docengine.thai import AmountError, as_amount, baht_text, format_amount, number_words


@pytest.mark.parametrize(
    "amount, words",
    [
        (650700, "หกแสนห้าหมื่นเจ็ดร้อยบาทถ้วน"),
        ("650700", "หกแสนห้าหมื่นเจ็ดร้อยบาทถ้วน"),
        (Decimal("2500.50"), "สองพันห้าร้อยบาทห้าสิบสตางค์"),
        ("2,500.50", "สองพันห้าร้อยบาทห้าสิบสตางค์"),
        ("๒,๕๐๐.๕๐", "สองพันห้าร้อยบาทห้าสิบสตางค์"),
        ("0.25", "ยี่สิบห้าสตางค์"),
        (0, "ศูนย์บาทถ้วน"),
        ("0.00", "ศูนย์บาทถ้วน"),
        (1, "หนึ่งบาทถ้วน"),
        (10, "สิบบาทถ้วน"),
        (11, "สิบเอ็ดบาทถ้วน"),
        (20, "ยี่สิบบาทถ้วน"),
        (21, "ยี่สิบเอ็ดบาทถ้วน"),
        (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        (110, "หนึ่งร้อยสิบบาทถ้วน"),
        (1001, "หนึ่งพันเอ็ดบาทถ้วน"),
        (1000001, "หนึ่งล้านเอ็ดบาทถ้วน"),
        (1000000, "หนึ่งล้านบาทถ้วน"),
        (21000000, "ยี่สิบเอ็ดล้านบาทถ้วน"),
        (10**12, "หนึ่งล้านล้านบาทถ้วน"),
        (10**12 + 1, "หนึ่งล้านล้านเอ็ดบาทถ้วน"),
        (1_000_001_000_000, "หนึ่งล้านเอ็ดล้านบาทถ้วน"),
        (10**18, "หนึ่งล้านล้านล้านบาทถ้วน"),
        ("1.01", "หนึ่งบาทหนึ่งสตางค์"),
        ("0.11", "สิบเอ็ดสตางค์"),
        ("0.21", "ยี่สิบเอ็ดสตางค์"),
        (2.5, "สองบาทห้าสิบสตางค์"),
        (Decimal("5.500"), "ห้าบาทห้าสิบสตางค์"),
    ],
)
def test_vectors(amount, words):
    assert baht_text(amount) == words


def test_huge_amount_keeps_every_digit():
    # 59 nines: Decimal's default 28-digit context would round this.
    assert baht_text("9" * 59 + ".99").startswith("เก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าล้าน")
    assert format_amount("9" * 59 + ".99", digits="arabic").endswith("999,999.99")


@pytest.mark.parametrize(
    "bad, words",
    [
        ("2.675", "more than two decimal places"),
        (2.675, "more than two decimal places"),
        (Decimal("0.001"), "more than two decimal places"),
        (-1, "negative"),
        ("-5", "negative"),
        (Decimal("-0.01"), "negative"),
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        (Decimal("NaN"), "finite"),
        (Decimal("Infinity"), "finite"),
        ("abc", "not an amount"),
        ("", "not an amount"),
        ("1e5", "not an amount"),
        ("2,50", "not an amount"),
        (None, "not an amount"),
        (True, "not an amount"),
        ([5], "not an amount"),
        (Decimal("1E+70"), "too large"),
    ],
)
def test_bad_amounts_are_bilingual_errors(bad, words):
    with pytest.raises(AmountError) as err:
        baht_text(bad)
    assert isinstance(err.value, DocengineError)
    assert words in err.value.en
    assert err.value.th and err.value.th != err.value.en


def test_floats_are_read_as_written():
    assert as_amount(0.1) == Decimal("0.10")
    assert as_amount(2500.5) == Decimal("2500.50")


@pytest.mark.parametrize(
    "amount, thai, arabic",
    [
        (Decimal("650700"), "๖๕๐,๗๐๐", "650,700"),
        (Decimal("2500.50"), "๒,๕๐๐.๕๐", "2,500.50"),
        (Decimal("2500.5"), "๒,๕๐๐.๕๐", "2,500.50"),
        (0, "๐", "0"),
        ("0.25", "๐.๒๕", "0.25"),
    ],
)
def test_format_amount(amount, thai, arabic):
    assert format_amount(amount) == thai
    assert format_amount(amount, digits="arabic") == arabic


def test_format_amount_always_satang_like_system_reports():
    assert format_amount(650700, digits="arabic", always_satang=True) == "650,700.00"


# --- properties ---------------------------------------------------------------

AMOUNTS = st.decimals(min_value=0, max_value=10**15, places=2, allow_nan=False, allow_infinity=False)

_DIGIT = ["", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]
_PLACE = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"]


def reference_words(n: int) -> str:
    """An independent digit-by-digit reading to check the implementation against."""
    if n == 0:
        return "ศูนย์"
    millions, rest = divmod(n, 10**6)
    out = reference_words(millions) + "ล้าน" if millions else ""
    digits = f"{rest:06d}"
    for i, ch in enumerate(digits):
        d, place = int(ch), 5 - i
        if d == 0:
            continue
        if place == 1 and d == 1:
            out += "สิบ"
        elif place == 1 and d == 2:
            out += "ยี่สิบ"
        elif place == 0 and d == 1 and n > 1:
            out += "เอ็ด"
        else:
            out += _DIGIT[d] + _PLACE[place]
    return out


@given(st.integers(min_value=1, max_value=10**30))
def test_number_words_agree_with_a_reference(n):
    assert number_words(n) == reference_words(n)


@given(AMOUNTS)
def test_every_amount_reads_as_baht_or_satang(amount):
    words = baht_text(amount)
    assert words.endswith("ถ้วน") or words.endswith("สตางค์")
    assert words.endswith("ถ้วน") == (amount == amount.to_integral_value())
    assert words.startswith("ศูนย์") == (amount == 0)
    assert "หนึ่งสิบ" not in words and "สองสิบ" not in words
    assert baht_text(str(amount)) == words == baht_text(format_amount(amount))


@given(AMOUNTS)
def test_figures_round_trip(amount):
    assert as_amount(format_amount(amount)) == amount
    assert as_amount(format_amount(amount, digits="arabic", always_satang=True)) == amount
