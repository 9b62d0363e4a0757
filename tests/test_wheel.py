"""The package installs: a wheel built from a clean clone works in a fresh virtualenv.

The wheel is built from ``git clone`` of HEAD (so only committed files count), installed
with ``--no-deps`` into a new virtualenv whose only view of the dependencies is a ``.pth``
line naming this project's ``.venv`` site-packages (a plain path line: the editable
install's own ``.pth`` finder there is never run, so the checkout stays invisible), and
run from a directory that is not the checkout. About a minute: the build is isolated.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "tests" / "reports" / "data" / "standard-answers.yaml"


@dataclass(frozen=True)
class Installed:
    """The fresh virtualenv with the wheel, and a working directory outside the checkout."""

    venv: Path
    work: Path

    def env(self, **extra: str) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items()
                if k in {"PATH", "LANG", "LC_ALL", "HOME", "TMPDIR", "SYSTEMROOT"}}
        return {**keep, "PYTHONNOUSERSITE": "1",
                "DATABASE_URL": f"sqlite:///{self.work / 'app.sqlite'}",
                "INSTANCE_PATH": str(self.work / "instance"), **extra}

    def run(self, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(self.venv / "bin" / args[0]), *args[1:]], cwd=self.work, env=self.env(**env),
            capture_output=True, text=True, timeout=300, check=False)
        if check:
            assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
        return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel")
    source, dist, venv, work = (base / n for n in ("src", "dist", "venv", "work"))
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(source)], check=True)
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist),
                    str(source)], check=True, capture_output=True, timeout=600)
    wheel = next(dist.glob("*.whl"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    site = Path(subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True).stdout.strip())
    # After the wheel's own site-packages: the dependencies already installed in .venv.
    (site / "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    work.mkdir()
    yield Installed(venv, work)
    shutil.rmtree(base, ignore_errors=True)


def test_the_package_is_the_wheel_not_the_checkout(installed: Installed) -> None:
    code = ("import assessment, assessment.paths as p; print(assessment.__file__); "
            "print(p.bundled('questions')); print(p.templates_dir())")
    lines = installed.run("python", "-c", code).stdout.splitlines()
    assert all(line.startswith(str(installed.venv)) for line in lines), lines
    assert str(ROOT) not in "\n".join(lines)


def test_validate_and_bank_read_the_bundled_questions(installed: Installed) -> None:
    validated = installed.run("assessment", "validate")
    assert validated.stdout.startswith("OK commerce-readiness"), validated.stdout
    shown = json.loads(installed.run("assessment", "bank", "--json").stdout)
    assert shown["id"] == "commerce-readiness" and len(shown["questions"]) > 50
    fixtures = installed.run("assessment", "test-rules")
    assert "failed" in fixtures.stdout and ", 0 failed" in fixtures.stdout


def test_questions_dir_is_honoured_by_every_command(installed: Installed) -> None:
    bank = installed.work / "my-bank"
    shutil.copytree(ROOT / "questions", bank, dirs_exist_ok=True)
    validated = installed.run("assessment", "validate", QUESTIONS_DIR=str(bank))
    assert "my-bank" in validated.stdout
    missing = str(installed.work / "no-bank")
    for command in (["validate"], ["bank", "--json"], ["test-rules"],
                    ["score", str(ANSWERS)], ["init-db"],
                    ["report", str(ANSWERS), "--out", "x.pdf"]):
        result = installed.run("assessment", *command, check=False, QUESTIONS_DIR=missing)
        assert result.returncode != 0, command
        assert "no-bank" in result.stdout + result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr, (command, result.stderr)
    assert not (installed.work / "x.pdf").exists()


def test_report_writes_a_pdf_from_another_directory(installed: Installed) -> None:
    shutil.copy(ANSWERS, installed.work / "answers.yaml")
    result = installed.run("assessment", "report", "answers.yaml", "--lang", "nl",
                           "--out", "out.pdf")
    assert "wrote out.pdf" in result.stdout
    assert (installed.work / "out.pdf").read_bytes().startswith(b"%PDF")


def test_the_web_app_serves_sign_in_and_a_questionnaire_page(installed: Installed) -> None:
    installed.run("assessment", "init-db")
    url = installed.run("assessment", "invite", "--org", "Wheel BV", "--language", "nl"
                        ).stdout.strip().splitlines()[-1]
    token = url.rsplit("/i/", 1)[1]
    script = textwrap.dedent(f"""
        from assessment.app import create_app
        app = create_app()
        client = app.test_client()
        login = client.get("/login")
        assert login.status_code == 200 and b"<form" in login.data, login.status_code
        page = client.get("/i/{token}", follow_redirects=True)
        assert page.status_code == 200, page.status_code
        assert b"<form" in page.data and b'lang="nl"' in page.data, page.data[:500]
        css = client.get("/static/dashboard.css")
        assert css.status_code == 200 and len(css.data) > 100
        print("web ok")
    """)
    assert "web ok" in installed.run("python", "-c", script).stdout
