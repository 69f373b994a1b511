import pytest
from hypothesis import given
from hypothesis import strategies as st

from docengine.thai import arabic_digits, thai_digits
from docengine.thai.digits import in_digits
from docengine.thai.errors import ThaiFormatError


def test_known_vectors():
    assert thai_digits("5 มกราคม 2567") == "๕ มกราคม ๒๕๖๗"
    assert thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"
    assert arabic_digits("๐๘.๓๐ – ๑๖.๓๐ น.") == "08.30 – 16.30 น."
    assert thai_digits(2567) == "๒๕๖๗"


def test_thai_digits_are_the_real_code_points():
    assert [ord(c) for c in thai_digits("0123456789")] == list(range(0x0E50, 0x0E5A))


@given(st.text())
def test_round_trips_and_touches_only_digits(text):
    arabic = arabic_digits(text)
    assert thai_digits(arabic) == thai_digits(text)
    assert arabic_digits(thai_digits(arabic)) == arabic
    assert len(thai_digits(text)) == len(text)
    for before, after in zip(text, thai_digits(text), strict=True):
        if before not in "0123456789":
            assert before == after


@given(st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙abcก.,", max_size=30))
def test_results_hold_one_kind_of_digit(text):
    assert not set(thai_digits(text)) & set("0123456789")
    assert not set(arabic_digits(text)) & set("๐๑๒๓๔๕๖๗๘๙")


def test_unknown_digit_kind_is_a_bilingual_error():
    with pytest.raises(ThaiFormatError) as err:
        in_digits("5", "roman")
    assert "thai" in err.value.en and "เลขไทย" in err.value.th
