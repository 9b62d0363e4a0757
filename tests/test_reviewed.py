"""The reviewed result as plain data: a review laid over findings, and one comparison."""

from __future__ import annotations

from assessment.engine import Finding, Result
from assessment.engine.result import Overall
from assessment.reviewed import AddedFinding, Review, apply_review, diff_findings, in_force


def finding(rule: str, severity: str, area: str = "ops") -> Finding:
    return Finding(rule=rule, area=area, areas=(), severity=severity,
                   title={"en": f"{rule} title", "nl": f"{rule} titel"}, explanation={},
                   recommendation={}, owner="ops_manager", effort="M", sources=("KS-1",))


def result(*findings: Finding) -> Result:
    return Result("q", "1.0.0", "1.0.0", "fp", "en", Overall(50.0, "amber"), {}, list(findings))


def added(rule: str = "REV-1") -> AddedFinding:
    return AddedFinding(rule, "ops", "high", "Own", "Why", "Do", "ops_manager", "S")


def test_a_review_changes_severities_dismisses_and_adds_without_touching_the_result() -> None:
    engine = result(finding("A-1", "high"), finding("A-2", "medium"))
    review = Review(severities={"A-1": "low"}, dismissed=frozenset({"A-2"}), added=(added(),),
                    notes={"A-1": "Checked on site."})
    rows = {f.id: f for f in apply_review(engine, review)}
    assert (rows["A-1"].severity, rows["A-1"].original_severity) == ("low", "high")
    assert rows["A-1"].changed and rows["A-1"].note == "Checked on site."
    assert rows["A-2"].dismissed and rows["A-2"].changed
    assert rows["REV-1"].added and rows["REV-1"].original_severity is None
    assert [f.id for f in in_force(rows.values())] == ["A-1", "REV-1"]
    assert engine.findings[0].severity == "high"


def test_without_a_review_the_findings_are_the_engine_s() -> None:
    rows = apply_review(result(finding("A-1", "high")), Review())
    assert [(f.id, f.severity, f.changed) for f in rows] == [("A-1", "high", False)]


def test_the_diff_reports_added_removed_kept_and_severity_moves() -> None:
    before = apply_review(result(finding("A-1", "high"), finding("A-2", "low")),
                          Review(added=(added(),)))
    after = apply_review(result(finding("A-1", "medium"), finding("A-3", "low")),
                         Review(added=(added(),)))
    changes = {(c.id, c.change): c for c in diff_findings(before, after)}
    assert set(changes) == {("A-3", "added"), ("REV-1", "added"), ("A-2", "removed"),
                            ("REV-1", "removed"), ("A-1", "kept")}
    assert changes[("A-1", "kept")].severity_changed
    assert [c.change for c in diff_findings(before, after)][:2] == ["added", "added"]


def test_dismissed_findings_do_not_count_in_the_diff() -> None:
    engine = result(finding("A-1", "high"))
    before = apply_review(engine, Review(dismissed=frozenset({"A-1"})))
    after = apply_review(engine, Review())
    assert [(c.id, c.change) for c in diff_findings(before, after)] == [("A-1", "added")]
