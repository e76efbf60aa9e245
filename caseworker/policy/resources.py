"""Where the data files (rule sets, workflow, policy texts) live."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# Inside the package (a link to the checkout's resources/ in a developer's install, the
# files themselves in a built wheel), so an installed copy finds them too.
_DEFAULT_ROOT = Path(str(files("caseworker") / "resources"))


def resources_dir(override: Path | str | None = None) -> Path:
    """Return the ``resources`` folder, or ``override`` when given (tests, packaged builds)."""
    return Path(override) if override is not None else _DEFAULT_ROOT
