"""The words that follow the numbers: every verdict sentence, chosen from the scores.

Pure (no Flask, no database). Each sentence family is one small function that reads the
bands, maturity levels, confidence and finding counts and returns a language-neutral
``Verdict`` (a key and its parameters). ``say`` turns a verdict into text with a catalogue:
the report's (reports/i18n), the client pages' or the dashboard's, whichever shows it.

The rules the functions keep (tests/test_verdicts.py checks them on random answer sets):

- nothing reassuring ("the foundations are there") while any area is red or at level 1;
- the headline names the weakest areas when some are red (or at level 1);
- an area's opening describes that area's own band, level and gap counts;
- "no gaps" is said beside a score that is not green only together with the reason (the
  "don't know" or unanswered questions, or answers that fall short without a rule firing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from assessment.engine import Result
from assessment.engine.precision import shown_score

CONFIDENT = 0.8  # below this share of real answers a verdict carries a caution
WEAKEST_NAMED = 3  # the headline names at most this many weakest areas
SEVERITIES = ("high", "medium", "low")


def N_(message: str) -> str:
    """Mark a message for extraction (babel's default keyword); translates nothing here."""
    return message


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message for extraction (babel's default keyword); translates nothing."""
    return (singular, plural)


# key -> the English msgid (a plural pair chooses its form by the ``count`` parameter).
TEXTS: Mapping[str, str | tuple[str, str]] = {
    "headline.unscored": N_(
        "Too few questions were answered to give a verdict; complete the assessment first."
    ),
    "headline.weakest": ngettext(
        "%(organisation)s is not ready for a commerce launch yet; the weakest area is "
        "%(areas)s.",
        "%(organisation)s is not ready for a commerce launch yet; the weakest areas are "
        "%(areas)s.",
    ),
    "headline.low_overall": N_(
        "%(organisation)s is not ready for a commerce launch yet: no single area is in the "
        "red, but together the scores fall short."
    ),
    "headline.close_gaps": ngettext(
        "%(organisation)s can launch once the gap in this report is closed: the foundations "
        "are there, but it needs an owner and a date.",
        "%(organisation)s can launch once the %(count)s gaps in this report are closed: the "
        "foundations are there, but each needs an owner and a date.",
    ),
    "headline.close_gaps_found": ngettext(
        "%(organisation)s can launch once %(count)s gap is closed: the foundations are there, "
        "but it needs an owner and a date.",
        "%(organisation)s can launch once %(count)s gaps are closed: the foundations are there, "
        "but each needs an owner and a date.",
    ),
    "headline.strengthen": N_(
        "%(organisation)s can launch once the weaker areas are strengthened: the foundations "
        "are there, but the scores are not yet high enough."
    ),
    "headline.ready": N_(
        "%(organisation)s is ready for a commerce launch. What remains are refinements to "
        "plan in alongside the launch."
    ),
    "priority.high": ngettext(
        "%(count)s high-severity gap must be closed before launch.",
        "%(count)s high-severity gaps must be closed before launch.",
    ),
    "confidence.low": N_(
        "Treat this verdict with care: only %(share)s of the applicable questions had a real "
        "answer, and “don’t know” counts as a gap."
    ),
    "area.unscored": N_("No question in this area had a real answer yet, so it has no score."),
    "area.red_initial": N_("Little is in place in this area yet: it is not ready for launch."),
    "area.red": N_(
        "This area is not ready for launch yet: parts are in place, but too much is missing "
        "or unknown."
    ),
    "area.amber_gaps": N_("This area can support a launch once the gaps below are closed."),
    "area.amber_clean": N_(
        "This area can support a launch, but its practices are not yet strong enough to rate "
        "it ready."
    ),
    "area.green": N_("This area is ready for launch."),
    "area.gaps": N_("This report lists %(gaps)s for this area."),
    "gaps.high": ngettext("%(count)s high-severity gap", "%(count)s high-severity gaps"),
    "gaps.medium": ngettext("%(count)s medium-severity gap", "%(count)s medium-severity gaps"),
    "gaps.low": ngettext("%(count)s low-severity gap", "%(count)s low-severity gaps"),
    "no_gaps.area": N_("No gaps were found in this area."),
    "no_gaps.report": N_("No gaps were found."),
    "no_gaps.yours": N_("We found no significant gaps in your areas."),
    "no_gaps.unknown": ngettext(
        "No specific gap was found, but %(count)s question answered “don’t know” or left "
        "open holds the score down.",
        "No specific gap was found, but %(count)s questions answered “don’t know” or left "
        "open hold the score down.",
    ),
    "no_gaps.short": N_(
        "No specific gap was found, but several answers fall short of good practice, "
        "which keeps the score below ready."
    ),
    "no_gaps.unscored": N_("Gaps can only be judged once the questions are answered."),
}

# Keys whose text reassures; never chosen while an area is red or at level 1.
REASSURING = frozenset(
    {"headline.close_gaps", "headline.close_gaps_found", "headline.strengthen", "headline.ready"}
)
# Keys that say no gap was found, without a reason; only beside green scores.
PLAIN_NO_GAPS = frozenset({"no_gaps.area", "no_gaps.report", "no_gaps.yours"})


@dataclass(frozen=True)
class Gaps:
    """How many gaps (findings in force) of each severity."""

    high: int = 0
    medium: int = 0
    low: int = 0

    @property
    def total(self) -> int:
        return self.high + self.medium + self.low


AreaScore = tuple[str, int | None]  # an area id and its shown score
ParamValue = int | float | str | tuple[str, ...] | tuple[AreaScore, ...] | Gaps


@dataclass(frozen=True)
class Verdict:
    """A sentence in no language yet: its key in ``TEXTS`` and its parameters.

    Parameters: ``count`` (chooses the plural form), ``share`` (0..1, printed as a
    percentage), ``areas`` (area ids, or (id, score) pairs, printed as a list of titles,
    each with its score), ``gaps`` (a ``Gaps``).
    """

    key: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)


@dataclass(frozen=True)
class AreaState:
    """What a verdict needs to know about one area."""

    id: str
    score: float | None
    band: str | None
    level: int | None
    confidence: float | None
    unknown: int  # applicable questions answered "don't know" or left unanswered
    gaps: Gaps = Gaps()

    @property
    def weak(self) -> bool:
        """Red, or at maturity level 1: nothing reassuring may be said while one is."""
        return self.band == "red" or self.level == 1


@dataclass(frozen=True)
class Standing:
    """What a verdict needs to know about the whole assessment (or a respondent's part)."""

    score: float | None
    band: str | None
    level: int | None
    confidence: float | None
    areas: tuple[AreaState, ...]

    @property
    def gaps(self) -> Gaps:
        return Gaps(*(sum(getattr(a.gaps, s) for a in self.areas) for s in SEVERITIES))

    @property
    def weakest(self) -> tuple[AreaState, ...]:
        """The red or level-1 areas, lowest score first."""
        weak = [a for a in self.areas if a.weak]
        return tuple(sorted(weak, key=lambda a: (a.score is None, a.score or 0.0)))


class HasSeverity(Protocol):
    """A finding as any layer holds it (engine, reviewed, report view)."""

    @property
    def area(self) -> str: ...

    @property
    def severity(self) -> str: ...


def count_gaps(findings: Sequence[HasSeverity], area_id: str | None = None) -> Gaps:
    """The findings of ``area_id`` (all when None) counted by severity."""
    mine = [f for f in findings if area_id is None or f.area == area_id]
    return Gaps(*(sum(1 for f in mine if f.severity == s) for s in SEVERITIES))


def standing(
    result: Result,
    findings: Sequence[HasSeverity] | None = None,
    areas: Sequence[str] | None = None,
) -> Standing:
    """The standing of ``result`` with ``findings`` in force (the engine's when None), over
    ``areas`` (every area when None)."""
    found: Sequence[HasSeverity] = result.findings if findings is None else findings
    states = []
    for area_id, area in result.areas.items():
        if areas is not None and area_id not in areas:
            continue
        states.append(
            AreaState(
                id=area_id,
                score=area.score,
                band=area.band,
                level=area.level,
                confidence=area.confidence,
                unknown=area.dont_know + area.unanswered,
                gaps=count_gaps(found, area_id),
            )
        )
    scored = [a for a in result.areas.values() if a.confidence is not None]
    applicable = sum(a.applicable for a in scored)
    confidence = (
        sum((a.confidence or 0.0) * a.applicable for a in scored) / applicable
        if applicable
        else None
    )
    overall = result.overall
    return Standing(overall.score, overall.band, overall.level, confidence, tuple(states))


# --- the sentence families -------------------------------------------------------------


def headline(state: Standing, scope: str = "report") -> Verdict:
    """The overall verdict: ready, ready once the gaps are closed, or not ready (and where).

    ``scope``: "report" (the gaps are "in this report") or "page" (a web page lists them).
    """
    if state.score is None:
        return Verdict("headline.unscored")
    weakest = state.weakest
    if weakest:
        named = tuple((a.id, shown_score(a.score)) for a in weakest[:WEAKEST_NAMED])
        return Verdict("headline.weakest", {"areas": named, "count": len(named)})
    gaps = state.gaps
    if state.band == "red":
        return Verdict("headline.low_overall")
    if state.band == "green" and not gaps.high:
        return Verdict("headline.ready")
    if gaps.total:
        key = "headline.close_gaps" if scope == "report" else "headline.close_gaps_found"
        return Verdict(key, {"count": gaps.total})
    return Verdict("headline.strengthen")


def priority(state: Standing) -> Verdict | None:
    """What must be done first: the high-severity gaps, when there are any."""
    high = state.gaps.high
    return Verdict("priority.high", {"count": high}) if high and state.score is not None else None


def caution(confidence: float | None) -> Verdict | None:
    """A caution when too few applicable questions had a real answer."""
    if confidence is None or confidence >= CONFIDENT:
        return None
    return Verdict("confidence.low", {"share": confidence})


def area_opening(area: AreaState) -> Verdict:
    """The first sentence of an area's page: its own band and level, nothing borrowed."""
    if area.score is None or area.band is None:
        return Verdict("area.unscored")
    if area.band == "red" or area.level == 1:
        return Verdict("area.red_initial" if area.level == 1 else "area.red")
    if area.band == "green" and not area.gaps.high:
        return Verdict("area.green")
    return Verdict("area.amber_gaps" if area.gaps.total else "area.amber_clean")


def area_gaps(area: AreaState) -> Verdict:
    """The area's own gap counts by severity, or why none is listed."""
    if area.gaps.total:
        return Verdict("area.gaps", {"gaps": area.gaps})
    return no_gaps([area], "area")


def no_gaps(areas: Sequence[AreaState], scope: str) -> Verdict:
    """No gap in ``areas``: plainly when all are green, else with the reason the score is low.

    ``scope`` picks the plain wording: "area" (an area page), "report" (the whole
    assessment), "yours" (a respondent's own areas on the done page).
    """
    if all(a.score is None for a in areas):
        return Verdict("no_gaps.unscored")
    if all(a.band == "green" and a.level != 1 for a in areas):
        return Verdict(f"no_gaps.{scope}")
    unknown = sum(a.unknown for a in areas if a.band != "green")
    if unknown:
        return Verdict("no_gaps.unknown", {"count": unknown})
    return Verdict("no_gaps.short")


# --- words ---------------------------------------------------------------------------


class Catalogue(Protocol):
    """What ``say`` needs of a gettext translations object."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


def say(
    verdict: Verdict,
    catalogue: Catalogue,
    locale: str,
    area_title: Callable[[str], str] = str,
    organisation: str = "",
) -> str:
    """``verdict`` in the catalogue's language; numbers, shares and lists as ``locale`` writes
    them, area ids as ``area_title`` names them."""
    values: dict[str, str] = {"organisation": organisation}
    for name, value in verdict.params.items():
        values[name] = _word(name, value, catalogue, locale, area_title)
    return _message(verdict.key, verdict.params.get("count"), catalogue) % values


def _message(key: str, count: ParamValue | None, catalogue: Catalogue) -> str:
    message = TEXTS[key]
    if isinstance(message, tuple):
        return catalogue.ngettext(message[0], message[1], count if isinstance(count, int) else 1)
    return catalogue.gettext(message)


def _word(
    name: str,
    value: ParamValue,
    catalogue: Catalogue,
    locale: str,
    area_title: Callable[[str], str],
) -> str:
    if isinstance(value, Gaps):
        parts = [
            _message(f"gaps.{s}", n, catalogue) % {"count": format_decimal(n, locale=locale)}
            for s in SEVERITIES
            if (n := getattr(value, s))
        ]
        return format_list(parts, locale=locale)
    if isinstance(value, tuple):
        return format_list([_named(v, area_title, locale) for v in value], locale=locale)
    if name == "share" and isinstance(value, float):
        return format_percent(value, locale=locale)
    if isinstance(value, int | float):
        return format_decimal(value, locale=locale)
    return value


def _named(area: str | AreaScore, area_title: Callable[[str], str], locale: str) -> str:
    """An area's title, with its score when known: "Customer service (5/100)"."""
    if isinstance(area, str):
        return area_title(area)
    area_id, score = area
    if score is None:
        return area_title(area_id)
    return f"{area_title(area_id)} ({format_decimal(score, locale=locale)}/100)"
