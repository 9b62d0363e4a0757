"""A summary for a proposal: the report's headline messages, top three gaps and first steps,
as plain text and as Markdown, in the assessment's language.

Built from the report's own model (``reports.build_report``) and written with the report's
templates and catalogue (the headline list is ``templates/report/headlines.html`` itself,
read back as text), so every sentence is word for word what the client's report says.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from sqlalchemy.orm import Session

from assessment.branding import DEFAULT_BRANDING, Branding
from assessment.models.assessment import Assessment
from assessment.services import bank
from assessment.services import reports as report_service
from assessment.services.errors import N_, ConflictError, DomainError
from reports import Report, build_report
from reports.i18n import LANGUAGES, translations
from reports.render import environment

TOP_GAPS = 3
_HEADLINES = '{% import "_macros.html" as m with context %}{% include "headlines.html" %}'


class UnknownLanguage(DomainError):
    """The summary language asked for is not a report language (a 400)."""


class NotScoredYet(ConflictError):
    """The assessment has no scores yet: there is nothing to summarise (a 409)."""


class VersionMissing(ConflictError):
    """The bank no longer holds the assessment's questionnaire version (a 409)."""


@dataclass(frozen=True)
class Gap:
    """One of the top gaps, in the report's words."""

    severity: str  # "High", "Medium" or "Low" in the summary's language
    title: str
    area: str
    owner: str
    recommendation: str


@dataclass(frozen=True)
class Step:
    """One action of the roadmap's first phase."""

    text: str
    owner: str


@dataclass(frozen=True)
class ProposalSummary:
    """The summary's parts, every word in ``language`` (headings are the report's own)."""

    language: str
    title: str  # "Commerce readiness gap report — Fjällsport AB"
    headlines_title: str
    headlines: tuple[str, ...]
    verdict: str
    gaps_title: str
    gaps: tuple[Gap, ...]
    no_gaps: str
    steps_title: str  # "Roadmap — <the first phase>"
    steps: tuple[Step, ...]
    no_steps: str
    words: dict[str, str]  # "owner", "recommendation"


def proposal_summary(session: Session, assessment: Assessment, language: str | None = None,
                     branding: Branding = DEFAULT_BRANDING) -> ProposalSummary:
    """The summary of a scored assessment (NotScoredYet before it is scored)."""
    if language and language not in LANGUAGES:
        raise UnknownLanguage(N_("There is no summary in %(language)s: choose one of "
                                 "%(languages)s.", language=language[:20],
                                 languages=", ".join(LANGUAGES)), "lang")
    try:
        # No peer benchmark: none of these parts shows it, and it is the costly query.
        data = report_service.report_input(session, assessment, language or assessment.language,
                                           "executive", branding, peers=False)
    except report_service.ReportNotReady:
        raise NotScoredYet(N_("The summary is available once the assessment has been "
                              "scored.")) from None
    except bank.PinnedVersionError:
        raise VersionMissing(N_("The summary needs the questionnaire version this assessment "
                                "was answered on, and the question bank no longer has it."
                                )) from None
    return _summary(build_report(data))


def _summary(report: Report) -> ProposalSummary:
    # The report's catalogue (reports/i18n), not the dashboard's: the report's own words.
    said = translations(report.language).gettext
    macros: Any = environment(report.language).get_template("_macros.html").module
    plan = report.plan
    first = plan.shown[0] if plan.shown else None
    return ProposalSummary(
        language=report.language,
        title=f"{report.title} — {report.organisation}",
        headlines_title=said("Executive summary"),
        headlines=_headlines(report),
        verdict=" ".join(report.overall.verdict),
        gaps_title=said("The most important gaps"),
        gaps=tuple(Gap(str(macros.severity_label(f.severity)), f.title, f.area_title,
                       f.owner_name, f.recommendation) for f in report.top_gaps[:TOP_GAPS]),
        no_gaps=report.overall.no_gaps,
        steps_title=f"{said('Roadmap')} — {first.label}" if first else said("Roadmap"),
        steps=tuple(Step(_step_text(step, said), step.finding.owner_name)
                    for step in (first.items if first else ())),
        no_steps=said("The assessment found no gaps: there are no actions to plan."),
        words={"owner": said("Owner"), "recommendation": said("Recommendation:")},
    )


def _headlines(report: Report) -> tuple[str, ...]:
    """The report's headline list, rendered by its own template and read back as text."""
    html = environment(report.language).from_string(_HEADLINES).render(report=report)
    reader = _ListItems()
    reader.feed(html)
    return tuple(reader.items)


def _step_text(step: Any, said: Any) -> str:
    """An action as the report's roadmap words it (plan.html)."""
    title = step.finding.title
    if step.part == "start":
        return str(step.text or said("Plan and staff: %(title)s") % {"title": title})
    if step.part == "rest":
        return str(said("%(title)s (continued)") % {"title": title})
    return str(title)


class _ListItems(HTMLParser):
    """The text of each ``<li>``, whitespace collapsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self._open = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._open is not None:
            self.items.append(" ".join("".join(self._open).split()))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)


def as_markdown(summary: ProposalSummary) -> str:
    """The summary as Markdown (headings, lists, bold gap titles)."""
    lines = [f"# {_md(summary.title)}", "", f"## {_md(summary.headlines_title)}", ""]
    lines += [f"- {_md(line)}" for line in summary.headlines]
    if summary.verdict:
        lines += ["", _md(summary.verdict)]
    lines += ["", f"## {_md(summary.gaps_title)}", ""]
    for number, gap in enumerate(summary.gaps, 1):
        lines += [f"{number}. **{_md(gap.title)}** ({_md(gap.severity)}) — {_md(gap.area)}; "
                  f"{_md(summary.words['owner'])}: {_md(gap.owner)}",
                  f"   {_md(summary.words['recommendation'])} {_md(gap.recommendation)}"]
    if not summary.gaps:
        lines.append(_md(summary.no_gaps))
    lines += ["", f"## {_md(summary.steps_title)}", ""]
    lines += [f"- {_md(step.text)} ({_md(summary.words['owner'])}: {_md(step.owner)})"
              for step in summary.steps] or [_md(summary.no_steps)]
    return "\n".join(lines) + "\n"


def as_text(summary: ProposalSummary) -> str:
    """The summary as plain text, for an e-mail or a document without formatting."""
    lines = [summary.title, "", summary.headlines_title.upper(), ""]
    lines += [f"• {line}" for line in summary.headlines]
    if summary.verdict:
        lines += ["", summary.verdict]
    lines += ["", summary.gaps_title.upper(), ""]
    for number, gap in enumerate(summary.gaps, 1):
        lines += [f"{number}. {gap.title} ({gap.severity}) — {gap.area}; "
                  f"{summary.words['owner']}: {gap.owner}",
                  f"   {summary.words['recommendation']} {gap.recommendation}"]
    if not summary.gaps:
        lines.append(summary.no_gaps)
    lines += ["", summary.steps_title.upper(), ""]
    lines += [f"• {step.text} ({summary.words['owner']}: {step.owner})"
              for step in summary.steps] or [summary.no_steps]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Client words as Markdown text: characters Markdown would act on are escaped."""
    return "".join(f"\\{c}" if c in "\\`*_[]<>#|" else c for c in text)
