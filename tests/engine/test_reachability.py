"""The reachability search directly: state collapsing, show_if guards, areas, findings, LIMIT."""

from __future__ import annotations

from assessment.engine.expressions import ANSWERED, DONT_KNOW, compile_node, parse
from assessment.engine.reachability import LIMIT, Condition, Domain, can_hold

# A question with many possible answers (think of a 100-point scale), unanswered or don't know.
WIDE = Domain((*((ANSWERED, v) for v in range(100)), (None, None), (DONT_KNOW, None)))
SMALL = Domain(((ANSWERED, "yes"), (ANSWERED, "no"), (None, None), (DONT_KNOW, None)))


def condition(source: str) -> Condition:
    node = parse(source)
    return node, compile_node(node)


def test_questions_read_only_for_their_status_need_one_answered_state() -> None:
    domains = dict.fromkeys("abcd", WIDE)
    assert LIMIT < 102**4  # enumerating every value would give up and assume reachable
    assert not can_hold([condition("dont_know_count(a, b, c, d) >= 5")], domains)
    assert can_hold([condition("dont_know_count(a, b, c, d) >= 4")], domains)
    assert not can_hold([condition("answered(a) and not answered(a) and b > 1")], domains)


def test_a_read_question_cannot_have_an_answer_its_show_if_rules_out() -> None:
    domains = {"parent": SMALL, "child": SMALL}
    guards = {"child": [condition("parent == 'yes'")]}
    contradiction = [condition("parent == 'no' and child == 'yes'")]
    assert can_hold(contradiction, domains)  # without the show_if it looks possible
    assert not can_hold(contradiction, domains, guards)
    assert can_hold([condition("parent == 'yes' and child == 'no'")], domains, guards)
    # unanswered children are possible whatever the parent says
    assert can_hold([condition("parent == 'no' and not answered(child)")], domains, guards)


def test_when_the_show_ifs_do_not_fit_the_limit_the_check_runs_without_them() -> None:
    domains = {"x": SMALL, **dict.fromkeys("abc", WIDE)}
    guards = {"x": [condition("a + b + c > 1")]}
    assert not can_hold([condition("false and x == 'yes'")], domains, guards)
    assert can_hold([condition("x == 'yes'")], domains, guards)


def test_beyond_the_limit_a_condition_is_assumed_reachable() -> None:
    domains = dict.fromkeys("abc", WIDE)
    assert can_hold([condition("a == 1 and a == 2 and b + c > 0")], domains)  # not enumerated


def test_area_bands_and_scores_are_inputs() -> None:
    assert not can_hold([condition("area_band('x') == 'red' and area_band('x') == 'green'")], {})
    assert can_hold([condition("area_band('x') == 'red' and area_band('y') == 'green'")], {})
    assert can_hold([condition("area_score('x') > 99")], {})  # some score may be above 99
    assert not can_hold([condition("area_score('x') > 99 and false")], {})


def test_findings_are_inputs_and_a_rule_that_never_fires_stays_silent() -> None:
    assert can_hold([condition("finding('A') and not finding('B')")], {})
    assert not can_hold([condition("finding('A') and not finding('A')")], {})
    assert not can_hold([condition("finding('A')")], {}, never_fire=frozenset({"A"}))
    assert can_hold([condition("not finding('A')")], {}, never_fire=frozenset({"A"}))
