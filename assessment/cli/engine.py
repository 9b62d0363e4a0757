"""Engine commands: ``validate``, ``bank``, ``score``, ``test-rules`` (plain click, no app)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from assessment.cli.answers_file import fail, read_answers
from assessment.engine import (
    DefinitionError,
    Questionnaire,
    Result,
    check_answers,
    evaluate,
    load_questionnaire,
)
from assessment.engine.bank import Bank, load_all, questionnaire_folders
from assessment.engine.export import questionnaire_json
from assessment.engine.fixtures import fixture_paths, run_fixture
from assessment.engine.precision import shown_score
from assessment.engine.yamlsource import display_path
from assessment.paths import questions_dir

_ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder holding the questionnaires (default: QUESTIONS_DIR, else the bundled bank).",
)


def _folders(path: Path | None) -> list[Path]:
    path = path or questions_dir()
    if path.is_file():
        path = path.parent
    if not path.exists():
        raise click.ClickException(f"{display_path(path)}: no such file or folder")
    folders = questionnaire_folders(path)
    if not folders:
        raise click.ClickException(f"{display_path(path)}: no questionnaire.yaml found")
    return folders


@click.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path), default=None)
def validate_command(path: Path | None) -> None:
    """Validate every questionnaire under PATH (default: QUESTIONS_DIR, else the bundled
    questions/); file:line per problem."""
    failed = False
    for folder in _folders(path):
        try:
            questionnaire = load_questionnaire(folder)
        except DefinitionError as exc:
            failed = True
            for issue in exc.issues:
                click.echo(str(issue))
            continue
        click.echo(
            f"OK {questionnaire.id} {questionnaire.version} ({display_path(folder)}): "
            f"{len(questionnaire.questions)} questions, {len(questionnaire.rules)} rules"
        )
    if failed:
        raise SystemExit(1)


def _bank(root: Path | None) -> Bank:
    """Every questionnaire under ``root`` (default: QUESTIONS_DIR, else the bundled bank)."""
    _folders(root)  # a missing or empty folder is named, never "zero questionnaires found"
    try:
        return load_all(root or questions_dir())
    except DefinitionError as exc:
        raise click.ClickException(
            f"the bank has errors (run `assessment validate`):\n{exc}"
        ) from exc


def _pick(bank: Bank, questionnaire_id: str | None) -> Questionnaire:
    if questionnaire_id is None:
        if len(bank.ids) != 1:
            raise click.UsageError(
                f"several questionnaires; pick one with --questionnaire ({', '.join(bank.ids)})"
            )
        questionnaire_id = bank.ids[0]
    try:
        return bank.get(questionnaire_id)
    except KeyError:
        raise click.UsageError(
            f"unknown questionnaire {questionnaire_id!r} (known: {', '.join(bank.ids)})"
        ) from None


@click.command("bank")
@click.option("--json", "as_json", is_flag=True, help="Print the questionnaire as JSON.")
@click.option(
    "--questionnaire", "questionnaire_id", help="Questionnaire id (default: the only one)."
)
@_ROOT_OPTION
def bank_command(as_json: bool, questionnaire_id: str | None, root: Path | None) -> None:
    """Show a questionnaire: areas, questions and rules."""
    questionnaire = _pick(_bank(root), questionnaire_id)
    if as_json:
        click.echo(json.dumps(questionnaire_json(questionnaire), indent=2, ensure_ascii=False))
        return
    click.echo(_summary(questionnaire))


def _summary(q: Questionnaire) -> str:
    lang = q.default_language
    lines = [
        f"{q.text(q.title, lang)} — {q.id} {q.version} (rules {q.rules_version})",
        f"languages: {', '.join(q.languages)}; fingerprint {q.fingerprint[:12]}",
        "",
    ]
    per_area = Counter(q.question_areas.values())
    lines.append(f"  {'profile':<28} {per_area.get('profile', 0):>3} questions (unscored)")
    for area in q.areas:
        lines.append(
            f"  {area.id:<28} {per_area.get(area.id, 0):>3} questions, weight {area.weight:g}: "
            f"{q.text(area.title, lang)}"
        )
    severities = Counter(rule.severity for rule in q.rules)
    lines += [
        "",
        f"{len(q.sections)} sections, {len(q.questions)} questions, {len(q.rules)} rules "
        f"({', '.join(f'{n} {s}' for s, n in sorted(severities.items()))})",
    ]
    for rule in q.rules:
        lines.append(
            f"  {rule.id:<10} {rule.severity:<6} {rule.area:<24} {q.text(rule.title, lang)}"
        )
    return "\n".join(lines)


@click.command("score")
@click.argument("answers_file", metavar="ANSWERS", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@_ROOT_OPTION
def score_command(answers_file: Path, as_json: bool, root: Path | None) -> None:
    """Score an answers file (YAML or JSON: questionnaire, language, answers)."""
    data = read_answers(answers_file)
    bank = _bank(root)
    try:
        questionnaire = bank.get(data["questionnaire"])
    except KeyError:
        fail(f"unknown questionnaire {data['questionnaire']!r} (known: {', '.join(bank.ids)})")
    lang = data.get("language") or questionnaire.default_language
    if lang not in questionnaire.languages:
        fail(
            f"unknown language {lang!r} "
            f"(the questionnaire has {', '.join(questionnaire.languages)})"
        )
    errors = check_answers(questionnaire, data["answers"])
    if errors:
        fail(
            "\n".join(
                [
                    f"{len(errors)} invalid answer(s):",
                    *(f"  {e.question_id}: {e.message}" for e in errors),
                ]
            )
        )
    result = evaluate(questionnaire, data["answers"])
    if as_json:
        click.echo(json.dumps(result.to_json(lang), indent=2, ensure_ascii=False))
    else:
        click.echo(_result_text(questionnaire, result, lang))


def _result_text(q: Questionnaire, result: Result, lang: str) -> str:
    def number(value: float | None) -> str:
        return "—" if value is None else str(shown_score(value))

    lines = [f"overall: {number(result.overall.score)} ({result.overall.band or 'no band'})", ""]
    for area_id, area in result.areas.items():
        capped = f", capped by {', '.join(area.capped_by)}" if area.capped_by else ""
        confidence = "—" if area.confidence is None else f"{area.confidence:.0%}"
        lines.append(
            f"  {area_id:<26} {number(area.score):>5}  level {area.level or '—'}  "
            f"{area.band or '—':<5}  confidence {confidence} "
            f"({area.answered}/{area.applicable} answered{capped})"
        )
    lines += ["", f"{len(result.findings)} finding(s):"]
    for finding in result.findings:
        lines.append(f"  [{finding.severity}] {finding.rule} {q.text(finding.title, lang)}")
        lines.append(f"      → {q.text(finding.recommendation, lang)}")
    return "\n".join(lines)


@click.command("test-rules")
@click.argument("path", required=False, type=click.Path(path_type=Path), default=None)
def test_rules_command(path: Path | None) -> None:
    """Run every rule fixture (fixtures/*.yaml) of the questionnaires under PATH."""
    passed = failed = 0
    for folder in _folders(path):
        try:
            questionnaire = load_questionnaire(folder)
        except DefinitionError as exc:
            click.echo(f"FAIL {display_path(folder)}: the definition has errors\n{exc}")
            failed += 1
            continue
        for fixture in fixture_paths(folder):
            outcome = run_fixture(questionnaire, fixture)
            click.echo(outcome.report())
            passed, failed = passed + outcome.passed, failed + (not outcome.passed)
    if passed + failed == 0:
        click.echo(f"no fixtures found under {display_path(path or questions_dir())}")
        raise SystemExit(1)
    click.echo(f"{passed + failed} fixtures: {passed} passed, {failed} failed")
    if failed:
        raise SystemExit(1)


COMMANDS = [validate_command, bank_command, score_command, test_rules_command]
