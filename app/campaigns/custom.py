"""Custom targets: named offices from the campaign definition, called besides legislators."""

from app.campaigns.scripts import Caller, custom_script_target, render_script_or_none
from app.campaigns.spec import CampaignSpec, CustomTarget
from app.civic.directory.officials import OfficeChoice, OfficeContact, Representative
from app.i18n.catalog import text
from app.kernel.vocabulary import Custom

CUSTOM_SOURCE = "campaign"


def custom_representative(custom: CustomTarget, *, index: int) -> Representative:
    """A custom target in the shape of a legislator, so pages, API and calls treat both alike."""
    office = OfficeContact(
        id=f"custom-{index}",
        kind=Custom.TARGET,
        phone=custom.phone,
        address="",
        city="",
        state=custom.states[0] if len(custom.states) == 1 else "",
        zip="",
        latitude=None,
        longitude=None,
    )
    target = custom_script_target(custom)
    return Representative(
        id=f"custom-{index}",
        source=CUSTOM_SOURCE,
        name=custom.name,
        last_name=target.last_name,
        title=custom.title,
        chamber=Custom.TARGET,
        party="",
        state=target.state,
        district="",
        division_id="",
        offices=(office,),
    )


def custom_targets(
    campaign: CampaignSpec, *, state: str, position: str, caller: Caller, language: str
) -> list[tuple[Representative, OfficeChoice, str]]:
    """The campaign's custom targets for a caller in `state`, at `position`, with their scripts."""
    found = []
    for index, custom in enumerate(campaign.targets.custom):
        if custom not in campaign.custom_targets_for(state, position=position):
            continue
        rep = custom_representative(custom, index=index)
        script = render_script_or_none(
            campaign.scripts[language].text,
            caller=caller,
            target=custom_script_target(custom),
            variables=campaign.variables_for_custom(custom),
            language=language,
            campaign=campaign.slug,
        )
        found.append(
            (rep, OfficeChoice(rep.offices[0]), script or text(language, "targeting", "script_unavailable"))
        )
    return found
