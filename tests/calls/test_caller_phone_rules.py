""" "Call me" calls only a constituent's own phone (issue 25, item 9d): never our own Twilio number,
a legislator's office (a target of this call or any other) or a 5XX "follow-me" number such as
Twilio's +1 500 555 test numbers. Each is refused with a clear 422 before anything is stored."""

import pytest
from sqlmodel import Session, col, func, select

from app.models.calls import CallSession
from app.models.directory import Office
from app.storage.db import create_db_engine
from tests.calls.conftest import FROM_NUMBER, LiveApp
from tests.calls.test_click_to_call import call_me, place
from tests.fakes.twilio_sim import TwilioSimulator


def office_phone(app: LiveApp, official_id: str) -> str:
    engine = create_db_engine(app.settings.database_url)
    with Session(engine) as session:
        query = select(Office.phone).where(Office.official_id == official_id, col(Office.phone).is_not(None))
        phone = session.exec(query).first()
        calls = session.exec(select(func.count()).select_from(CallSession)).one()
    engine.dispose()
    assert phone is not None
    assert calls == 0
    return phone


@pytest.mark.parametrize(
    ("phone", "says"),
    [
        (FROM_NUMBER, "Switchboard's own number"),
        ("W000817", "a legislator's office number"),  # Senator Warren: one of this call's targets
        ("H001096", "a legislator's office number"),  # Representative Hageman (Wyoming): not a target
        ("+1 500 555 0006", "5XX"),
        ("(533) 555-0100", "5XX"),
    ],
)
def test_numbers_that_are_not_the_callers_own_are_refused(
    live_app: LiveApp, simulator: TwilioSimulator, phone: str, says: str
) -> None:
    if not phone.startswith(("+", "(")):
        phone = office_phone(live_app, phone)
    response = call_me(live_app, phone=phone)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "phone_not_allowed"
    assert says in response.json()["detail"]
    assert simulator.calls == {}
    engine = create_db_engine(live_app.settings.database_url)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(CallSession)).one() == 0
    engine.dispose()


def test_a_constituents_own_number_is_still_called(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    call_id, _sid = place(live_app, simulator, [""])
    assert call_id
