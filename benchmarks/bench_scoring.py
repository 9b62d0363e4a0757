"""How fast is scoring? Times the engine on the bank's fixtures, against baselines.

Run: ``.venv/bin/python benchmarks/bench_scoring.py [--iterations N]``

Each answer set comes from the bank's rule fixtures (``questions/*/fixtures``); without
fixtures, complete answer sets are generated from the definition (deterministic seed); without
the bank, the engine's test questionnaire is used. Every call is timed on its own
(``perf_counter_ns``) and the median and 99th percentile per assessment are printed in
microseconds, beside two baselines measured in the same run on the same answers:
``json.dumps(answers)`` and a plain-Python loop that looks up and sums one number per
scored question (the least any scorer must do).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assessment.engine import Questionnaire, check_answers, evaluate, load_questionnaire, route
from assessment.engine.bank import DEFAULT_ROOT
from assessment.engine.fixtures import FixtureFile, fixture_paths
from assessment.engine.question_types import (
    FreeText,
    MultipleChoice,
    Number,
    QuestionBase,
    Scale,
    SingleChoice,
    YesNo,
)
from assessment.engine.yamlsource import load_yaml

MINI = Path(__file__).resolve().parents[1] / "tests" / "engine" / "data" / "mini"


def target() -> Questionnaire:
    """The bank's questionnaire, or the test questionnaire when there is no bank yet."""
    bank = DEFAULT_ROOT / "commerce-readiness"
    return load_questionnaire(bank if bank.is_dir() else MINI)


def answer_sets(questionnaire: Questionnaire, count: int = 8) -> tuple[str, list[dict[str, Any]]]:
    """The fixtures' answers, or generated complete answer sets."""
    fixtures = [
        FixtureFile.model_validate(load_yaml(p).data) for p in fixture_paths(questionnaire.path)
    ]
    if fixtures:
        return "the bank's fixtures", [dict(f.answers) for f in fixtures]
    rng = random.Random(20261123)
    sets = [{q.id: _value(q, rng) for q in questionnaire.questions.values()} for _ in range(count)]
    return "generated complete answer sets", sets


def _value(question: QuestionBase, rng: random.Random) -> Any:
    if isinstance(question, SingleChoice):
        return rng.choice(question.choices).value
    if isinstance(question, MultipleChoice):
        upper = min(len(question.choices), question.max_selected or len(question.choices))
        size = rng.randint(max(question.min_selected, 1 if upper else 0), upper)
        return [c.value for c in rng.sample(question.choices, size)]
    if isinstance(question, Scale):
        return rng.randint(question.min, question.max)
    if isinstance(question, YesNo):
        return rng.choice(["yes", "no"])
    if isinstance(question, Number):
        low, high = question.min or 0, question.max if question.max is not None else 1000
        return rng.randint(int(low), int(high)) if question.integer else rng.uniform(low, high)
    assert isinstance(question, FreeText)
    return "context " * 5


def timings(
    call: Callable[[dict[str, Any]], object], sets: list[dict[str, Any]], rounds: int
) -> list[float]:
    """Microseconds per call, every answer set ``rounds`` times, interleaved."""
    for answers in sets:  # warm up
        call(answers)
    samples: list[float] = []
    clock = time.perf_counter_ns
    gc.disable()
    try:
        for _ in range(rounds):
            for answers in sets:
                start = clock()
                call(answers)
                samples.append((clock() - start) / 1000)
    finally:
        gc.enable()
    return samples


def summary(samples: list[float]) -> tuple[float, float]:
    """Median and 99th percentile."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=20_000, help="evaluate() calls in all")
    args = parser.parse_args()
    started = time.perf_counter()
    questionnaire = target()
    load_ms = (time.perf_counter() - started) * 1000
    origin, sets = answer_sets(questionnaire)
    rounds = max(1, args.iterations // len(sets))
    scored = [q.id for q in questionnaire.questions.values() if q.scored]
    points = {qid: 1.0 for qid in scored}

    def plain_sum(answers: dict[str, Any]) -> float:
        total = 0.0
        for qid in scored:
            if qid in answers:
                total += points[qid]
        return total

    print(
        f"{questionnaire.id} {questionnaire.version}: {len(questionnaire.questions)} questions "
        f"({len(scored)} scored), {len(questionnaire.rules)} rules; {len(sets)} {origin}; "
        f"{rounds * len(sets)} calls each"
    )
    print(f"load_questionnaire (parse, validate, compile): {load_ms:.1f} ms, once")
    rows = [
        ("evaluate()", lambda a: evaluate(questionnaire, a)),
        ("route()", lambda a: route(questionnaire, a)),
        ("check_answers()", lambda a: check_answers(questionnaire, a)),
        ("baseline json.dumps(answers)", json.dumps),
        ("baseline plain sum of points", plain_sum),
    ]
    medians: dict[str, float] = {}
    for name, call in rows:
        median, p99 = summary(timings(call, sets, rounds))
        medians[name] = median
        print(f"  {name:<30} median {median:8.1f} µs   p99 {p99:8.1f} µs")
    median = medians["evaluate()"]
    dumps, plain = medians["baseline json.dumps(answers)"], medians["baseline plain sum of points"]
    print(
        f"evaluate() = {median / dumps:.1f}× json.dumps, {median / plain:.1f}× the plain sum; "
        f"{median / 1000:.3f} ms per assessment (budget: well under 1 ms)"
    )


if __name__ == "__main__":
    main()
