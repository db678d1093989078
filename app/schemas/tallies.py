"""A campaign's call tallies, for the JSON API and `switchboard tallies --json`."""

from typing import Any

from pydantic import BaseModel, Field

from app.tallies.queries import CampaignTallies, LegCounts, TimePoint


def _counts(counts: LegCounts) -> dict[str, Any]:
    return {
        "calls": counts.calls,
        "connected": counts.connected,
        "contacts": counts.contacts,
        "voicemails": counts.voicemails,
        "reached": counts.reached,
        "share_reached": round(counts.share_reached, 4),
        "outcomes": dict(counts.outcomes),
    }


class LegCountsPublic(BaseModel):
    calls: int = Field(description="Calls to offices (legs).")
    connected: int
    contacts: int
    voicemails: int
    reached: int
    share_reached: float = Field(description="reached / calls, from 0 to 1.")
    outcomes: dict[str, int] = Field(description="Legs per outcome; `pending` while not known.")


class TargetTallyPublic(LegCountsPublic):
    id: str
    name: str
    chamber: str
    state: str
    district: str


class StateTallyPublic(LegCountsPublic):
    state: str


class DistrictTallyPublic(LegCountsPublic):
    chamber: str
    state: str
    district: str


class TimePointPublic(BaseModel):
    start: str = Field(description="Start of the hour or day, ISO 8601 in UTC.")
    calls_started: int
    calls: int


class OverTimePublic(BaseModel):
    hourly: list[TimePointPublic]
    daily: list[TimePointPublic]


def _points(points: list[TimePoint]) -> list[TimePointPublic]:
    return [
        TimePointPublic(start=p.start.isoformat(), calls_started=p.calls_started, calls=p.calls)
        for p in points
    ]


class TalliesPublic(LegCountsPublic):
    """Headline numbers (flat), then the same counts per target, state, district and over time."""

    campaign: str
    title: str
    filters: dict[str, str] = Field(description="The filters applied, as query parameters.")
    calls_started: int
    unique_callers: int
    calls_made: int
    goal: int | None
    goal_progress: float | None = Field(description="calls_made / goal, capped at 1.")
    targets: list[TargetTallyPublic]
    states: list[StateTallyPublic]
    districts: list[DistrictTallyPublic]
    over_time: OverTimePublic

    @classmethod
    def of(cls, tallies: CampaignTallies) -> "TalliesPublic":
        headline = tallies.headline
        return cls(
            **_counts(headline.counts),
            campaign=tallies.slug,
            title=tallies.title,
            filters=tallies.filters.as_dict(),
            calls_started=headline.calls_started,
            unique_callers=headline.unique_callers,
            calls_made=headline.counts.made,
            goal=headline.goal,
            goal_progress=None if headline.goal_share is None else round(headline.goal_share, 4),
            targets=[
                TargetTallyPublic(
                    **_counts(t.counts),
                    id=t.target_id,
                    name=t.name,
                    chamber=t.chamber,
                    state=t.state,
                    district=t.district,
                )
                for t in tallies.targets
            ],
            states=[StateTallyPublic(**_counts(s.counts), state=s.state) for s in tallies.states],
            districts=[
                DistrictTallyPublic(
                    **_counts(d.counts), chamber=d.chamber, state=d.state, district=d.district
                )
                for d in tallies.districts
            ],
            over_time=OverTimePublic(hourly=_points(tallies.hourly), daily=_points(tallies.daily)),
        )
