"""Settings: the interface language (applied on the next start)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from caseworker.i18n import _
from caseworker.settings import AppPaths, Settings, save_settings

LANGUAGES = [("zh_CN", "简体中文"), ("en", "English")]


class SettingsPage(QWidget):
    def __init__(self, paths: AppPaths, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paths, self._settings = paths, settings
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex([c for c, _n in LANGUAGES].index(settings.language))
        self.save = QPushButton(_("Save"))
        self.save.clicked.connect(self._save)
        self.message = QLabel()
        form = QFormLayout()
        form.addRow(_("Interface language"), self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _save(self) -> None:
        self._settings = replace(self._settings, language=self.language.currentData())
        save_settings(self._paths, self._settings)
        self.message.setText(_("Saved. The new language applies when the program starts again."))
