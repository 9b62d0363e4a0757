"""The radar chart of the area scores as a small, self-contained SVG (no raster, no script)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 680, 418
CENTRE_X, CENTRE_Y, RADIUS = 340, 222, 130
RINGS = (20, 40, 60, 80, 100)
BAND_FILL = {"red": "#f6dedb", "amber": "#fbeccd", "green": "#dcefe2"}
LABEL_CHARS_PER_LINE = 17
LABEL_SIZE, LINE = 16, 17  # label font size and line height, in viewBox units
RING_LABEL_SIZE = 15.5
# The report prints the chart this wide (assets/css/report.css, figure.chart svg): at this
# width one viewBox unit is 140/680 mm, so the smallest text (15.5 units) is 9 pt.
REPORT_WIDTH_MM = 140
# The bundled families (see assets/css/report.css): SVG text must not fall back to system fonts.
FONT_FAMILY = "'Report Sans', 'Report Fallback'"


@dataclass(frozen=True)
class Axis:
    """One spoke of the radar: an area's title, its score (None: not scored) and band."""

    label: str
    score: float | None
    band: str | None


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * value / 100
    return CENTRE_X + distance * math.cos(angle), CENTRE_Y + distance * math.sin(angle)


def _polygon(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _wrap(label: str) -> list[str]:
    """Split an axis label into at most three lines at word boundaries (8 pt text is wide)."""
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > LABEL_CHARS_PER_LINE:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines if len(lines) <= 3 else [*lines[:2], " ".join(lines[2:])]


def _band_zones(count: int, thresholds: Sequence[tuple[str, float]]) -> list[str]:
    """Shaded rings for the bands: each band's ring reaches up to the next band's minimum."""
    shapes = []
    ordered = sorted(thresholds, key=lambda item: -item[1])  # highest band outermost
    top = 100.0
    for band, minimum in ordered:
        points = [_point(i, count, top) for i in range(count)]
        fill = BAND_FILL.get(band, "#eeeeee")
        shapes.append(f'<polygon points="{_polygon(points)}" fill="{fill}" stroke="none"/>')
        top = minimum
        if top <= 0:
            break
    return shapes


def _grid(count: int) -> list[str]:
    lines = []
    for ring in RINGS:
        points = [_point(i, count, ring) for i in range(count)]
        lines.append(
            f'<polygon points="{_polygon(points)}" fill="none" '
            'stroke="#b9bfc7" stroke-width="0.6"/>'
        )
    for i in range(count):
        x, y = _point(i, count, 100)
        lines.append(
            f'<line x1="{CENTRE_X}" y1="{CENTRE_Y}" x2="{x:.1f}" y2="{y:.1f}" '
            'stroke="#b9bfc7" stroke-width="0.6"/>'
        )
    for ring in RINGS[1::2]:
        x, y = _point(0, count, ring)
        lines.append(
            f'<text x="{x + 4:.1f}" y="{y + 5:.1f}" font-size="{RING_LABEL_SIZE}" '
            f'fill="#6b7280">{ring}</text>'
        )
    return lines


def _label(index: int, axis: Axis, count: int, score_text: str) -> str:
    x, y = _point(index, count, 116)
    anchor = "middle" if abs(x - CENTRE_X) < 8 else ("start" if x > CENTRE_X else "end")
    lines = _wrap(axis.label)
    if y < CENTRE_Y - RADIUS * 0.5:
        y -= LINE * len(lines)
    tspans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if n == 0 else LINE}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{LABEL_SIZE}" '
        f'fill="#1f2937">{tspans}<tspan x="{x:.1f}" dy="{LINE}" '
        f'font-weight="bold">{escape(score_text)}</tspan></text>'
    )


def radar_svg(
    axes: Sequence[Axis],
    *,
    title: str,
    band_thresholds: Sequence[tuple[str, float]],
    not_scored: str,
) -> Markup:
    """An inline SVG radar of the axes; ``title`` is its accessible description."""
    count = len(axes)
    if count < 3:
        raise ValueError("a radar chart needs at least three areas")
    values = [axis.score if axis.score is not None else 0.0 for axis in axes]
    shape = [_point(i, count, value) for i, value in enumerate(values)]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="{FONT_FAMILY}">',
        f"<title>{escape(title)}</title>",
        *_band_zones(count, band_thresholds),
        *_grid(count),
        f'<polygon points="{_polygon(shape)}" fill="#1d4e89" fill-opacity="0.25" '
        'stroke="#1d4e89" stroke-width="2"/>',
    ]
    for (x, y), axis in zip(shape, axes, strict=True):
        if axis.score is not None:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#1d4e89"/>')
    for index, axis in enumerate(axes):
        score_text = not_scored if axis.score is None else f"{axis.score:.0f}"
        parts.append(_label(index, axis, count, score_text))
    parts.append("</svg>")
    # Safe: every text in the SVG went through escape() above; the rest is our own markup.
    return Markup("".join(parts))  # noqa: S704
