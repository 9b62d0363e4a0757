"""The radar chart: geometry, escaping, accessibility."""

from __future__ import annotations

import re

import pytest

from reports.charts import CENTRE_X, CENTRE_Y, RADIUS, Axis, radar_svg

BANDS = [("red", 0), ("amber", 50), ("green", 75)]


def _chart(axes: list[Axis]) -> str:
    return str(radar_svg(axes, title="Scores: A 100", band_thresholds=BANDS, not_scored="n/a"))


def test_a_full_score_reaches_the_outer_ring_at_the_top() -> None:
    svg = _chart([Axis("A", 100, "green"), Axis("B", 0, "red"), Axis("C", 50, "amber")])
    shape = re.search(r'<polygon points="([^"]+)" fill="#1d4e89"', svg)
    assert shape is not None
    first = shape.group(1).split()[0]
    assert first == f"{CENTRE_X:.1f},{CENTRE_Y - RADIUS:.1f}"
    # a zero score sits at the centre
    assert shape.group(1).split()[1] == f"{CENTRE_X:.1f},{CENTRE_Y:.1f}"


def test_labels_and_title_are_escaped_text() -> None:
    svg = _chart([Axis("<script>x</script>", 10, "red"), Axis("B & C", None, None),
                  Axis('"q"', 90, "green")])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "B &amp; C" in svg
    assert "<title>Scores: A 100</title>" in svg
    assert 'role="img"' in svg


def test_an_unscored_area_is_labelled_and_has_no_marker() -> None:
    svg = _chart([Axis("A", None, None), Axis("B", 40, "red"), Axis("C", 60, "amber")])
    assert ">n/a<" in svg
    assert svg.count("<circle") == 2


def test_band_rings_are_drawn_for_each_band() -> None:
    svg = _chart([Axis("A", 1, "red"), Axis("B", 2, "red"), Axis("C", 3, "red")])
    for colour in ("#f6dedb", "#fbeccd", "#dcefe2"):
        assert colour in svg


def test_no_script_no_raster_no_external_reference() -> None:
    svg = _chart([Axis(str(i), i * 10, "red") for i in range(5)])
    assert "<image" not in svg and "href" not in svg and "<script" not in svg


def test_needs_three_axes() -> None:
    with pytest.raises(ValueError, match="at least three"):
        _chart([Axis("A", 1, "red"), Axis("B", 2, "red")])
