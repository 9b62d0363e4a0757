"""Where things landed on the report's pages: how full each page is, what ends it, how
tables split. Read from WeasyPrint's laid-out boxes (the PDF's text has no positions)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from reports.fetcher import BundledAssetFetcher
from reports.render import PDF_OPTIONS

HEADINGS = {"h1", "h2", "h3", "h4"}
MIN_FILL = 0.25  # no page less than a quarter full, except a section's last
MIN_ROWS = 2  # a table splits with at least this many body rows on each side


@dataclass
class PageLayout:
    """One page: how far down its content reaches, whether a forced break starts it, the
    elements around its last line, and its body rows per table."""

    number: int
    fill: float
    starts_section: bool
    last_chain: list[str]
    rows: dict[int, tuple[str, int]] = field(default_factory=dict)


def _walk(box: Any, ancestors: tuple[Any, ...] = ()) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    yield box, ancestors
    for child in getattr(box, "children", None) or ():
        yield from _walk(child, (*ancestors, box))


def _name(box: Any) -> str:
    classes = box.element.get("class", "") if box.element is not None else ""
    return f"{box.element_tag}.{classes}".rstrip(".")


def layout(html: str) -> list[PageLayout]:
    """Lay ``html`` out as the renderer does and describe every page."""
    document = HTML(string=html, url_fetcher=BundledAssetFetcher()).render(**PDF_OPTIONS)
    seen: set[int] = set()
    pages = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        top, height = page_box.content_box_y(), page_box.height
        bottom, last, starts = top, (), False
        rows: dict[int, tuple[str, int]] = {}
        for box, ancestors in _walk(page_box.children[0]):
            element = box.element
            if (element is not None and id(element) not in seen
                    and isinstance(box, boxes.BlockBox) and box.style["break_before"] == "page"):
                starts = True
            if element is not None:
                seen.add(id(element))
            if isinstance(box, boxes.LineBox | boxes.ReplacedBox | boxes.TableRowBox):
                end = box.position_y + box.margin_height()
                if end >= bottom:
                    bottom, last = end, (*ancestors, box)
            if isinstance(box, boxes.TableRowBox) and not any(
                    a.element_tag == "thead" for a in ancestors):
                table = next(a for a in reversed(ancestors) if isinstance(a, boxes.TableBox))
                name, count = rows.get(id(table.element), (_name(table), 0))
                rows[id(table.element)] = (name, count + 1)
        pages.append(PageLayout(number, (bottom - top) / height, starts,
                                [_name(box) for box in last][-4:], rows))
    return pages


def problems(pages: list[PageLayout]) -> list[str]:
    """Every page under a quarter full that is not its section's last, every heading at a
    page foot, every table split leaving fewer than two rows on one side."""
    found = []
    for page, following in zip(pages, [*pages[1:], None], strict=True):
        section_ends = following is None or following.starts_section
        if page.fill < MIN_FILL and not section_ends:
            found.append(f"page {page.number} is {page.fill:.0%} full")
        if any(name.split(".")[0] in HEADINGS for name in page.last_chain[-2:]):
            found.append(f"page {page.number} ends with a heading ({page.last_chain})")
        for key, (name, count) in page.rows.items():
            if following is not None and key in following.rows:
                after = following.rows[key][1]
                if min(count, after) < MIN_ROWS:
                    found.append(f"{name} splits {count}|{after} rows on pages "
                                 f"{page.number}/{following.number}")
    return found
