"""The cell parsers of excel.reader: every value a cell can hold becomes a value or an Invalid
with a message, never another exception (a 500)."""
from decimal import Decimal

import pytest

from excel.reader import Invalid, integer, number


@pytest.mark.parametrize("value", [
    1e308, -1e308, "1e308", "1E+999999", "-1e400", float("inf"), float("-inf"), float("nan"), "inf", "-Infinity",
    "NaN", "sNaN", "1e-400", "0.0000000000000000001", "9" * 400, 10**400,
])
def test_number_refuses_extreme_values_with_a_message(value):
    with pytest.raises(Invalid) as refused:
        number(value, places=1)
    assert len(str(refused.value)) < 200  # the value is shown, not 400 digits of it


@pytest.mark.parametrize("value", ["1e308", 1e308, "1e-400"])
def test_number_with_wide_bounds_refuses_huge_and_tiny_values(value):
    """The pledge target value: ±10¹² with 2 decimals."""
    with pytest.raises(Invalid):
        number(value, low=-10**12, high=10**12, places=2)


@pytest.mark.parametrize("value, expected", [
    (87.5, Decimal("87.5")), ("87.5", Decimal("87.5")), (0.1, Decimal("0.1")), ("1e1", Decimal("10.0")),
    (100, Decimal("100.0")), ("  92 ", Decimal("92.0")), (0, Decimal("0.0")),
])
def test_number_still_takes_ordinary_scores(value, expected):
    assert number(value, places=1) == expected


@pytest.mark.parametrize("value", [
    "²", "¹²", "٣", 1e308, float("inf"), float("nan"), "1e3", 10**40, "9" * 400, True,
])
def test_integer_refuses_what_is_not_a_plain_integer(value):
    with pytest.raises(Invalid):
        integer(value)


@pytest.mark.parametrize("value, expected", [(12, 12), (12.0, 12), ("12", 12), (" 7 ", 7)])
def test_integer_still_takes_ordinary_numbers(value, expected):
    assert integer(value) == expected
