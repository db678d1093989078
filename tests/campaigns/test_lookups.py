"""A campaign lookup below the web: this campaign, this address → targets and scripts, no app."""

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest
import time_machine

from app.campaigns.files import load_campaign_file
from app.campaigns.lookups import campaign_targets, check_open
from app.campaigns.spec import CampaignSpec
from app.campaigns.targeting import TargetList
from app.civic.directory.line_health import NO_MARKS, LineHealth
from app.civic.geography.location import Location
from app.civic.locating.zip_codes import find_zip
from app.kernel.errors import CampaignClosedError, CampaignNotFoundError, DirectoryEmptyError
from tests.civic.lookup_fixtures import (
    BOSTON,
    EMPTY_DIRECTORY,
    PITTSFIELD_ZIP,
    HeldDirectory,
    OneAnswer,
    small_directory,
)
from tests.support import PROJECT

GRACE = load_campaign_file(PROJECT / "campaigns" / "grace-no-ban.yaml")


@dataclass
class HeldLookupData(HeldDirectory):
    """LookupData as a warm process has it: the directory and this one campaign in memory."""

    campaign_spec: CampaignSpec = field(default_factory=lambda: GRACE)

    def campaign(self, slug: str, *, fresh: bool = False) -> CampaignSpec:
        if slug != self.campaign_spec.slug:
            raise CampaignNotFoundError(f"There is no campaign called {slug!r}.")
        return self.campaign_spec

    def campaign_in_memory(self, slug: str) -> CampaignSpec | None:
        return self.campaign(slug)

    def line_health(self) -> LineHealth:
        return NO_MARKS

    def line_health_in_memory(self) -> LineHealth | None:
        return NO_MARKS


def looked_up(
    data: HeldLookupData, *, location: Location = BOSTON, any_status: bool = False, sure_only: bool = False
) -> TargetList:
    return asyncio.run(
        campaign_targets(
            data,
            locator=OneAnswer(location, asked=[]),
            slug=GRACE.slug,
            address="x",
            name=" Ada ",
            any_status=any_status,
            sure_only=sure_only,
        )
    )


def test_a_lookup_gives_each_member_of_congress_with_a_script() -> None:
    found = looked_up(HeldLookupData(small_directory()))
    targets = found.targets
    assert [t.representative.name for t in targets] == [
        "Edward Markey",
        "Elizabeth Warren",
        "Ayanna Pressley",
    ]
    assert all("My name is Ada." in t.script for t in targets)
    assert "H.R. 2146" in targets[2].script
    assert "S.1088" in targets[0].script


def test_a_zip_spanning_districts_gives_the_certain_targets_when_asked_for_them_only() -> None:
    area = find_zip(small_directory(), zip_code=PITTSFIELD_ZIP)
    assert area is not None
    found = looked_up(HeldLookupData(small_directory()), location=area.location(), sure_only=True)
    assert [t.representative.chamber for t in found.targets] == ["us-senate", "us-senate"]
    assert found.unsure_chambers == ["us-house"]


def test_an_empty_directory_or_a_closed_campaign_is_refused_before_geocoding() -> None:
    with pytest.raises(DirectoryEmptyError):
        looked_up(HeldLookupData(EMPTY_DIRECTORY))
    paused = GRACE.model_copy(update={"status": "paused"})
    with pytest.raises(CampaignClosedError) as closed:
        looked_up(HeldLookupData(small_directory(), campaign_spec=paused))
    assert closed.value.code == "campaign_paused"
    assert looked_up(HeldLookupData(small_directory(), campaign_spec=paused), any_status=True)


@pytest.mark.parametrize(
    ("status", "starts_on", "ends_on", "code"),
    [
        ("draft", None, None, None),
        ("ended", None, None, "campaign_ended"),
        ("live", None, date(2026, 2, 28), "campaign_ended"),
        ("live", date(2026, 3, 2), None, "campaign_not_started"),
    ],
)
def test_check_open_refuses_what_constituents_may_not_use(
    status: str, starts_on: date | None, ends_on: date | None, code: str | None
) -> None:
    campaign = GRACE.model_copy(update={"status": status, "starts_on": starts_on, "ends_on": ends_on})
    with time_machine.travel(datetime(2026, 3, 1, 12, 0, tzinfo=UTC), tick=False):
        if code is None:
            with pytest.raises(CampaignNotFoundError):
                check_open(campaign)
        else:
            with pytest.raises(CampaignClosedError) as closed:
                check_open(campaign)
            assert closed.value.code == code
        assert check_open(GRACE.model_copy(update={"ends_on": date(2026, 3, 1)})).slug == GRACE.slug
