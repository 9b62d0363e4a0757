"""The pages of a respondent's route: which page comes before and after, and their URLs.

A section's pages come from its definition (``Section.pages``, never empty). On a route
a page is kept when at least one of its questions applies; the others are skipped. A
page's place (remembered in ``Invitation.last_section_id``) is the section id for a
section of one page, else ``<section id>/<page id>``; the URL follows the same shape
(``/a/s/<section>`` or ``/a/s/<section>/<page>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import g, url_for

from assessment.blueprints.questionnaire.security import FormContext
from assessment.engine import Page, QuestionBase, Questionnaire, Route, Section, SectionView

REVIEW = "review"
PLACE_LENGTH = 100  # the column that remembers a place


@dataclass(frozen=True)
class PageStop:
    """A page on the route: its section and page, the questions of it that apply, places."""

    section: Section
    page: Page
    questions: tuple[QuestionBase, ...]
    number: int  # 1-based among the section's pages on the route
    pages: int  # the section's pages on the route
    section_number: int  # 1-based place of the section on the route
    sections: int  # sections on the route

    @property
    def paged(self) -> bool:
        """Whether the section's definition has more than one page."""
        return len(self.section.pages) > 1

    @property
    def place(self) -> str:
        """The remembered place of this page."""
        return page_place(self.section, self.page.id)

    @property
    def url(self) -> str:
        """The page's URL."""
        return page_url(self.section, self.page.id)

    @property
    def first_of_section(self) -> bool:
        """Whether this is the first page of its section on the route."""
        return self.number == 1


def stops(path: Route) -> tuple[PageStop, ...]:
    """Every page on the route, in order.

    A request asks several times for the same route (its page, the one before, progress):
    the last route's pages are kept, by identity (a route is not changed once made).
    """
    global _last
    last = _last
    if last is not None and last[0] is path:
        return last[1]
    total = len(path.sections)
    found = tuple(stop for index, view in enumerate(path.sections, start=1)
                  for stop in stops_in(view, index, total))
    _last = (path, found)
    return found


_last: tuple[Route, tuple[PageStop, ...]] | None = None


def stops_in(view: SectionView, section_number: int = 1, sections: int = 1) -> list[PageStop]:
    """The pages of one section on the route (those with a question that applies)."""
    applying = {q.id: q for q in view.questions}
    kept = [(page, tuple(applying[qid] for qid in page.question_ids if qid in applying))
            for page in view.section.pages]
    kept = [(page, questions) for page, questions in kept if questions]
    return [PageStop(view.section, page, questions, number, len(kept), section_number, sections)
            for number, (page, questions) in enumerate(kept, start=1)]


def find(path: Route, section_id: str, page_id: str | None = None) -> PageStop | None:
    """The page on the route (the section's first there when ``page_id`` is None)."""
    return next((stop for stop in stops(path) if stop.section.id == section_id
                 and (page_id is None or stop.page.id == page_id)), None)


def after(questionnaire: Questionnaire, path: Route, section_id: str,
          page_id: str | None = None) -> PageStop | None:
    """The first page on the route after this one in definition order (the page itself
    need not be on the route); with ``page_id`` None, after the whole section."""
    order = _order(questionnaire)
    here = order.get((section_id, page_id)) if page_id is not None else None
    if here is None:
        section_at = [at for (sid, _pid), at in order.items() if sid == section_id]
        here = max(section_at) if section_at else (len(order), 0)
    return next((stop for stop in stops(path)
                 if order[(stop.section.id, stop.page.id)] > here), None)


def before(path: Route, stop: PageStop) -> PageStop | None:
    """The page on the route just before ``stop`` (None on the first page)."""
    previous = None
    for candidate in stops(path):
        if candidate.section.id == stop.section.id and candidate.page.id == stop.page.id:
            return previous
        previous = candidate
    return None


def holding(path: Route, question_id: str) -> PageStop | None:
    """The page on the route that holds ``question_id``."""
    return next((stop for stop in stops(path)
                 if any(q.id == question_id for q in stop.questions)), None)


def first_unfinished(path: Route) -> PageStop | None:
    """The first page with a question still unanswered (None: all answered)."""
    unanswered = set(path.unanswered)
    return next((stop for stop in stops(path)
                 if any(q.id in unanswered for q in stop.questions)), None)


def posted_page(questionnaire: Questionnaire, section_id: str,
                context: FormContext | None) -> str | None:
    """The page a form posted to its section's own URL showed (found by its questions)."""
    if context is None or context.section_id != section_id:
        return None
    section = next((s for s in questionnaire.sections if s.id == section_id), None)
    in_section = {q.id for q in section.questions} if section else set()
    first = next((q for q in context.question_ids if q in in_section), None)
    return section.page_of(first).id if section and first else None


def _order(questionnaire: Questionnaire) -> dict[tuple[str, str], tuple[int, int]]:
    return {(section.id, page.id): (s, p)
            for s, section in enumerate(questionnaire.sections)
            for p, page in enumerate(section.pages)}


def page_place(section: Section, page_id: str) -> str:
    """What ``last_section_id`` keeps for a page (the section alone when it has one page)."""
    if len(section.pages) <= 1:
        return section.id
    place = f"{section.id}/{page_id}"
    return place if len(place) <= PLACE_LENGTH else section.id


def split_place(place: str) -> tuple[str, str | None]:
    """A remembered place as (section id, page id or None)."""
    section_id, _, page_id = place.partition("/")
    return section_id, page_id or None


def section_url(section_id: str) -> str:
    """The URL of a section (its first page on the route); the pattern is built once."""
    pattern = g.get("_section_url")
    if pattern is None:
        pattern = g._section_url = url_for("questionnaire.section", section_id="SECTION")
    return str(pattern).replace("SECTION", quote(section_id, safe=""), 1)


def page_url(section: Section, page_id: str) -> str:
    """The URL of a page: the section's own for a section of one page."""
    if len(section.pages) <= 1:
        return section_url(section.id)
    return f"{section_url(section.id)}/{quote(page_id, safe='')}"


def place_url(questionnaire: Questionnaire, place: str) -> str:
    """The URL of a remembered place: a page, a section or REVIEW."""
    if place == REVIEW:
        return url_for("questionnaire.review")
    section_id, page_id = split_place(place)
    section = next((s for s in questionnaire.sections if s.id == section_id), None)
    if section is None or page_id is None:
        return section_url(section_id)
    return page_url(section, page_id)
