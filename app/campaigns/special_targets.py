"""Targets beyond the caller's own legislators: committee members, officials picked from the
directory, and a fixed list of people (rows of a CSV).

A committee or official the directory no longer holds (a sync removed it after the campaign was
written) is left out of the caller's targets and logged once for staff: callers never see an error.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from app.campaigns.scripts import committee_role_title
from app.campaigns.spec import CampaignSpec, CommitteeTarget, ListTarget
from app.civic.directory.committees import CommitteeInfo, CommitteeRole
from app.civic.directory.officials import OfficeContact, Representative
from app.civic.directory.terms import TermStatus
from app.civic.directory.view import DirectoryView
from app.i18n.catalog import text
from app.kernel.vocabulary import Chamber, Custom

log = logging.getLogger("switchboard")
PEOPLE_SOURCE = "campaign"


@dataclass(frozen=True)
class CommitteeSeatNote:
    """Why a target is called: their seat on a committee of the campaign."""

    committee_id: str
    committee: str
    role: CommitteeRole


def seat_label(seat: CommitteeSeatNote, *, language: str, gender: str = "") -> str:
    """ "Chair, Senate Committee on the Judiciary" in `language` (committee names as published)."""
    role = committee_role_title(seat.role.value, language=language, gender=gender)
    return text(language, "ui", "committee_seat", role=role, committee=seat.committee)


@dataclass(frozen=True)
class Pick:
    representative: Representative
    seat: CommitteeSeatNote | None = None


@dataclass
class Picks:
    picks: list[Pick] = field(default_factory=list)
    # What the campaign names that the directory does not hold: "committee SSJU", "official X000000".
    missing: list[str] = field(default_factory=list)


def own_member_chambers(directory: DirectoryView, *, campaign: CampaignSpec) -> list[Chamber]:
    """The chambers in which the caller's own members must be known, for the committees whose rule asks."""
    found: list[Chamber] = []
    for target in campaign.targets.committees:
        committee = directory.committee(target.id)
        if target.rule != "everyone" and committee is not None:
            found += [c for c in committee.chambers if c not in found]
    return found


def special_picks(
    directory: DirectoryView,
    *,
    campaign: CampaignSpec,
    state: str,
    own: Sequence[Representative],
    now: datetime,
) -> Picks:
    """The committee members, picked officials and list rows for a caller in `state` whose own
    legislators are `own`, in the campaign's order; the first mention of a target wins."""
    result = Picks()
    own_ids = [r.id for r in own]
    for target in campaign.targets.committees:
        committee = directory.committee(target.id)
        if committee is None:
            result.missing.append(f"committee {target.id}")
            continue
        result.picks += _committee_picks(directory, committee, target, own_ids=own_ids, now=now)
    for official_id in campaign.targets.officials:
        rep = directory.official(official_id)
        if rep is None:
            result.missing.append(f"official {official_id}")
        elif _sitting(rep, now):
            result.picks.append(Pick(rep))
    result.picks += [
        Pick(person_representative(row, index=index))
        for index, row in enumerate(campaign.targets.people)
        if not row.state or row.state == state
    ]
    if result.missing:
        warn_missing(campaign.slug, missing=tuple(result.missing))
    return result


def _committee_picks(
    directory: DirectoryView,
    committee: CommitteeInfo,
    target: CommitteeTarget,
    *,
    own_ids: Sequence[str],
    now: datetime,
) -> list[Pick]:
    picks = []
    for seat in committee.seats:
        rep = directory.official(seat.official_id)
        if rep is not None and _sitting(rep, now):
            picks.append(Pick(rep, CommitteeSeatNote(committee.id, committee.name, seat.role)))
    own = [p for p in picks if p.representative.id in own_ids]
    if target.rule == "own-only":
        return own
    if target.rule == "own-first":
        return own + [p for p in picks if p not in own]
    return picks


def person_representative(row: ListTarget, *, index: int) -> Representative:
    """A row of the campaign's list in the shape of a legislator, as custom targets are."""
    office = OfficeContact(
        id=f"people-{index}",
        kind=Custom.TARGET,
        phone=row.phone,
        address="",
        city="",
        state=row.state,
        zip="",
    )
    return Representative(
        id=f"people-{index}",
        source=PEOPLE_SOURCE,
        name=row.name,
        last_name=row.name.split()[-1],
        title=row.title,
        chamber=Custom.TARGET,
        party="",
        state=row.state,
        district="",
        division_id="",
        offices=(office,),
    )


def _sitting(rep: Representative, now: datetime) -> bool:
    return rep.term_status(now) == TermStatus.SITTING


@lru_cache(maxsize=256)
def warn_missing(slug: str, *, missing: tuple[str, ...]) -> None:
    """Logged once per process and campaign for each set of targets gone from the directory."""
    log.warning(
        "campaign %s: %s no longer in the directory (left out of callers' targets; edit the campaign)",
        slug,
        ", ".join(missing),
    )
