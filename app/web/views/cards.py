"""One card per target for the step-by-step call: the words a constituent reads, in their language."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from app.campaigns.scripts import localized_title
from app.campaigns.special_targets import seat_label
from app.campaigns.targeting import Target, TargetList
from app.civic.directory.officials import OfficeContact
from app.civic.directory.seats import state_label
from app.civic.geography.divisions import state_name
from app.kernel.vocabulary import CONGRESS, Chamber, Custom, Outcome
from app.web.views.office_cards import OfficeHoursView, office_hours_view, office_name

# Sources spell a party two ways ("Democrat" in congress-legislators, "Democratic" in Open States).
PARTIES = {"democrat": "democrat", "democratic": "democrat", "republican": "republican"}


@dataclass(frozen=True)
class Card:
    """A target as the page shows it; `photo` is empty when there is no portrait to load."""

    id: str
    step: int
    chamber: str
    heading: str
    initials: str
    photo: str
    meta: str
    phone: str | None
    display_phone: str | None
    office: str
    note: str
    script: list[str]
    reportable: bool
    # Open or closed now, the other numbers (None: no office, or a campaign's own target).
    hours: OfficeHoursView | None = None
    # "Chair, Senate Committee on the Judiciary" when the target is called for a committee.
    seat: str = ""


def cards_for(
    result: TargetList, *, text: Mapping[str, str], image_url: str, now: datetime | None = None
) -> list[Card]:
    """The result's targets in call order, numbered from 1; offices open or closed at `now`."""
    now = now or datetime.now(UTC)
    return [
        _card(target, step, result.language, text=text, image_url=image_url, now=now, avoided=result.avoided)
        for step, target in enumerate(result.targets, start=1)
    ]


def _card(
    target: Target,
    step: int,
    language: str,
    *,
    text: Mapping[str, str],
    image_url: str,
    now: datetime,
    avoided: frozenset[str],
) -> Card:
    rep, choice = target.representative, target.choice
    office = choice.office if choice else None
    return Card(
        id=rep.id,
        step=step,
        chamber=rep.chamber,
        heading=f"{localized_title(rep.title, language=language, gender=rep.gender)} {rep.name}".strip(),
        initials=initials(rep.name),
        photo=photo_url(rep.id, rep.chamber, rep.image, template=image_url),
        meta=" · ".join(_meta(rep.chamber, rep.party, rep.state, rep.district, text, language)),
        phone=office.phone if office else None,
        display_phone=office.display_phone if office else None,
        office=office_label(office, text) if office else "",
        note=text.get(f"note_{choice.reason}", "") if choice and choice.reason else "",
        script=[line for line in target.script.split("\n") if line.strip()],
        reportable=not rep.is_custom and office is not None,
        hours=office_hours_view(target, now=now, language=language, text=text, avoided=avoided),
        seat=seat_label(target.seat, language=language, gender=rep.gender) if target.seat else "",
    )


def reported_outcomes(
    carried: str, *, cards: Sequence[Card], posted: tuple[str, str] | None
) -> dict[str, str]:
    """Target id → the outcome the visitor reported in this visit, in call order, for the thank-you
    list: the `id=outcome` pairs the page's forms carried, then the report just `posted` (target id,
    outcome). Only these cards' targets and the outcomes the page offers are kept: the field comes
    back from the browser."""
    reported: dict[str, str] = {}
    for pair in carried.split()[: len(cards)] + (["=".join(posted)] if posted else []):
        target_id, _, value = pair.rpartition("=")
        outcome = Outcome.parse(value)
        if outcome is not None and outcome.on_page:
            reported[target_id] = outcome.value
    return {card.id: reported[card.id] for card in cards if card.id in reported}


def initials(name: str) -> str:
    words = [w for w in name.replace(".", " ").split() if w[:1].isalpha() and w[:1].isupper()]
    if not words:
        return name[:1].upper()
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


def photo_url(official_id: str, chamber: str, image: str, *, template: str) -> str:
    """Congress by bioguide id through the template; state legislators their source's https image."""
    if chamber in CONGRESS:
        return template.replace("{bioguide}", official_id) if template else ""
    return image if image.startswith("https://") else ""


def party_label(party: str, text: Mapping[str, str]) -> str:
    key = PARTIES.get(party.strip().lower(), party.strip().lower())
    return text.get(f"party_{key}", party)


def district_label(chamber: str, district: str, text: Mapping[str, str]) -> str:
    if chamber == Chamber.US_HOUSE:
        if district in ("", "0"):
            return text["at_large"]
        return text["district_n"].replace("{district}", district.lstrip("0") or district)
    if chamber == Chamber.US_SENATE or not district:
        return ""
    return text["state_district"].replace("{district}", district)


def office_label(office: OfficeContact, text: Mapping[str, str]) -> str:
    """ "Boston office · 1 Main St"; the address is left out when the source gives only the state."""
    name = office_name(office, text)
    if not name:
        return ""
    address = office.address.strip()
    shown = address and address.upper() not in (office.state.upper(), state_name(office.state).upper())
    return f"{name} · {address}" if shown else name


def _meta(
    chamber: str, party: str, state: str, district: str, text: Mapping[str, str], language: str
) -> list[str]:
    if chamber == Custom.TARGET:
        return []
    parts = [party_label(party, text), state_label(language, state=state)]
    parts.append(district_label(chamber, district, text))
    return [p for p in parts if p]
