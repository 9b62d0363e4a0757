"""What the dashboard list is asked for: the query, its defaults, and parsing it from a URL.

``parse_query`` reads URL parameters (a ``MultiDict`` or a plain mapping) into a
``ListQuery``; a bad value raises ``ListQueryError`` naming the parameter and the values it
accepts. Several statuses may be asked for at once (``?status=submitted&status=in_review``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from assessment.models.assessment import Status
from assessment.services.errors import N_, DomainError

BANDS = ("red", "amber", "green")
RISK_BAND = "red"
NOT_SCORED = "none"  # the band filter value for assessments without a score yet
ANY_AREA = "any"
PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25
MAX_SEARCH_LENGTH = 100


class Sort(enum.StrEnum):
    """The orders the list offers; each has an index (see models/listing.py)."""

    ACTIVITY = "activity"
    ORGANISATION = "organisation"
    PROGRESS = "progress"
    SCORE = "score"
    CREATED = "created"


DEFAULT_DIRECTION = {
    Sort.ACTIVITY: "desc",
    Sort.ORGANISATION: "asc",
    Sort.PROGRESS: "desc",
    Sort.SCORE: "asc",
    Sort.CREATED: "desc",
}


class ListQueryError(DomainError):
    """A list parameter is not valid; the message names it and the accepted values."""


@dataclass(frozen=True)
class ListQuery:
    """What the user asked for: search, filters, sort, page."""

    search: str = ""
    status: tuple[str, ...] | str | None = ()  # any of these (a single value is accepted)
    band: str | None = None
    risk_area: str | None = None
    sort: Sort = Sort.ACTIVITY
    direction: str = "desc"
    page: int = 1
    per_page: int = DEFAULT_PAGE_SIZE

    def __post_init__(self) -> None:
        if not isinstance(self.status, tuple):
            object.__setattr__(self, "status", (self.status,) if self.status else ())

    @property
    def statuses(self) -> tuple[str, ...]:
        """The statuses asked for (none: any status)."""
        return self.status if isinstance(self.status, tuple) else ()

    def to_args(self, **changes: Any) -> dict[str, Any]:
        """URL parameters for this query with some changed; defaults left out."""
        query = replace(self, **changes)
        args = {
            "q": query.search,
            "status": list(query.statuses),
            "band": query.band or "",
            "risk": query.risk_area or "",
            "sort": query.sort.value,
            "dir": query.direction if query.direction != DEFAULT_DIRECTION[query.sort] else "",
            "page": str(query.page) if query.page != 1 else "",
            "per_page": str(query.per_page) if query.per_page != DEFAULT_PAGE_SIZE else "",
        }
        if query.sort == Sort.ACTIVITY:
            args["sort"] = ""
        return {key: value for key, value in args.items() if value}


def parse_query(args: Mapping[str, str], area_ids: list[str]) -> ListQuery:
    """A ListQuery from URL parameters; ListQueryError names a bad parameter and its values."""
    sort = _choice(args, "sort", [s.value for s in Sort], Sort.ACTIVITY.value)
    chosen_sort = Sort(sort)
    return ListQuery(
        search=_search(args.get("q", "")),
        status=_choices(args, "status", [s.value for s in Status]),
        band=_choice(args, "band", [*BANDS, NOT_SCORED], None),
        risk_area=_choice(args, "risk", [ANY_AREA, *area_ids], None),
        sort=chosen_sort,
        direction=_choice(args, "dir", ["asc", "desc"], DEFAULT_DIRECTION[chosen_sort]) or "desc",
        page=_positive_int(args, "page", 1),
        per_page=int(_choice(args, "per_page", [str(n) for n in PAGE_SIZES], "25") or 25),
    )


def _choice(args: Mapping[str, str], name: str, valid: list[str], default: str | None) -> Any:
    value = (args.get(name) or "").strip()
    if not value:
        return default
    if value not in valid:
        raise ListQueryError(
            N_(
                "%(name)s: %(value)s is not one of %(valid)s.",
                name=name,
                value=value[:50],
                valid=", ".join(valid),
            )
        )
    return value


def _choices(args: Mapping[str, str], name: str, valid: list[str]) -> tuple[str, ...]:
    """Every value given for ``name`` (repeated parameters), checked, in ``valid`` order."""
    getlist = getattr(args, "getlist", None)
    raw: Any = getlist(name) if callable(getlist) else args.get(name)
    given = raw if isinstance(raw, list | tuple) else [raw or ""]
    chosen = {_choice({name: value}, name, valid, None) for value in given}
    return tuple(value for value in valid if value in chosen)


def _positive_int(args: Mapping[str, str], name: str, default: int) -> int:
    value = (args.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1 or len(value) > 9:
        raise ListQueryError(
            N_("%(name)s: %(value)s is not a page number.", name=name, value=value[:50])
        )
    return int(value)


def _search(raw: str) -> str:
    value = " ".join(raw.split())
    if len(value) > MAX_SEARCH_LENGTH:
        raise ListQueryError(
            N_("q: the search is longer than %(n)d characters.", n=MAX_SEARCH_LENGTH)
        )
    return value


