"""/admin/api: what the campaign builder asks while an organizer picks whom to call — the directory
searched (officials, committees) and a CSV list of people checked row by row."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query

from app.campaigns.people_csv import read_people_csv
from app.civic.directory.search import MAX_RESULTS, DirectoryQuery, search_directory
from app.civic.directory.view import current_directory
from app.kernel.errors import CampaignFileError, CsrfError, NotSignedInError, PermissionDeniedError
from app.kernel.vocabulary import Chamber
from app.schemas.directory_search import DirectorySearchPublic, PeopleCheckPublic
from app.web.auth import CsrfChecked, PageEditor, StaffReader
from app.web.deps import ServicesDep
from app.web.responses import WITH_BODY, error_responses

router = APIRouter(prefix="/admin/api", tags=["admin"])
Staff = Depends(StaffReader)
MAX_CSV_CHARACTERS = 1_000_000


@router.get(
    "/directory/search",
    summary="Officials and committees of the directory by name, state, chamber, party and committee",
    responses=error_responses(NotSignedInError, PermissionDeniedError),
    dependencies=[Staff],
)
async def directory_search(
    services: ServicesDep,
    q: Annotated[str, Query(max_length=200, description="Words of a name (or an id).")] = "",
    state: Annotated[str, Query(max_length=2, description='A USPS code; "US" for Congress.')] = "",
    chamber: Annotated[Chamber | None, Query()] = None,
    party: Annotated[str, Query(max_length=40)] = "",
    committee: Annotated[str, Query(max_length=120, description="A committee id: its members.")] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_RESULTS)] = 25,
) -> DirectorySearchPublic:
    query = DirectoryQuery(
        text=q, state=state, chamber=chamber or "", party=party, committee=committee, limit=limit
    )
    directory = await current_directory(services.read_models)
    return DirectorySearchPublic.of(search_directory(directory, query=query))


@router.post(
    "/people/check",
    summary="Check a CSV list of people to call (name, title, phone, state), every row",
    responses=error_responses(
        NotSignedInError, PermissionDeniedError, CsrfError, CampaignFileError, extra=WITH_BODY
    ),
)
def people_check(
    _user: PageEditor,
    _csrf: Annotated[None, CsrfChecked],
    csv: Annotated[str, Form(max_length=MAX_CSV_CHARACTERS)],
    skip_invalid: Annotated[bool, Form()] = False,
) -> PeopleCheckPublic:
    return PeopleCheckPublic.of(read_people_csv(csv, skip_invalid=skip_invalid))
