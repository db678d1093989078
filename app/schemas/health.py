"""What the liveness and readiness probes answer."""

from typing import Literal

from pydantic import BaseModel, Field

from app.civic.directory.status import DirectoryStatus


class Liveness(BaseModel):
    status: Literal["ok"] = "ok"


class DirectoryFreshness(BaseModel):
    congress: int | None = Field(description="The Congress whose members the directory holds.")
    sitting_congress: int = Field(description="The Congress sitting now, by the calendar.")
    age_seconds: int | None = Field(description="Since the last good sync; null when none is recorded.")


class Readiness(BaseModel):
    """Ready to answer lookups; `degraded` (still 200) when the directory is stale or behind Congress."""

    status: Literal["ready", "degraded"]
    officials: int
    reasons: list[str] = Field(description="Why it is degraded, in words for an operator.")
    directory: DirectoryFreshness

    @classmethod
    def of(cls, status: DirectoryStatus, *, officials: int) -> "Readiness":
        reasons = status.warnings()
        return cls(
            status="degraded" if reasons else "ready",
            officials=officials,
            reasons=reasons,
            directory=DirectoryFreshness(
                congress=status.congress,
                sitting_congress=status.sitting_congress,
                age_seconds=int(status.age.total_seconds()) if status.age is not None else None,
            ),
        )


class NotReady(BaseModel):
    """The 503 of /readyz: `code` says what is missing."""

    status: Literal["unavailable"] = "unavailable"
    code: Literal["database_unavailable", "directory_empty"]
