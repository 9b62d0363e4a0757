"""shown_score: the one rounding every surface shows and every threshold reads."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.engine.precision import shown_score


@pytest.mark.parametrize(
    ("score", "shown"),
    [(0, 0), (0.5, 1), (2.5, 3), (74.49, 74), (74.5, 75), (74.9999, 75), (99.5, 100), (100, 100)],
)
def test_rounds_half_up_to_a_whole_number(score: float, shown: int) -> None:
    # Python's round() is half to even: round(2.5) == 2, round(74.5) == 74.
    assert shown_score(score) == shown
    assert isinstance(shown_score(score), int)


def test_none_stays_none() -> None:
    assert shown_score(None) is None


@given(st.decimals(min_value=0, max_value=100, places=4))
def test_agrees_with_decimal_half_up_on_every_stored_score(stored: Decimal) -> None:
    # Scores are stored to 4 decimals; for each of them the float path must agree with exact
    # decimal arithmetic, so float noise never moves a score across a band threshold.
    expected = int(stored.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert shown_score(float(stored)) == expected
