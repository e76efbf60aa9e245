"""Reference data: Shanghai's districts with their GB/T 2260 codes."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.models.base import Base


class District(Base):
    __tablename__ = "districts"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    short_name: Mapped[str] = mapped_column(String(10))
    sort_order: Mapped[int] = mapped_column(Integer)


class AppMeta(Base):
    """Key-value facts about this database (e.g. that it is a demo database)."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(2000))
