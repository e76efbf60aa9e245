"""Where the app keeps its files, and the user's few settings (a small JSON file)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

from caseworker.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES

HOME_ENV = "CASEWORKER_HOME"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"


def app_paths(env: Mapping[str, str] = os.environ) -> AppPaths:
    """CASEWORKER_HOME puts everything in one folder (portable installs, tests)."""
    home = env.get(HOME_ENV)
    if home:
        root = Path(home).expanduser().resolve()
        return AppPaths(root / "data", root / "config")
    return AppPaths(
        Path(platformdirs.user_data_dir("caseworker", appauthor=False)),
        Path(platformdirs.user_config_dir("caseworker", appauthor=False)),
    )


IDLE_MINUTES = (5, 60)  # the lock after idle time may be set within these bounds


@dataclass(frozen=True)
class Settings:
    language: str = DEFAULT_LOCALE
    idle_minutes: int = 15  # lock the app after this long without input


def load_settings(paths: AppPaths) -> Settings:
    try:
        raw = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError):
        # A damaged settings file must not keep the app from starting; defaults are safe.
        return Settings()
    language = raw.get("language", DEFAULT_LOCALE)
    idle = raw.get("idle_minutes", Settings.idle_minutes)
    if not isinstance(idle, int) or not IDLE_MINUTES[0] <= idle <= IDLE_MINUTES[1]:
        idle = Settings.idle_minutes
    return Settings(
        language=language if language in SUPPORTED_LOCALES else DEFAULT_LOCALE, idle_minutes=idle
    )


def save_settings(paths: AppPaths, settings: Settings) -> None:
    """Write atomically: a crash mid-write leaves the old file, never half a file."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    tmp = paths.settings_file.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, paths.settings_file)
