"""The per-process read models: the directory and the campaigns, in memory, following their versions.

Each is rebuilt when its version row moves (every sync that changes something and every campaign
save bumps it, see app/storage/versions.py), checked at most every `check_every` seconds, and swapped
whole: a reader sees the old view or the new one, never half of each. Campaign specs are parsed
and their scripts compiled once per version, not per request.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.campaigns.scripts import compile_scripts
from app.campaigns.spec import CampaignSpec
from app.campaigns.store import get_campaign
from app.civic.directory.line_health import LineHealth, load_line_health
from app.civic.directory.view import DirectoryView, load_directory_view
from app.kernel.errors import CampaignNotFoundError
from app.models.campaigns import Campaign
from app.runtime.garbage_collection import freeze_long_lived
from app.storage.versions import CAMPAIGNS, DIRECTORY, OFFICE_HEALTH, ReadModel, VersionWatch

log = logging.getLogger("switchboard")


@dataclass(frozen=True)
class CampaignBook:
    """Every campaign (any status), parsed and with its scripts compiled."""

    specs: Mapping[str, CampaignSpec]

    def get(self, slug: str) -> CampaignSpec:
        spec = self.specs.get(slug)
        if spec is None:
            raise CampaignNotFoundError(f"There is no campaign called {slug!r}.")
        return spec


def load_campaign_book(session: Session) -> CampaignBook:
    """Every stored campaign; one whose stored definition no longer validates is left out (logged),
    so it cannot take the others down with it."""
    specs: dict[str, CampaignSpec] = {}
    for row in session.exec(select(Campaign)):
        try:
            spec = CampaignSpec.model_validate(row.spec)
        except ValidationError as error:
            log.warning("campaign %s: the stored definition is not valid, not served: %s", row.slug, error)
            continue
        compile_scripts(spec)
        specs[row.slug] = spec
    return CampaignBook(MappingProxyType(specs))


def load_directory_out_of_gc(session: Session) -> DirectoryView:
    """The directory view, then (in a serving process) every object alive moved out of the garbage
    collector's walks: see app.runtime.garbage_collection."""
    view = load_directory_view(session)
    freeze_long_lived()
    return view


class ReadModels:
    """What lookups read (see campaigns.lookups.LookupData), one instance per process."""

    def __init__(self, engine: Engine, *, check_every: float) -> None:
        self._engine = engine
        self._directory = ReadModel(
            VersionWatch(engine, kind=DIRECTORY, check_every=check_every),
            build=load_directory_out_of_gc,
        )
        self._campaigns = ReadModel(
            VersionWatch(engine, kind=CAMPAIGNS, check_every=check_every), build=load_campaign_book
        )
        self._health = ReadModel(
            VersionWatch(engine, kind=OFFICE_HEALTH, check_every=check_every), build=load_line_health
        )

    def warm(self) -> None:
        """Build them now (at start-up), so the first visitors do not wait for it."""
        self._directory.get()
        self._campaigns.get()
        self._health.get()

    def start_from(self, warm: "ReadModels") -> None:
        """Begin with what `warm` built from a copy of this database (see ReadModel.start_from)."""
        self._directory.start_from(warm._directory)
        self._campaigns.start_from(warm._campaigns)
        self._health.start_from(warm._health)

    def directory(self) -> DirectoryView:
        return self._directory.get()

    def live_campaign_slugs(self) -> list[str]:
        """The slugs of the campaigns whose status is live, in order."""
        return sorted(slug for slug, spec in self._campaigns.get().specs.items() if spec.status == "live")

    def directory_in_memory(self) -> DirectoryView | None:
        return self._directory.in_memory()

    def line_health(self) -> LineHealth:
        return self._health.get()

    def line_health_in_memory(self) -> LineHealth | None:
        return self._health.in_memory()

    def campaign_in_memory(self, slug: str) -> CampaignSpec | None:
        book = self._campaigns.in_memory()
        return book.get(slug) if book is not None else None

    def campaign(self, slug: str, *, fresh: bool = False) -> CampaignSpec:
        if not fresh:
            return self._campaigns.get().get(slug)
        with Session(self._engine) as session:
            return get_campaign(session, slug=slug)
