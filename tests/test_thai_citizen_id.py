import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.th import pin

from docengine.thai import CitizenIdError, arabic_digits, citizen_id, thai_digits

KNOWN = "3100600445635"  # the brief's worked example (python-stdnum doctest)


@st.composite
def valid_ids(draw):
    body = draw(st.sampled_from("12345678")) + draw(st.text(alphabet="0123456789", min_size=11, max_size=11))
    return body + pin.calc_check_digit(body)


def test_known_number():
    assert citizen_id.validate(KNOWN) == KNOWN
    assert citizen_id.format(KNOWN) == "3-1006-00445-63-5"
    assert citizen_id.mask(KNOWN) == "X-XXXX-XXXX5-63-5"
    assert citizen_id.mask(KNOWN, grouped=False) == "XXXXXXXXX5635"


@pytest.mark.parametrize("spelling", ["3-1006-00445-63-5", "3 1006 00445 63 5", "๓-๑๐๐๖-๐๐๔๔๕-๖๓-๕", " 3100600445635 ",
                                      3100600445635])
def test_accepted_spellings(spelling):
    assert citizen_id.validate(spelling) == KNOWN
    assert citizen_id.is_valid(spelling)


def test_mask_matches_the_pdpa_example():
    # Brief §8: "X-XXXX-XXXX8-89-0" / "XXXXXXXXX๘๘๙๐": the last four are 8, 8, 9, 0.
    number = next(b + "0" for i in range(100) if pin.calc_check_digit(b := f"1101700{i:02d}889") == "0")
    assert number.endswith("8890")
    assert citizen_id.mask(number) == "X-XXXX-XXXX8-89-0"
    assert citizen_id.mask(number, grouped=False, digits="thai") == "XXXXXXXXX๘๘๙๐"


@pytest.mark.parametrize(
    "bad, words",
    [
        ("3100600445636", "check digit"),
        ("310060044563", "13 digits"),
        ("31006004456355", "13 digits"),
        ("31006004456x5", "only digits"),
        ("0100600445635", "cannot start with 0"),
        ("9100600445638", "cannot start with 9"),
        ("", "13 digits"),
        (None, "13 digits"),
    ],
)
def test_invalid_numbers_are_bilingual_errors(bad, words):
    with pytest.raises(CitizenIdError) as err:
        citizen_id.validate(bad)
    assert words in err.value.en and "เลขประจำตัวประชาชน" in err.value.th
    assert not citizen_id.is_valid(bad)
    with pytest.raises(CitizenIdError):
        citizen_id.mask(bad)


@given(valid_ids())
def test_valid_ids_agree_with_stdnum(number):
    assert citizen_id.is_valid(number) and pin.is_valid(number)
    assert citizen_id.validate(thai_digits(citizen_id.format(number))) == number


@given(valid_ids(), st.integers(min_value=1, max_value=9))
def test_a_changed_check_digit_is_caught(number, delta):
    changed = number[:-1] + str((int(number[-1]) + delta) % 10)
    assert not citizen_id.is_valid(changed)


@given(valid_ids(), st.integers(min_value=0, max_value=11), st.integers(min_value=1, max_value=9))
def test_changed_digits_are_judged_like_stdnum(number, position, delta):
    # (11 - s mod 11) mod 10 maps two remainders to 1, so not every typo is caught.
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1:]
    assert citizen_id.is_valid(changed) == pin.is_valid(changed)


@given(valid_ids())
def test_format_and_mask_shapes(number):
    formatted = citizen_id.format(number)
    masked = citizen_id.mask(number)
    assert [len(g) for g in formatted.split("-")] == [1, 4, 5, 2, 1]
    assert [len(g) for g in masked.split("-")] == [1, 4, 5, 2, 1]
    assert formatted.replace("-", "") == number
    assert masked.replace("-", "")[-4:] == number[-4:]
    assert set(masked.replace("-", "")[:9]) == {"X"}
    assert arabic_digits(citizen_id.format(number, digits="thai")) == formatted
