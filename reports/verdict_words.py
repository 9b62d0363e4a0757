"""The report's verdict sentences in its language: the summary headline and each area's
opening, chosen by ``assessment.verdicts`` from the scores and the findings as reviewed."""

from __future__ import annotations

from collections.abc import Sequence

from assessment.engine import Questionnaire, Result
from assessment.verdicts import (
    HasSeverity,
    Verdict,
    area_gaps,
    area_opening,
    caution,
    headline,
    no_gaps,
    priority,
    say,
    standing,
)
from reports.i18n import translations


class Words:
    """Verdicts of one report, said in its language with its area titles and organisation."""

    def __init__(self, q: Questionnaire, result: Result, language: str, organisation: str):
        self.q, self.result, self.language, self.organisation = q, result, language, organisation

    def say(self, verdict: Verdict) -> str:
        """A verdict sentence in the report's language."""
        return say(verdict, translations(self.language), self.language, self._title,
                   self.organisation)

    def _title(self, area_id: str) -> str:
        try:
            return self.q.text(self.q.area(area_id).title, self.language)
        except KeyError:
            return area_id

    def overall(self, findings: Sequence[HasSeverity]) -> tuple[tuple[str, ...], str]:
        """The summary's verdict sentences, and what an empty top-gaps list says."""
        state = standing(self.result, findings)
        said = (headline(state), priority(state), caution(state.confidence))
        none_found = "" if findings else self.say(no_gaps(state.areas, "report"))
        return tuple(self.say(v) for v in said if v is not None), none_found

    def area(self, area_id: str, own: Sequence[HasSeverity]) -> tuple[tuple[str, ...], str]:
        """An area page's opening sentences (its own state and gap counts), and what its
        empty gap list says (the reason, when the area is not green)."""
        state = standing(self.result, own, [area_id]).areas[0]
        told = area_gaps(state)
        opening = (area_opening(state), *((told,) if state.gaps.total else ()))
        return tuple(self.say(v) for v in opening), "" if own else self.say(told)
