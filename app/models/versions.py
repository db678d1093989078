"""Data versions: what tells every process that its in-memory read models are out of date."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.kernel.clock import utcnow


class DataVersion(SQLModel, table=True):
    """A counter per kind of rarely-changing data (`directory`, `campaigns`), bumped by every change.

    Every process keeps its read models and caches of that data until the counter moves.
    """

    __tablename__ = "data_version"

    kind: str = Field(primary_key=True, max_length=40)
    version: int = 0
    updated_at: datetime = Field(default_factory=utcnow)
