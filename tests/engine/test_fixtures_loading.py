"""load_fixture: the engine's typed reading of a fixture file, for callers outside test-rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.engine.fixtures import load_fixture


def test_a_valid_fixture_is_read_with_its_types(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(
        "name: Small shop\nlanguage: nl\nanswers: {q: x}\n"
        "expect: {findings: [A-1], bands: {overall: red}}\n",
        encoding="utf-8",
    )
    fixture = load_fixture(path)
    assert (fixture.name, fixture.language, fixture.answers) == ("Small shop", "nl", {"q": "x"})
    assert fixture.expect.findings == ["A-1"] and fixture.expect.bands == {"overall": "red"}


def test_a_broken_fixture_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: Broken\nanswers: {q: x}\nexpect:\n  findings: 3\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.yaml:4"):
        load_fixture(path)
