"""Staff accounts and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.models.base import Base, UTCDateTime, utcnow


class Role(enum.StrEnum):
    STAFF = "staff"  # 机构工作人员
    SOCIAL_WORKER = "social_worker"  # 社工
    MANAGER = "manager"  # 管理者
    ADMIN = "admin"  # 系统管理员
    CITY = "city"  # 市级工作人员: sees every district


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    # None for city-level staff and administrators, who are not bound to one district.
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
