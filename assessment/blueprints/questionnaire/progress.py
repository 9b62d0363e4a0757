"""The progress shown above a question page and the review page: where the respondent
is (section and page), how many sections are complete and questions answered."""

from __future__ import annotations

from flask_babel import ngettext

from assessment.blueprints.questionnaire import context as ctx
from assessment.blueprints.questionnaire import flow, paging
from assessment.blueprints.questionnaire.i18n import gettext
from assessment.engine import Route
from assessment.services.stored_answers import AnswerSet


def progress_view(current: flow.Respondent, path: Route, stored: AnswerSet,
                  here: paging.PageStop | None = None) -> ctx.ProgressView:
    """Sections done (every required question answered), where the respondent is, counts."""
    missing = set(path.missing_required)
    current_section = here.section.id if here else None
    steps, done = [], 0
    for view in path.sections:
        complete = not any(q.id in missing for q in view.questions)
        done += complete
        state = ("current" if view.section.id == current_section
                 else "done" if complete else "todo")
        steps.append(ctx.ProgressStep(
            title=current.translate(view.section.title),
            url=flow.section_url(view.section.id),
            state=state,
            state_label=_STATE_LABELS[state](),
        ))
    total = len(path.sections)
    return ctx.ProgressView(done=done, total=total,
                            position=here.section_number if here else total,
                            answered=path.progress.answered, questions=path.progress.total,
                            steps=steps, here=where(here) if here else None,
                            counts=counts(done, total, path.progress.answered,
                                          path.progress.total))


def where(stop: paging.PageStop) -> str:
    """"Section 2 of 6 · page 1 of 3" (the page part only when the section has pages)."""
    if stop.pages > 1:
        return gettext("Section %(number)s of %(total)s · page %(page)s of %(pages)s",
                       number=stop.section_number, total=stop.sections, page=stop.number,
                       pages=stop.pages)
    return gettext("Section %(number)s of %(total)s", number=stop.section_number,
                   total=stop.sections)


def counts(done: int, total: int, answered: int, questions: int) -> str:
    """"2 of 6 sections complete · 12 of 70 questions answered", with plural forms."""
    sections = ngettext("%(num)d of %(total)d sections complete",
                        "%(num)d of %(total)d sections complete", done, total=total)
    asked = ngettext("%(num)d of %(total)d questions answered",
                     "%(num)d of %(total)d questions answered", answered, total=questions)
    return f"{sections} · {asked}"


_STATE_LABELS = {
    "current": lambda: gettext("You are here"),
    "done": lambda: gettext("Completed"),
    "todo": lambda: gettext("Not completed"),
}
