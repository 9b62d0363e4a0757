"""A consultant's review: applied to the findings, stored as JSON and read back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from reports import AddedFinding, Report, Review, ReviewError

ADDED = AddedFinding(id="REV-1", area="customer_service", severity="high",
                     title="Returns are not logged", explanation="Nobody records returns.",
                     recommendation="Log every return.", owner="customer_service_manager",
                     effort="S", sources=("RR-7",))


def test_unreviewed_report_lists_the_engine_findings(build: Callable[..., Report]) -> None:
    report = build()
    ids = [f.id for area in report.areas for f in area.findings]
    assert sorted(ids) == ["BO-IT-LATE", "EB-NO-SPONSOR", "WH-NO-STOCK-OWNER", "WH-PACKING"]
    assert not report.reviewed


def test_dismissed_changed_and_added_findings(build: Callable[..., Report]) -> None:
    review = Review(reviewed=True, reviewer="Claire Consultant", reviewed_on=date(2026, 11, 24),
                    severities={"WH-PACKING": "high"}, dismissed=frozenset({"BO-IT-LATE"}),
                    added=(ADDED,), notes={"WH-PACKING": "Confirmed on site."})
    report = build(review=review.to_dict())
    findings = {f.id: f for area in report.areas for f in area.findings}
    assert "BO-IT-LATE" not in findings
    assert findings["WH-PACKING"].severity == "high"
    assert findings["WH-PACKING"].original_severity == "medium"
    assert findings["WH-PACKING"].note == "Confirmed on site."
    assert findings["REV-1"].added_by_reviewer and findings["REV-1"].area == "customer_service"
    assert report.reviewed and report.reviewer == "Claire Consultant"
    # the changed severity moves the finding (Large: its first step) into the first phase
    assert "WH-PACKING" in [step.finding.id for step in report.plan.phases[0].items]
    assert report.overall.high_gaps == 3


def test_review_round_trips_through_json() -> None:
    review = Review(reviewed=True, reviewer="x", reviewed_on=date(2026, 1, 2),
                    severities={"A": "low"}, dismissed=frozenset({"B"}), added=(ADDED,),
                    notes={"A": "n"})
    assert Review.from_dict(review.to_dict()) == review
    assert Review.from_dict(None) == Review()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"severities": {"A": "critical"}}, "severity 'critical' is not one of"),
        ({"added": [{"id": "X", "area": "a", "severity": "high", "title": "t", "owner": "o",
                     "effort": "XL"}]}, "effort must be one of S, M, L"),
        ({"added": [{"id": "X", "severity": "high"}]}, "missing 'area'"),
    ],
)
def test_invalid_review_is_refused_with_a_clear_message(data: dict, message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        Review.from_dict(data)
