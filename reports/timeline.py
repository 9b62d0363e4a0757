"""The roadmap drawn as a small Gantt-like SVG: one row per owner role, one bar per action.

Columns are the roadmap's phases (the open-ended last one only when it holds an action);
a Large action's bar spans its first step (pale) and the rest (solid). One viewBox unit is
one point when the figure fills the text width (172 mm), so text sizes here are the sizes
printed: never under 8 pt. Every text is escaped; the rest is our own markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from markupsafe import Markup, escape

from reports.charts import FONT_FAMILY
from reports.plan import LAST, Roadmap

WIDTH = 486.0  # points: the text width of an A4 page with the report's margins
LABEL_WIDTH = 118.0
FONT, SMALL, LINE = 8.5, 8.0, 10.0
HEADER = 2 * LINE + 8
LANE, BAR = 16.0, 12.0
CHAR = 0.56  # average glyph width of the report font, in em (for wrapping only)
FILL = {"high": "#a8261b", "medium": "#b86e00", "low": "#2f6f8f"}
PALE = {"high": "#f3cfca", "medium": "#f6dfb8", "low": "#cfe0ea"}


class Timed(Protocol):
    """What the timeline reads of a finding."""

    @property
    def id(self) -> str: ...

    @property
    def severity(self) -> str: ...

    @property
    def owner(self) -> str: ...

    @property
    def owner_name(self) -> str: ...


@dataclass(frozen=True)
class _Bar:
    finding: Any
    start: int
    end: int
    split: bool  # a Large action: the first slot is its first step


def wrap(text: str, width: float, size: float, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` points at ``size``; the last one
    ends with an ellipsis when the text does not fit."""
    limit = max(4, int(width / (size * CHAR)))
    out: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > limit:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1:])]
    return [item if len(item) <= limit else item[: limit - 1].rstrip() + "…" for item in out]


def _bars(plan: Roadmap[Any]) -> list[_Bar]:
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    found: dict[str, Any] = {}
    split: set[str] = set()
    for phase in plan.phases:
        for step in phase.items:
            fid = step.finding.id
            found[fid] = step.finding
            first.setdefault(fid, phase.index)
            last[fid] = phase.index
            if step.part == "start":
                split.add(fid)
    return [_Bar(found[f], first[f], last[f], f in split) for f in found]


def _lanes(bars: Sequence[_Bar]) -> list[tuple[_Bar, int]]:
    """Bars of one row in lanes: a bar goes into the first lane free over its phases."""
    ends: list[int] = []
    placed = []
    for bar in sorted(bars, key=lambda b: (b.start, b.end)):
        lane = next((i for i, end in enumerate(ends) if end < bar.start), len(ends))
        if lane == len(ends):
            ends.append(bar.end)
        else:
            ends[lane] = bar.end
        placed.append((bar, lane))
    return placed


def _text(x: float, y: float, lines: Sequence[str], **attrs: Any) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attrs.items())
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{spans}</text>'


