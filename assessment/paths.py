"""Where the product's data folders are: in the checkout, or inside an installed package.

``questions/`` and ``templates/`` live at the top of the repository. A wheel carries a copy
of each under ``assessment/_data/`` (``setup.py`` copies them at build time), so an
installed package finds them without the checkout. Every lookup goes through
:func:`bundled`; the bank folder in use is :func:`questions_dir` (``QUESTIONS_DIR`` wins).

Standard library only: the pure engine imports this module.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_ROOT = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "_data"  # only in a built package
BUNDLED_FOLDERS = ("questions", "templates")


def bundled(name: str) -> Path:
    """The folder ``name`` (``questions`` or ``templates``): the installed copy when the
    package carries one, else the checkout's top-level folder."""
    if name not in BUNDLED_FOLDERS:
        raise ValueError(f"unknown bundled folder {name!r}")
    installed = DATA_DIR / name
    return installed if installed.is_dir() else CHECKOUT_ROOT / name


def questions_dir() -> Path:
    """The question bank folder: ``QUESTIONS_DIR`` from the environment, else the bundled one."""
    configured = os.environ.get("QUESTIONS_DIR", "").strip()
    return Path(configured) if configured else bundled("questions")


def templates_dir() -> Path:
    """The Jinja templates (``questionnaire/``, ``dashboard/``, ``auth/``, ``report/``)."""
    return bundled("templates")


def instance_path() -> str | None:
    """``INSTANCE_PATH`` (absolute) when set: where the app keeps its writable files
    (the SQLite default); None leaves Flask's default (``instance/`` in the checkout)."""
    configured = os.environ.get("INSTANCE_PATH", "").strip()
    return str(Path(configured).resolve()) if configured else None
