"""Choosing the office a constituent should call."""

from app.civic.directory.officials import OfficeContact, nearest_office

BOSTON = (42.3589, -71.0621)


def office(
    id: str,
    *,
    kind: str = "district",
    state: str = "MA",
    phone: str | None = "+16175653170",
    lat: float | None = None,
    lon: float | None = None,
) -> OfficeContact:
    return OfficeContact(id, kind, phone, "1 Main St", id.title(), state, "", lat, lon)


def choose(*offices: OfficeContact) -> tuple[str, str | None] | None:
    choice = nearest_office(offices, latitude=BOSTON[0], longitude=BOSTON[1], state="MA")
    return None if choice is None else (choice.office.id, choice.note)


def test_nearest_district_office_by_distance() -> None:
    springfield = office("springfield", lat=42.1015, lon=-72.5898)
    boston = office("boston", lat=42.3601, lon=-71.0589)
    assert choose(springfield, boston) == ("boston", None)


def test_office_without_a_phone_is_never_chosen() -> None:
    assert choose(
        office("boston", phone=None, lat=42.36, lon=-71.06), office("worcester", lat=42.26, lon=-71.8)
    ) == (
        "worcester",
        None,
    )


def test_out_of_state_offices_are_not_local() -> None:
    providence = office("providence", state="RI", lat=41.82, lon=-71.41)
    lowell = office("lowell")
    assert choose(providence, lowell) == ("lowell", None)


def test_washington_only_when_no_local_office_and_it_says_so() -> None:
    result = choose(office("capitol", kind="capitol", state="DC"), office("boston", phone=None))
    assert result is not None
    assert result[0] == "capitol"
    assert result[1] == "No local office number is listed; this is the Washington office."


def test_no_phone_anywhere() -> None:
    assert choose(office("boston", phone=None)) is None
