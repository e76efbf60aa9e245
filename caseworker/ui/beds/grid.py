"""A grid of bed tiles: a list model in icon mode with a painting delegate.

No widget per bed: the view lays out fixed-size cells and paints only the visible ones,
so an institution with thousands of beds scrolls as lightly as one with four.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from caseworker.i18n import N_, format_short_date, gettext
from caseworker.services.beds.board import BedTile
from caseworker.services.beds.rules import SHANGHAI

TILE = QSize(156, 92)
TileRole = Qt.ItemDataRole.UserRole + 1
STATES = {
    "available": (N_("Available"), QColor("#e3f1e4"), QColor("#2e6b30")),
    "occupied": (N_("Occupied"), QColor("#dde8f6"), QColor("#1f4f8a")),
    "reserved": (N_("Reserved"), QColor("#fdf0d5"), QColor("#8a5a00")),
    "out_of_service": (N_("Out of service"), QColor("#ececec"), QColor("#5f5f5f")),
}
AnyIndex = QModelIndex | QPersistentModelIndex


def state_label(state: str) -> str:
    return gettext(STATES[state][0]) if state in STATES else state


class BedGridModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tiles: list[BedTile] = []

    def set_tiles(self, tiles: list[BedTile]) -> None:
        self.beginResetModel()
        self.tiles = tiles
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.tiles)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.tiles):
            return None
        tile = self.tiles[index.row()]
        if role == TileRole:
            return tile
        if role == Qt.ItemDataRole.DisplayRole:
            return tile.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return tile.why
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return " ".join(filter(None, [tile.label, state_label(tile.state), tile.child]))
        return None

    def row_of_bed(self, bed_id: int) -> int:
        return next((i for i, t in enumerate(self.tiles) if t.bed_id == bed_id), -1)


def tile_lines(tile: BedTile) -> list[str]:
    """What a tile says below its label: who, since when, which case (or why empty)."""
    if tile.state == "occupied":
        since = format_short_date(tile.since.astimezone(SHANGHAI).date()) if tile.since else ""
        return [tile.child, gettext("Since {date}").format(date=since), tile.case_number]
    if tile.state == "reserved":
        return [gettext("For case {number}").format(number=tile.reserved_for)]
    if not tile.counts:
        return [gettext("Not counted")]
    return []


class BedTileDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return TILE

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        tile: BedTile | None = index.data(TileRole)
        if tile is None:
            return
        _label, fill, ink = STATES.get(tile.state, STATES["available"])
        rect: QRect = option.rect.adjusted(4, 4, -4, -4)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        painter.setPen(QPen(QColor("#1a1a1a") if selected else ink, 3 if selected else 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 6, 6)
        inner = rect.adjusted(8, 5, -8, -5)
        font = QFont(option.font)  # type: ignore[attr-defined]
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(ink)
        line = painter.fontMetrics().height()
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, tile.label)
        painter.drawText(
            inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, state_label(tile.state)
        )
        painter.setFont(font)
        painter.setPen(QColor("#1a1a1a"))
        y = inner.top() + line + 2
        for text in tile_lines(tile):
            elided = painter.fontMetrics().elidedText(
                text, Qt.TextElideMode.ElideRight, inner.width()
            )
            painter.drawText(inner.left(), y + painter.fontMetrics().ascent(), elided)
            y += painter.fontMetrics().height()
        painter.restore()


class BedGridView(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid_model = BedGridModel(self)
        self.setModel(self.grid_model)
        self.setItemDelegate(BedTileDelegate(self))
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setGridSize(TILE)
        self.setSpacing(0)
        self.setWrapping(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMouseTracking(True)

    def selected_tile(self) -> BedTile | None:
        rows = self.selectionModel().selectedIndexes()
        return self.grid_model.tiles[rows[0].row()] if rows else None

    def select_bed(self, bed_id: int) -> None:
        row = self.grid_model.row_of_bed(bed_id)
        if row >= 0:
            self.setCurrentIndex(self.grid_model.index(row))