def timeline_svg(plan: Roadmap[Any], gettext: Callable[[str], str]) -> Markup:
    """The roadmap as an inline SVG; empty markup when the plan has no action."""
    _ = gettext
    bars = _bars(plan)
    if not bars:
        return Markup("")
    columns = LAST + 1 if plan.phases[LAST].items else LAST
    col = (WIDTH - LABEL_WIDTH) / columns
    owners: dict[str, list[_Bar]] = {}
    for bar in sorted(bars, key=lambda b: b.start):
        owners.setdefault(bar.finding.owner, []).append(bar)
    body: list[str] = []
    y = HEADER
    for index, row in enumerate(owners.values()):
        placed = _lanes(row)
        label = wrap(row[0].finding.owner_name, LABEL_WIDTH - 8, FONT, 3)
        height = max(LANE * (1 + max(lane for _, lane in placed)), LINE * len(label)) + 8
        if index % 2 == 0:
            body.append(f'<rect x="0" y="{y:.1f}" width="{WIDTH}" height="{height:.1f}" '
                        'fill="#f4f6f9"/>')
        body.append(_text(4, y + 4 + FONT, label, font_size=FONT, fill="#1f2937"))
        for bar, lane in placed:
            body.append(_bar(bar, LABEL_WIDTH + bar.start * col, y + 4 + lane * LANE, col))
        y += height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'viewBox="0 0 {WIDTH:.0f} {{height}}" width="{WIDTH:.0f}pt" height="{{height}}pt" '
        f'font-family="{FONT_FAMILY}">',
        f"<title>{escape(_('Roadmap timeline: one row per owner, one bar per action in the phases it runs in'))}</title>",  # noqa: E501
        *body,
    ]
    for i in range(columns):
        x = LABEL_WIDTH + i * col
        lines = wrap(plan.phases[i].label, col - 6, FONT, 2)
        parts.append(_text(x + col / 2, 4 + FONT, lines, font_size=FONT, font_weight="bold",
                           text_anchor="middle", fill="#1d3f6e"))
        parts.append(f'<line x1="{x:.1f}" y1="{HEADER - 4}" x2="{x:.1f}" y2="{y:.1f}" '
                     'stroke="#c9ced6" stroke-width="0.6"/>')
    if plan.launch_relative and columns > LAST:
        x = LABEL_WIDTH + LAST * col
        parts.append(f'<line x1="{x:.1f}" y1="{HEADER - 4}" x2="{x:.1f}" y2="{y + 4:.1f}" '
                     'stroke="#1d3f6e" stroke-width="1.4" stroke-dasharray="3 2"/>')
        parts.append(_text(x, y + 4 + SMALL + 2, [_("Go-live")], font_size=SMALL,
                           text_anchor="middle", font_weight="bold", fill="#1d3f6e"))
    y += 4 + LINE + 6
    parts += _legend(y, _, any(bar.split for bar in bars))
    height = y + LINE + 4
    parts.append("</svg>")
    # Safe: every text above went through escape(); the rest is our own markup.
    return Markup("".join(parts).replace("{height}", f"{height:.0f}"))  # noqa: S704


def _bar(bar: _Bar, x: float, y: float, col: float) -> str:
    severity = bar.finding.severity
    width = (bar.end - bar.start + 1) * col - 6
    parts = [f'<rect x="{x + 3:.1f}" y="{y:.1f}" width="{width:.1f}" height="{BAR}" rx="2" '
             f'fill="{FILL[severity]}"/>']
    text_x = x + 3 + col / 2 - 3
    if bar.split:
        parts.append(f'<rect x="{x + 3:.1f}" y="{y:.1f}" width="{col - 6:.1f}" height="{BAR}" '
                     f'rx="2" fill="{PALE[severity]}" stroke="{FILL[severity]}" '
                     'stroke-width="0.8"/>')
        parts.append(_text(text_x, y + BAR - 3, [bar.finding.id], font_size=SMALL,
                           text_anchor="middle", fill="#1f2937"))
        text_x += col
    for _slot in range(bar.start + (1 if bar.split else 0), bar.end + 1):
        parts.append(_text(text_x, y + BAR - 3, [bar.finding.id], font_size=SMALL,
                           text_anchor="middle", fill="#ffffff", font_weight="bold"))
        text_x += col
    return "".join(parts)


def _legend(y: float, _: Callable[[str], str], first_steps: bool) -> list[str]:
    severity = _("Severity")
    parts = [_text(4, y + 7.5, [severity], font_size=SMALL, fill="#374151")]
    x = 4 + len(severity) * SMALL * CHAR + 8
    items: list[tuple[str, str | None, str]] = [
        (FILL["high"], None, _("High")),
        (FILL["medium"], None, _("Medium")),
        (FILL["low"], None, _("Low")),
    ]
    if first_steps:
        items.append((PALE["medium"], FILL["medium"], _("First step of a large action")))
    for fill, stroke, label in items:
        outline = f' stroke="{stroke}" stroke-width="0.8"' if stroke else ""
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="8" rx="1.5" '
                     f'fill="{fill}"{outline}/>')
        parts.append(_text(x + 18, y + 7.5, [label], font_size=SMALL, fill="#374151"))
        x += 18 + len(label) * SMALL * CHAR + 14
    return parts
