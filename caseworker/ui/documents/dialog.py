"""Issuing a letter for a case: choose the type, see the letter filled from the case records,
fill in what the records lack, rewrite the free paragraphs, preview, issue; then print or
save the issued (stored) copy. The bed-occupancy report takes its figures from the bed
records: the user picks the month (default: last month)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from caseworker.docs_gen.letters import FIELD
from caseworker.i18n import _
from caseworker.operations import issuing
from caseworker.security.actor import Actor
from caseworker.services.beds.occupancy import add_months
from caseworker.services.cases.access import load_case
from caseworker.services.errors import DomainError
from caseworker.ui.cases.tabs.common import alive
from caseworker.ui.common.forms import FieldErrors
from caseworker.ui.common.pdf_preview import PdfPreview, file_name, print_stored, save_stored
from caseworker.ui.shell.db_lane import DbLane

FREE_STYLE = "QPlainTextEdit { background: #fffbe6; }"
INDENT = "　　"
MISSING = '<span style="color:#b3261e">【{}】</span>'
REPORT_MONTHS = 24  # past months offered for a bed report, besides this one


class IssueDocumentDialog(QDialog):
    issued = Signal(int)  # the new document's id

    def __init__(
        self, lane: DbLane, actor: Actor, case_id: int | None, parent: QWidget | None = None
    ) -> None:
        """With no case, the letters tied to none (the institution's bed-occupancy report)."""
        super().__init__(parent)
        self.lane, self.actor, self.case_id = lane, actor, case_id
        self.draft: issuing.Draft | None = None
        self.inputs: dict[str, QLineEdit] = {}
        self.paragraphs: dict[str, QPlainTextEdit] = {}
        self.fixed: list[tuple[QLabel, str]] = []  # labels showing fixed text, with template
        self.doc: tuple[int, str, str] | None = None  # id, number, title once issued
        self.setWindowTitle(_("Issue a document"))
        self.resize(1280, 860)
        self.letter_box = QComboBox()
        self.letter_box.currentIndexChanged.connect(self._letter_chosen)
        self.month_label = QLabel(_("Month:"))
        self.month_box = QComboBox()
        today = issuing.shanghai_today()
        for back in range(REPORT_MONTHS + 1):
            year, month = add_months(today.year, today.month, -back)
            text = f"{year}-{month:02d}"
            self.month_box.addItem(
                _("{month} (so far)").format(month=text) if not back else text, text
            )
        self.month_box.setCurrentIndex(1)  # last month, as the service's default
        self.month_box.setToolTip(
            _("The month the report covers; its figures come from the bed records.")
        )
        self.month_box.currentIndexChanged.connect(self._month_chosen)
        self.form_box = QGroupBox(_("To fill in"))
        self.form = QFormLayout(self.form_box)
        self.text_layout = QVBoxLayout()
        scroll = QScrollArea(widgetResizable=True)
        body = QWidget()
        left = QVBoxLayout(body)
        left.addWidget(self.form_box)
        left.addWidget(QLabel(_("The letter (yellow paragraphs may be rewritten):")))
        left.addLayout(self.text_layout)
        left.addStretch(1)
        scroll.setWidget(body)
        self.preview = PdfPreview()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(self.preview)
        self.status = QLabel(wordWrap=True)
        self.errors = FieldErrors(self.status)
        buttons = QHBoxLayout()
        self.preview_button, self.issue_button, self.print_button, self.save_button, close = (
            self._button(buttons, text, slot)
            for text, slot in (
                (_("Preview"), self.show_preview),
                (_("Issue"), self.issue),
                (_("Print…"), lambda: self.print_document()),
                (_("Save as…"), lambda: self.save_as()),
                (_("Close"), self.reject),
            )
        )
        buttons.insertStretch(4, 1)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Document:")))
        top.addWidget(self.letter_box, 1)
        top.addWidget(self.month_label)
        top.addWidget(self.month_box)
        self._show_month(None)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._refresh_timer = QTimer(self, singleShot=True, interval=250)
        self._refresh_timer.timeout.connect(self._refresh_text)
        self._set_state()
        actor, cid = self.actor, self.case_id
        if cid is None:
            QTimer.singleShot(0, lambda: self._stage(None))
        else:
            self._submit(lambda s: load_case(s, actor, cid).stage, self._stage)

    @staticmethod
    def _button(layout: QHBoxLayout, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    def _submit(self, job: Callable[[Session], Any], done: Callable[[Any], None]) -> None:
        self.lane.submit(job, alive(self, done), alive(self, self._failed))

    def say(self, text: str) -> None:
        self.errors.clear()
        self.status.setStyleSheet("")
        self.status.setText(text)

    def _stage(self, stage: str | None) -> None:
        letters = issuing.letters_for_stage(stage)
        with QSignalBlocker(self.letter_box):
            for lt in letters:
                self.letter_box.addItem(lt.title, lt.code)
            self.letter_box.setCurrentIndex(-1)
        self.say(
            _("Choose the document to issue.")
            if letters
            else _("No letter is issued at this stage of the case.")
        )

    def choose(self, code: str) -> None:
        self.letter_box.setCurrentIndex(self.letter_box.findData(code))

    def _letter_chosen(self, index: int) -> None:
        code = self.letter_box.itemData(index)
        if not code or self.doc is not None:
            return
        actor, cid = self.actor, self.case_id
        month = self.month()  # used by a bed report only
        self._submit(lambda s: issuing.prepare(s, actor, cid, code, month), self._show)

    def month(self) -> tuple[int, int]:
        """The month chosen for a bed report: (year, month)."""
        year, _sep, month = str(self.month_box.currentData()).partition("-")
        return int(year), int(month)

    def choose_month(self, year: int, month: int) -> None:
        self.month_box.setCurrentIndex(self.month_box.findData(f"{year}-{month:02d}"))

    def _show_month(self, month: tuple[int, int] | None) -> None:
        """The month picker, for a letter whose figures are a month's (the bed report)."""
        self.month_label.setVisible(month is not None)
        self.month_box.setVisible(month is not None)
        key = f"{month[0]}-{month[1]:02d}" if month is not None else None
        index = self.month_box.findData(key) if key is not None else -1
        if index >= 0 and index != self.month_box.currentIndex():
            with QSignalBlocker(self.month_box):
                self.month_box.setCurrentIndex(index)

    def _month_chosen(self, _index: int) -> None:
        """Figures for another month: the same letter, refilled; typed text stays."""
        draft, month = self.draft, self.month()
        if draft is None or draft.month is None or self.doc is not None:
            return
        actor, cid, code = self.actor, self.case_id, draft.letter.code
        self._submit(lambda s: issuing.prepare(s, actor, cid, code, month), self._refilled)

    def _refilled(self, draft: issuing.Draft) -> None:
        if (
            self.doc is not None
            or self.draft is None
            or draft.letter.code != self.draft.letter.code
        ):
            return
        self.draft = draft
        self._refresh_text()
        self.preview.clear(_("Press Preview to see the letter as it will print."))
        self.say(_("The figures are now those of {period}.").format(period=self._period(draft)))

    @staticmethod
    def _period(draft: issuing.Draft) -> str:
        return str(draft.fields.values.get("beds.period", ""))

    def _show(self, draft: issuing.Draft) -> None:
        self.draft = draft
        self.errors = FieldErrors(self.status)
        self.errors.bind("month", self.month_box)
        self._show_month(draft.month)
        while self.form.rowCount():
            self.form.removeRow(0)
        while (item := self.text_layout.takeAt(0)) is not None:
            item.widget().deleteLater()  # type: ignore[union-attr]  # only widgets go there
        self.inputs, self.paragraphs, self.fixed = {}, {}, []
        for name in draft.inputs:
            value = draft.fields.suggested.get(name)
            text = "" if value is None else getattr(value, "isoformat", value.__str__)()
            edit = QLineEdit(text, placeholderText="YYYY-MM-DD" if "date" in name else "")
            edit.textChanged.connect(self._refresh_timer.start)
            self.inputs[name] = edit
            self.form.addRow(draft.label(name) + "：", edit)
            self.errors.bind(name, edit)
        self.form_box.setVisible(bool(self.inputs))
        lt = draft.letter
        self._fixed_label(lt.doc_title, "font-size: 15pt; font-weight: bold;", center=True)
        if lt.recipient:
            self._fixed_label(lt.recipient + "：")
        for block in lt.blocks:
            if block.free:
                if block.lead:
                    self._fixed_label(block.lead)
                text = issuing.free_text(draft, block.id, {})
                box = QPlainTextEdit(text, tabChangesFocus=True)
                box.setStyleSheet(FREE_STYLE)
                box.setFixedHeight(box.fontMetrics().lineSpacing() * 6 + 14)
                box.setProperty("auto", box.toPlainText())
                self.paragraphs[block.id] = box
                self.text_layout.addWidget(box)
                self.errors.bind(block.id, box)
                for name in FIELD.findall(block.text):
                    if name not in self.inputs:
                        self.errors.bind(name, box)
            elif block.kind != "blank":
                indent = INDENT if block.kind == "p" else ""
                self._fixed_label(indent + block.lead + (block.text or "　".join(block.cells)))
        self._refresh_text()
        self.preview.clear(_("Press Preview to see the letter as it will print."))
        if draft.month is not None:
            self.say(
                _(
                    "The figures of {period} come from the bed records; choose another month "
                    "above if needed, check the letter, then preview and issue."
                ).format(period=self._period(draft))
            )
        else:
            self.say(
                _("Check the letter, fill in what is missing, then preview and issue.")
                if draft.inputs or self.paragraphs
                else _("Everything comes from the case record: preview and issue.")
            )
        self._set_state()

    def _fixed_label(self, template: str, style: str = "", center: bool = False) -> None:
        label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        label.setStyleSheet(style)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter if center else Qt.AlignmentFlag.AlignLeft)
        self.fixed.append((label, template))
        self.text_layout.addWidget(label)

    def entered(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.inputs.items()}

    def edits(self) -> dict[str, str]:
        """Paragraphs the user rewrote (an untouched one is filled from the fields)."""
        return {
            bid: box.toPlainText()
            for bid, box in self.paragraphs.items()
            if box.toPlainText().strip() != str(box.property("auto")).strip()
        }

    def _refresh_text(self) -> None:
        draft = self.draft
        if draft is None:
            return
        entered = self.entered()

        def mark(m: re.Match[str]) -> str:
            return MISSING.format(html.escape(draft.label(m.group(1))))

        for label, template in self.fixed:
            # Unknown fields pass the escaping as markers, then become red labels.
            text = html.escape(issuing.fill_known(draft, template, entered, "\x00{}\x01".format))
            text = re.sub("\x00(.*?)\x01", mark, text)
            if text.startswith(INDENT):  # 左空二字, as on paper (leading spaces would collapse)
                em = label.fontMetrics().horizontalAdvance("中")
                text = f'<p style="margin:0; text-indent:{2 * em}px">{text[len(INDENT) :]}</p>'
            label.setText(text)
        for bid, box in self.paragraphs.items():
            untouched = box.toPlainText() == box.property("auto")
            fresh = issuing.free_text(draft, bid, entered)
            box.setProperty("auto", fresh)
            if untouched:
                box.setPlainText(fresh)

    def show_preview(self) -> None:
        draft, entered, edits = self.draft, self.entered(), self.edits()
        if draft is None:
            return
        self.errors.clear()
        signer = self.actor.display_name
        self._submit(
            lambda _s: issuing.preview(draft, entered, edits, signer), self.preview.show_pdf
        )

    def issue(self) -> None:
        draft = self.draft
        if draft is None or self.doc is not None:
            return
        actor, cid, code = self.actor, self.case_id, draft.letter.code
        entered, edits = self.entered(), self.edits()
        month = self.month() if draft.month is not None else None

        def job(s: Session) -> tuple[int, str, str, bytes]:
            doc = issuing.issue_letter(
                s, actor, case_id=cid, letter_code=code, entered=entered, edits=edits, month=month
            )
            return doc.id, doc.number_text, doc.title, doc.pdf

        self.issue_button.setEnabled(False)
        self._submit(job, self._issued)

    def _issued(self, result: tuple[int, str, str, bytes]) -> None:
        doc_id, number, title, pdf = result
        self.doc = (doc_id, number, title)
        self.preview.show_pdf(pdf)
        self.say(_("Issued {number}: it is in the register.").format(number=number))
        self._set_state()
        self.issued.emit(doc_id)

    def print_document(self, printer: QPrinter | None = None) -> None:
        if self.doc is not None:
            print_stored(self, self.lane, self.actor, self.doc[0], self.say, printer)

    def save_as(self, path: str | None = None, password: str | None = None) -> None:
        if self.doc is not None:
            doc_id, number, title = self.doc
            name = file_name(number, title)
            save_stored(self, self.lane, self.actor, doc_id, name, self.say, path, password)

    def _set_state(self) -> None:
        done, ready = self.doc is not None, self.draft is not None
        self.letter_box.setEnabled(not done)
        self.month_box.setEnabled(ready and not done)
        self.preview_button.setEnabled(ready and not done)
        self.issue_button.setEnabled(ready and not done)
        self.print_button.setEnabled(done)
        self.save_button.setEnabled(done)
        for edit in self.inputs.values():
            edit.setReadOnly(done)
        for box in self.paragraphs.values():
            box.setReadOnly(done)

    def _failed(self, error: DomainError) -> None:
        self.status.setStyleSheet("color: #b3261e")
        self.errors.show(error)
        self._set_state()
