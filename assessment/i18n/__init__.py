"""UI message catalogues: one folder per part, merged by Flask-Babel; compiled on demand."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

I18N_DIR = Path(__file__).resolve().parent
# Every folder holding .po catalogues: the UI parts here, and the report's own.
CATALOGUE_ROOTS = [I18N_DIR, I18N_DIR.parent.parent / "reports" / "i18n"]


def catalogue_dirs() -> list[Path]:
    """Every part's catalogue folder (``assessment/i18n/<part>``), sorted by name."""
    return sorted(p for p in I18N_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))


def translation_directories() -> str:
    """The value of BABEL_TRANSLATION_DIRECTORIES: the part folders, ';'-separated."""
    return ";".join(str(p) for p in catalogue_dirs())


def compile_catalogues(roots: list[Path] | None = None) -> list[Path]:
    """Compile every .po under the roots whose .mo is missing or older; return what was written."""
    written: list[Path] = []
    folders = [root for root in roots or CATALOGUE_ROOTS if root.is_dir()]
    po_paths = [po for root in folders for po in root.rglob("*.po")]
    for po_path in sorted(po_paths):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written
