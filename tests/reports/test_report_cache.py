"""The content-hash PDF store in the database (shared by every web host and worker)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models import ReportPdf
from assessment.models.report_cache import RenderState
from assessment.services import report_store
from reports import cache as cache_module
from reports.cache import cache_key, is_cache_key
from tests.factories import make_assessment

KEY_A = cache_key("a" * 64)
KEY_B = cache_key("b" * 64)
KEY_C = cache_key("d" * 64)


@dataclass(frozen=True)
class FakePrepared:
    """What the store reads of a prepared report (no render, no bank needed)."""

    cache_key: str
    language: str = "en"
    edition: str = "full"
    report_id: str = "r" * 12
    filename: str = "report.pdf"

    def file(self, pdf: bytes, cached: bool) -> Any:
        return (pdf, cached)


def _prepared(key: str, **changes: Any) -> Any:
    return FakePrepared(key, **changes)


def test_a_stored_pdf_is_served_by_its_key_and_counts_as_used(db_session: Session) -> None:
    assessment = make_assessment(db_session)
    assert report_store.cached(db_session, _prepared(KEY_A)) is None
    report_store.store(db_session, assessment.id, _prepared(KEY_A), b"%PDF-1.7 a")
    report_store.store(db_session, assessment.id, _prepared(KEY_A), b"%PDF-1.7 again")
    db_session.commit()
    assert report_store.cached(db_session, _prepared(KEY_A)) == (b"%PDF-1.7 a", True)
    assert report_store.exists(db_session, KEY_A) and not report_store.exists(db_session, KEY_B)
    row = db_session.scalars(sa.select(ReportPdf)).one()
    assert (row.size, row.language, row.edition) == (10, "en", "full")


def test_pruning_removes_the_least_recently_used_first(db_session: Session) -> None:
    assessment = make_assessment(db_session)
    report_store.store(db_session, assessment.id, _prepared(KEY_A), b"a" * 100, max_bytes=250)
    report_store.store(db_session, assessment.id, _prepared(KEY_B), b"b" * 100, max_bytes=250)
    rows = {r.cache_key: r for r in db_session.scalars(sa.select(ReportPdf))}
    rows[KEY_A].last_used_at -= timedelta(hours=2)
    rows[KEY_B].last_used_at -= timedelta(hours=1)
    db_session.commit()
    assert report_store.cached(db_session, _prepared(KEY_A)) is not None  # A is used again
    report_store.store(db_session, assessment.id, _prepared(KEY_C), b"c" * 100, max_bytes=250)
    db_session.commit()
    assert not report_store.exists(db_session, KEY_B)
    assert report_store.exists(db_session, KEY_A) and report_store.exists(db_session, KEY_C)


def test_the_render_state_belongs_to_one_key(db_session: Session) -> None:
    assessment = make_assessment(db_session)
    stale = timedelta(minutes=15)
    first = report_store.status(db_session, assessment.id, _prepared(KEY_A), stale)
    assert first.request and first.state is RenderState.QUEUED
    again = report_store.status(db_session, assessment.id, _prepared(KEY_A), stale)
    assert not again.request, "a queued render is not queued twice"
    report_store.mark(db_session, assessment.id, "en", "full", RenderState.FAILED, KEY_A,
                      error="boom", attempts=4)
    failed = report_store.status(db_session, assessment.id, _prepared(KEY_A), stale)
    assert (failed.state, failed.error, failed.attempts, failed.request) == (
        RenderState.FAILED, "boom", 4, False)
    assert [f.error for f in report_store.failures(db_session, assessment.id)] == ["boom"]
    changed = report_store.status(db_session, assessment.id, _prepared(KEY_B), stale)
    assert changed.request, "new content is a new report: queued again"
    retried = report_store.status(db_session, assessment.id, _prepared(KEY_B), stale,
                                  again=True)
    assert not retried.request  # already queued for B
    assert report_store.failures(db_session, assessment.id) == []
    lost = report_store.status(db_session, assessment.id, _prepared(KEY_B), timedelta(0))
    assert lost.request, "a render stuck past its time is queued again"


def test_the_key_covers_the_weasyprint_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_key("c" * 64)
    monkeypatch.setattr(cache_module.weasyprint, "__version__", "999.0")
    assert cache_key("c" * 64) != before
    assert cache_key("c" * 64) == cache_key("c" * 64)
    assert is_cache_key(before)


@pytest.mark.parametrize("bad", ["../../etc/passwd", "A" * 64, "ab", "g" * 64])
def test_keys_are_hex_digests_only(bad: str) -> None:
    assert not is_cache_key(bad)
