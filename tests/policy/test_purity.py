"""caseworker.policy stays pure: no Qt, PDF, database, or other caseworker layers."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import caseworker.policy

POLICY_DIR = Path(caseworker.policy.__file__).resolve().parent
CLASSIFY_CMD = POLICY_DIR.parent / "cli" / "classify.py"
FORBIDDEN = ("PySide6", "reportlab", "sqlalchemy")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _allowed(name: str) -> bool:
    top = name.split(".")[0]
    if top in FORBIDDEN:
        return False
    if top == "caseworker":
        return name == "caseworker.policy" or name.startswith(
            ("caseworker.policy.", "caseworker.i18n")
        )
    return True


def test_policy_modules_import_nothing_forbidden() -> None:
    files = sorted(POLICY_DIR.glob("*.py")) + [CLASSIFY_CMD]
    assert len(files) > 5
    bad = [(f.name, n) for f in files for n in _imports(f) if not _allowed(n)]
    assert bad == []


def test_no_relative_imports_outside_the_package() -> None:
    for f in POLICY_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{f.name}: use absolute imports"


def test_importing_the_engine_loads_no_gui_pdf_or_database() -> None:
    code = (
        "import sys, caseworker; before = set(sys.modules)\n"
        "import caseworker.policy.report, caseworker.policy.workflow, caseworker.policy.clocks\n"
        "import caseworker.cli.classify\n"
        f"new = [m for m in set(sys.modules) - before if m.split('.')[0] in {FORBIDDEN!r}]\n"
        "print(sorted(new))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_modules_stay_small() -> None:
    for f in sorted(POLICY_DIR.glob("*.py")) + [CLASSIFY_CMD]:
        assert len(f.read_text(encoding="utf-8").splitlines()) <= 320, f.name
