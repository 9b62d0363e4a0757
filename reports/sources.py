"""Citations and the sources appendix: each passage in the report's language, cited by
document and section ("Adobe Commerce best practices — Key stakeholders, ‘Who owns the
technology?’"); never a file name, never an excerpt in another language."""

from __future__ import annotations

from collections.abc import Iterable

from assessment.engine import Questionnaire
from assessment.engine.definition import Source
from reports.model import SourceRef, SourceView

# The quotation marks a section heading is cited in, per language (French with the
# no-break spaces its typography asks for).
QUOTES: dict[str, tuple[str, str]] = {
    "en": ("‘", "’"),
    "nl": ("‘", "’"),
    "fr": ("«\u00a0", "\u00a0»"),
    "sv": ("”", "”"),
}


def document_label(q: Questionnaire, source: Source, lang: str) -> str:
    """'Adobe Commerce best practices — Key stakeholders' in ``lang``."""
    document = q.documents.get(source.document)
    if document is None:
        return source.document
    title = q.text(document.title, lang)
    if document.collection is None:
        return title
    return f"{q.text(document.collection, lang)} — {title}"


def section_label(q: Questionnaire, source: Source, lang: str) -> str:
    """The section heading in the language's quotation marks; a place (introduction) bare."""
    section = q.text(source.section, lang)
    if not source.heading:
        return section
    start, end = QUOTES.get(lang, QUOTES["en"])
    return f"{start}{section}{end}"


def citation(q: Questionnaire, source: Source, lang: str) -> str:
    """'document — title, ‘section’': where a reader finds the passage."""
    return f"{document_label(q, source, lang)}, {section_label(q, source, lang)}"


def source_ref(q: Questionnaire, source_id: str, lang: str) -> SourceRef:
    """A citation of ``source_id`` in ``lang`` (the bare id when the catalogue lacks it)."""
    source = q.sources.get(source_id)
    if source is None:
        return SourceRef(source_id, source_id)
    return SourceRef(source_id, citation(q, source, lang))


def source_views(q: Questionnaire, cited: Iterable[str], lang: str) -> tuple[SourceView, ...]:
    """Every cited source in catalogue order, its passage in ``lang`` only."""
    wanted = set(cited)
    return tuple(
        SourceView(
            id=source_id,
            document=document_label(q, source, lang),
            section=section_label(q, source, lang),
            citation=citation(q, source, lang),
            text=q.text(source.text, lang),
        )
        for source_id, source in q.sources.items()
        if source_id in wanted
    )
