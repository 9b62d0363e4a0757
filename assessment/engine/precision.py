"""The precision scores are shown at, and the one rounding every threshold reads.

A score is computed to 4 decimals and stored that way, but people see it as a whole number
out of 100: in ``assessment score`` and its ``--json`` shape, on every page of the web
application and in the PDF report. If bands and levels were decided on the unrounded value,
74.6 would show as 75 and yet be amber against a green threshold of 75. So bands, levels and
the rule functions ``area_score()`` and ``area_band()`` all read ``shown_score(score)``: what
is shown is what is judged, and every surface shows ``shown_score`` rather than rounding on
its own.

Rounding is half up (74.5 shows as 75), not Python's half-to-even ``round`` (which would
show 74.5 as 74 but 75.5 as 76): a reader checking a threshold expects the school rule.
"""

from __future__ import annotations

import math
from typing import overload

SCORE_DECIMALS = 0  # what shown_score rounds to; kept for the modules that document it


@overload
def shown_score(score: float) -> int: ...
@overload
def shown_score(score: None) -> None: ...
@overload
def shown_score(score: float | None) -> int | None: ...


def shown_score(score: float | None) -> int | None:
    """``score`` rounded half up to a whole number, as it is shown (None stays None)."""
    if score is None:
        return None
    # Scores are 0..100 and already rounded to 4 decimals; rounding to 6 first keeps a value
    # like 74.49999999 from float arithmetic from tipping a .5 the wrong way.
    return math.floor(round(score, 6) + 0.5)
