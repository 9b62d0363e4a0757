"""A render has a time limit, and the renderer keeps working after one is stopped."""

from __future__ import annotations

import pytest
from report_support import Rendered

from reports import RenderTimeout, render_pdf


def test_a_render_over_its_limit_is_stopped_and_the_next_one_works(hostile: Rendered) -> None:
    with pytest.raises(RenderTimeout):
        render_pdf(hostile.html, identifier="slow", timeout=0.05)
    pdf = render_pdf("<!DOCTYPE html><html lang=en><head><title>t</title></head>"
                     "<body><p>after</p></body></html>", identifier="next", timeout=30)
    assert pdf.startswith(b"%PDF-")
