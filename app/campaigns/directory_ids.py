"""The directory ids a campaign names (committees, picked officials), checked against the directory.

A campaign is refused when it names an id the directory does not hold, naming each one; a directory
that holds no committees (resp. no officials) yet — never synced — checks nothing of that kind, so
campaign files load before the first sync. A campaign saved before a sync removed one of its
targets still serves: the lookup leaves the target out (app/campaigns/special_targets.py).
"""

from collections.abc import Callable

from pydantic import ValidationError
from sqlmodel import Session, col, select

from app.campaigns.spec import CampaignSpec
from app.civic.sync.datasets import SyncReport
from app.models.campaigns import Campaign
from app.models.committees import Committee, CommitteeMember, CommitteeOverride
from app.models.directory import Official

FieldPath = tuple[str, ...]
IdProblems = list[tuple[FieldPath, str]]
IdCheck = Callable[[CampaignSpec], IdProblems]


def directory_id_check(session: Session) -> IdCheck:
    """A check of a campaign's committee and official ids against the directory in `session`."""

    def check(spec: CampaignSpec) -> IdProblems:
        return unknown_directory_ids(session, spec=spec)

    return check


def unknown_directory_ids(session: Session, *, spec: CampaignSpec) -> IdProblems:
    """Each committee or official id of `spec` the directory does not hold, with its field path."""
    problems: IdProblems = []
    committees = [c.id for c in spec.targets.committees]
    if committees and _holds_any(session, Committee):
        known = set(session.exec(select(Committee.id).where(col(Committee.id).in_(committees))))
        problems += [
            (
                ("targets", "committees", str(i), "id"),
                f"unknown committee {c!r}: the directory has no such committee",
            )
            for i, c in enumerate(committees)
            if c not in known
        ]
    officials = spec.targets.officials
    if officials and _holds_any(session, Official):
        known = set(session.exec(select(Official.id).where(col(Official.id).in_(officials))))
        problems += [
            (("targets", "officials", str(i)), f"unknown official {o!r}: the directory has no such official")
            for i, o in enumerate(officials)
            if o not in known
        ]
    return problems


def _holds_any(session: Session, table: type[Committee] | type[Official]) -> bool:
    return session.exec(select(table.id).limit(1)).first() is not None


def stale_campaign_targets(session: Session) -> SyncReport:
    """After a sync: the campaigns (not ended) naming committees or officials the directory no
    longer holds, for the sync history staff read. Callers are not troubled: those targets are skipped."""
    report = SyncReport(source="campaign targets", unit="campaigns checked")
    for row in session.exec(select(Campaign).where(col(Campaign.status) != "ended")):
        try:
            spec = CampaignSpec.model_validate(row.spec)
        except ValidationError:
            continue
        if not (spec.targets.committees or spec.targets.officials):
            continue
        report.total += 1
        report.changed += [
            f"{spec.slug}: {reason} (callers skip it; edit the campaign)"
            for _path, reason in unknown_directory_ids(session, spec=spec)
        ]
    return report


def names_official(session: Session, *, spec: CampaignSpec, official: Official) -> bool:
    """Whether the campaign calls `official` for some caller: a legislator of a chamber it targets
    in a state it is for, an official it picked, or a member of one of its committees."""
    if official.chamber in spec.targets.chambers and spec.is_for_state(official.state):
        return True
    if official.id in spec.targets.officials:
        return True
    committees = [c.id for c in spec.targets.committees]
    if not committees:
        return False
    corrections = {
        o.committee_id: o.role
        for o in session.exec(
            select(CommitteeOverride).where(
                CommitteeOverride.official_id == official.id,
                col(CommitteeOverride.committee_id).in_(committees),
            )
        )
    }
    seats = session.exec(
        select(CommitteeMember.committee_id).where(
            CommitteeMember.official_id == official.id, col(CommitteeMember.committee_id).in_(committees)
        )
    )
    on = {c for c in seats if corrections.get(c, "") is not None}
    return bool(on) or any(role is not None for role in corrections.values())
