"""Where the data files (rule sets, workflow, policy texts) live."""

from __future__ import annotations

from pathlib import Path

# caseworker/policy/resources.py -> parents[2] is the repository root (editable install).
_DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "resources"


def resources_dir(override: Path | str | None = None) -> Path:
    """Return the ``resources`` folder, or ``override`` when given (tests, packaged builds)."""
    return Path(override) if override is not None else _DEFAULT_ROOT
