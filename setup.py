"""Build hook (the rest of the metadata is in pyproject.toml).

A wheel must work outside the checkout: ``build_py`` copies the top-level ``questions/``
and ``templates/`` into the package as ``assessment/_data/`` (where assessment/paths.py
looks first) and compiles the UI message catalogues (``.po`` → ``.mo``, git-ignored
products of ``python -m assessment.i18n``) into the built package. An editable install
reads the checkout itself, so it copies nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("questions", "templates")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildWithData(build_py):
    """build_py, plus the bank, the templates and compiled catalogues in the package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "assessment"
        for name in BUNDLED:
            target = package / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target, ignore=SKIP)
        compile_catalogues(package / "i18n")

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        data = Path(self.build_lib) / "assessment" / "_data"
        outputs += [str(path) for path in data.rglob("*") if path.is_file()]
        return outputs


def compile_catalogues(folder: Path) -> None:
    """Write ``messages.mo`` beside every ``messages.po`` under ``folder``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in sorted(folder.rglob("*.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalog)


setup(cmdclass={"build_py": BuildWithData})
