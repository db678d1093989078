"""What a target's card says about its offices' hours: whether the office to call is open now, the
hours it published when they do not read as a schedule, whether every office is closed (then the card
offers a voicemail), and the legislator's other numbers for when the line is busy."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from app.campaigns.targeting import Target
from app.civic.directory.office_status import OfficeStatus
from app.civic.directory.officials import OfficeContact
from app.i18n.catalog import words
from app.kernel.vocabulary import OfficeKind
from app.web.views.office_times import status_line


@dataclass(frozen=True)
class OtherOffice:
    """Another office of the same legislator, to try when the first line is busy (`status` and
    `posted` as in `OfficeHoursView`; `avoided`: callers reported its mailbox full, app.civic.directory
    .line_health)."""

    name: str
    phone: str
    display_phone: str
    status: str
    posted: str
    open_now: bool
    avoided: bool = False


@dataclass(frozen=True)
class OfficeHoursView:
    """`status` is "" when the office published hours that do not read as a schedule: `posted` (its
    own words) is shown instead, never a guess. `all_closed`: every office with a phone is closed."""

    status: str
    open_now: bool
    posted: str
    all_closed: bool
    others: tuple[OtherOffice, ...]


def office_hours_view(
    target: Target,
    *,
    now: datetime,
    language: str,
    text: Mapping[str, str],
    avoided: Collection[str] = frozenset(),
) -> OfficeHoursView | None:
    """None for a target without an office to call or without hours (a campaign's custom target).
    Other numbers in `avoided` (a full mailbox reported) are listed after the others as open, saying so."""
    choice = target.choice
    if choice is None or choice.status is None or not choice.office.phone:
        return None
    office, status = choice.office, choice.status
    others = [
        _other(o, o.status_at(now), now=now, language=language, text=text, avoided=o.phone in avoided)
        for o in target.representative.offices
        if o.phone and o.id != office.id
    ]
    return OfficeHoursView(
        status=_status(office, status, now=now, language=language),
        open_now=status.open_now,
        posted=_posted(office),
        all_closed=not status.open_now and not any(other.open_now for other in others),
        others=tuple(sorted(others, key=lambda other: (not other.open_now, other.avoided))),
    )


def target_hours(target: Target, *, language: str) -> OfficeHoursView | None:
    """The same, now, in `language`: for templates that list targets without cards (the preview)."""
    return office_hours_view(target, now=datetime.now(UTC), language=language, text=words(language, "ui"))


def office_name(office: OfficeContact, text: Mapping[str, str]) -> str:
    """ "Boston office", "Washington office", "Capitol office"; "" for a campaign's own target."""
    if office.kind == OfficeKind.DISTRICT:
        return text["city_office"].replace("{city}", office.city) if office.city else text["district_office"]
    if office.kind == OfficeKind.CAPITOL:
        return text["washington_office"] if office.state == "DC" else text["capitol_office"]
    return ""


def _posted(office: OfficeContact) -> str:
    """The hours the office published, when they do not read as a schedule ("By appointment only")."""
    published = office.hours.strip()
    return published if published and not office.weekly_hours.text else ""


def _status(office: OfficeContact, status: OfficeStatus, *, now: datetime, language: str) -> str:
    if _posted(office):
        return ""
    return status_line(status, zone=office.time_zone, now=now, language=language)


def _other(
    office: OfficeContact,
    status: OfficeStatus,
    *,
    now: datetime,
    language: str,
    text: Mapping[str, str],
    avoided: bool,
) -> OtherOffice:
    assert office.phone is not None
    return OtherOffice(
        name=office_name(office, text),
        phone=office.phone,
        display_phone=office.display_phone or office.phone,
        status=_status(office, status, now=now, language=language),
        posted=_posted(office),
        open_now=status.open_now,
        avoided=avoided,
    )
