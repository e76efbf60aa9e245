"""The monthly occupancy trend: average occupancy per month, as a line over twelve months."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from caseworker.i18n import _
from caseworker.services.beds.occupancy import MonthPoint

LINE = QColor("#1f5fa8")


class TrendChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self.points: list[MonthPoint] = []
        self._build([], "")

    def set_points(self, points: list[MonthPoint], scope: str) -> None:
        self.points = points
        self._build(points, scope)

    def _build(self, points: list[MonthPoint], scope: str) -> None:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setTitle(
            _("Average occupancy by month: {scope}").format(scope=scope) if scope else ""
        )
        series = QLineSeries()
        series.setPen(QPen(LINE, 2))
        series.setPointsVisible(True)
        categories = []
        for i, p in enumerate(points):
            series.append(i, 100 * (p.rate or 0.0))
            categories.append(f"{p.year % 100:02d}/{p.month:02d}")
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(categories or [""])
        y = QValueAxis()
        top = max([100.0, *(100 * (p.rate or 0) for p in points)])
        y.setRange(0, top)
        y.setLabelFormat("%d%%")
        y.setTickCount(6)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)
        # A category axis places point i on category i when x runs from 0 to n-1.
        series.attachAxis(x)
        self.setChart(chart)
