"""YAML files cannot make the loader build without bound (issue 14, finding 11).

A "billion laughs" answers file of a few lines expanded to 10⁶ values in 12 s and 660 MB;
an alias inside its own value recursed until Python gave up. Both are refused with a
``file:line`` error, as is a file larger than the limit; normal aliases still load.
"""

from __future__ import annotations

import time
from pathlib import Path

from click.testing import CliRunner

from assessment.cli import main
from assessment.engine import yamlsource
from assessment.engine.yamlsource import SourceDoc, load_yaml, parse_yaml_text

from .builders import DATA


def laughs(levels: int) -> str:
    """An answers file whose ``answers`` expand to 10**levels strings through aliases."""
    lines = ["questionnaire: mini", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    lines.append(f"answers: {{org_size: *l{levels}}}")
    return "\n".join(lines) + "\n"


def parse(text: str) -> SourceDoc:
    return parse_yaml_text(text, SourceDoc(path=Path("a.yaml"), display="a.yaml"))


def test_a_billion_laughs_is_refused_quickly_with_its_line() -> None:
    started = time.perf_counter()
    doc = parse(laughs(6))  # 10**6 values
    assert time.perf_counter() - started < 1.0
    assert doc.data is None
    assert [str(issue) for issue in doc.issues] == [
        "a.yaml:5: aliases expand to more than 10,000 values; write the values out instead"
    ]


def test_an_alias_inside_its_own_value_is_refused() -> None:
    doc = parse("questionnaire: mini\nanswers: &a {loop: [*a]}\n")
    assert [str(issue) for issue in doc.issues] == [
        "a.yaml:2: an alias refers to a value containing it"
    ]


def test_a_few_aliases_still_load() -> None:
    doc = parse("defaults: &d [erp, oms]\nanswers:\n  integrations: *d\n  kpis: *d\n")
    assert doc.issues == []
    assert doc.data["answers"] == {"integrations": ["erp", "oms"], "kpis": ["erp", "oms"]}
    assert doc.line(("answers", "kpis")) == 4


def test_moderate_expansion_loads() -> None:
    doc = parse(laughs(2))  # 100 values, about 1,200 built through aliases in all
    assert doc.issues == []
    assert len(doc.data["answers"]["org_size"]) == 10


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    big = "answers:\n" + "  # padding\n" * (yamlsource.MAX_YAML_BYTES // 12 + 1)
    path = tmp_path / "big.yaml"
    path.write_text(big, encoding="utf-8")
    for doc in (load_yaml(path), parse(big)):
        assert [issue.message for issue in doc.issues] == ["the file is too large (more than 4 MB)"]
        assert doc.data is None


def test_the_score_command_refuses_a_billion_laughs(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(laughs(6), encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["score", str(path), "--root", str(DATA)],
                                catch_exceptions=False)
    assert time.perf_counter() - started < 2.0
    assert result.exit_code == 2
    assert "laughs.yaml:5: aliases expand to more than 10,000 values" in result.output
