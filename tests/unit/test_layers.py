"""The core layers (policy, services, models) never import Qt or reportlab."""

from __future__ import annotations

import ast
from pathlib import Path

import caseworker

PACKAGE = Path(caseworker.__file__).parent
CORE = ("policy", "services", "models")
FORBIDDEN = ("PySide6", "reportlab", "caseworker.ui", "caseworker.docs_gen")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_core_layers_import_no_qt_or_reportlab() -> None:
    offenders = []
    files = [p for layer in CORE for p in (PACKAGE / layer).rglob("*.py")]
    assert len(files) > 10  # the scan really saw the code
    for path in files:
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                offenders.append(f"{path.relative_to(PACKAGE)}: {name}")
    assert offenders == []


def test_policy_is_pure() -> None:
    """Rules take facts and dates; they never reach for a database."""
    offenders = []
    for path in (PACKAGE / "policy").rglob("*.py"):
        for name in _imports(path):
            if name.startswith(("sqlalchemy", "caseworker.models", "caseworker.services")):
                offenders.append(f"{path.name}: {name}")
    assert offenders == []
