"""The precision scores are shown at, and the one rounding every threshold reads.

A score is computed to 4 decimals and stored that way (``Result.to_dict``), but people see
it rounded to ``SCORE_DECIMALS``: in ``assessment score`` and its ``--json`` shape. If bands
and levels were decided on the unrounded value, 74.96 would show as 75.0 and yet be amber.
So bands, levels and the rule functions ``area_score()`` and ``area_band()`` all read
``shown_score(score)``: what is shown is what is judged.
"""

from __future__ import annotations

SCORE_DECIMALS = 1


def shown_score(score: float | None) -> float | None:
    """``score`` rounded to the precision it is shown at (None stays None)."""
    return None if score is None else round(score, SCORE_DECIMALS)
