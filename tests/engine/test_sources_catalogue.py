"""The source catalogue: every passage curated in every language, with its document and
section, and the loader pinning a missing translation to its file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assessment.engine import DefinitionError, load_questionnaire

BANK = Path(__file__).resolve().parents[2] / "questions" / "commerce-readiness"
LANGUAGES = ("en", "nl", "fr", "sv")
IDS = [f"KS-{n}" for n in range(1, 6)] + [f"RR-{n}" for n in range(1, 9)] + [
    f"TM-{n}" for n in range(1, 10)]


def test_every_passage_ks1_to_tm9_is_curated_in_every_language() -> None:
    q = load_questionnaire(BANK)
    assert list(q.sources) == IDS
    for source in q.sources.values():
        for field in (source.text, source.section):
            assert set(field) == set(LANGUAGES), source.id
            assert all(value.strip() for value in field.values()), source.id
        document = q.documents[source.document]
        assert document.collection is not None and set(document.collection) == set(LANGUAGES)
        assert set(document.title) == set(LANGUAGES)


def test_passages_differ_per_language_and_carry_no_seed_material() -> None:
    raw = (BANK / "sources.yaml").read_text(encoding="utf-8")
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", raw), "a seed file name in the catalogue"
    assert "passage_original" not in raw and "seed_file" not in raw
    for source in load_questionnaire(BANK).sources.values():
        assert len(set(source.text.values())) == len(LANGUAGES), source.id


def test_a_heading_is_marked_apart_from_a_place_in_the_document() -> None:
    sources = load_questionnaire(BANK).sources
    assert sources["KS-4"].heading and sources["KS-4"].section["en"] == "Who owns the technology?"
    assert not sources["KS-1"].heading and sources["KS-1"].section["en"] == "introduction"


@pytest.mark.parametrize("field", ["text", "section"])
def test_a_missing_language_is_an_error_at_its_file_and_line(tmp_path: Path, field: str) -> None:
    folder = tmp_path / "bank"
    shutil.copytree(BANK, folder)
    path = folder / "sources.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("  - id: TM-9\n")
    key = next(i for i in range(start, len(lines)) if lines[i] == f"    {field}:\n")
    sv = next(i for i in range(key, len(lines)) if lines[i].startswith("      sv:"))
    end = sv + 1
    while end < len(lines) and lines[end].startswith("        "):
        end += 1
    path.write_text("".join(lines[:sv] + lines[end:]), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_questionnaire(folder)
    issues = caught.value.issues
    assert len(issues) == 1, issues
    assert issues[0].file.endswith("sources.yaml")
    assert issues[0].line in (key + 1, key + 2), issues[0]  # the key or its first language
    assert "missing translation: sv" in issues[0].message
