"""The line-keeping YAML loader: lines per path, YAML 1.2 scalars, refused constructs."""

from __future__ import annotations

from pathlib import Path

from assessment.engine.yamlsource import SourceDoc, load_yaml, parse_yaml_text

TEXT = """\
id: demo
answers:
  sponsor: yes
  live: no
  flag: true
  launch: 2026-01-01
  version: 1.0
questions:
  - id: first
    text: {en: "One"}
  - id: second
    when: |
      a == 1
      and b
"""


def parse(text: str) -> SourceDoc:
    return parse_yaml_text(text, SourceDoc(path=Path("demo.yaml"), display="demo.yaml"))


def test_lines_of_keys_items_and_missing_paths() -> None:
    doc = parse(TEXT)
    assert doc.line(("id",)) == 1
    assert doc.line(("answers", "live")) == 4
    assert doc.line(("questions", 1)) == 11
    assert doc.line(("questions", 1, "when")) == 12
    assert doc.line(("questions", 0, "text", "en")) == 10
    assert doc.line(("questions", 0, "text", "nl")) == 10  # missing: its closest ancestor
    assert doc.line(("nowhere", 3)) == 1
    assert doc.scalars[("questions", 1, "when")].style == "|"


def test_yaml_1_2_scalars() -> None:
    answers = parse(TEXT).data["answers"]
    assert answers == {
        "sponsor": "yes",
        "live": "no",
        "flag": True,
        "launch": "2026-01-01",
        "version": 1.0,
    }


def test_duplicate_and_merge_keys_are_reported() -> None:
    doc = parse("a: 1\nb: 2\na: 3\nbase: &b {x: 1}\nother:\n  <<: *b\n")
    assert [str(issue) for issue in doc.issues] == [
        "demo.yaml:3: duplicate key 'a'",
        "demo.yaml:6: merge keys ('<<') are not supported",
    ]
    assert doc.data["a"] == 1


def test_syntax_errors_and_empty_files() -> None:
    doc = parse("a: [1, 2\nb: 3\n")
    assert doc.data is None and doc.issues[0].message.startswith("invalid YAML")
    assert doc.issues[0].line == 2
    assert [i.message for i in parse("").issues] == ["the file is empty"]
    assert parse("a: !!python/object:os.system x\n").issues[0].message.startswith("invalid")


def test_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_bytes(b"\xff\xfe\x00bad")
    doc = load_yaml(tmp_path / "bad.yaml")
    assert doc.data is None and "cannot read file" in doc.issues[0].message
