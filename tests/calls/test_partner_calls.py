"""A partner's calls end in its tallies however they are made: "Call me" finished by Twilio's
callbacks, and call-in by the partner's own number. A `p=` on a callback changes nothing."""

from sqlmodel import Session

from app.calls.twiml import CallUrls
from app.campaigns.partners import update_partner
from app.storage.db import create_db_engine, session_scope
from app.tallies.by_partner import PartnerTallies, partner_tallies
from tests.calls.conftest import LiveApp
from tests.calls.test_call_in import dial_in, session_for
from tests.calls.test_click_to_call import BOSTON, CALLER, call_me, placed_sid, stored
from tests.calls.test_forged_webhooks import signed
from tests.coalitions.support import SLUG, build_coalition
from tests.fakes.twilio_sim import STAY, Phone, TwilioSimulator

PARTNER_NUMBER = "+16175550177"


def by_partner(app: LiveApp) -> PartnerTallies:
    engine = create_db_engine(app.settings.database_url)
    with Session(engine) as session:
        result = partner_tallies(session, slug=SLUG)
    engine.dispose()
    return result


def test_a_bridged_call_from_a_partners_link_counts_for_it_when_twilio_finishes_it(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    coalition = build_coalition(live_app.settings.database_url)
    lookup = live_app.http.get(
        f"/api/v1/campaigns/{SLUG}/targets", params={"address": BOSTON, "p": "ally-a"}
    ).json()["lookup"]
    simulator.phones[CALLER] = Phone(actions=["1", STAY, "1", "1", STAY, "2", "1", STAY, "1"])
    response = call_me(live_app, lookup=lookup)
    assert response.status_code == 201, response.text
    call_id = response.json()["id"]
    simulator.wait(placed_sid(live_app, call_id))
    call, legs = stored(live_app, call_id)
    assert (call.partner_id, call.status) == (coalition.partner_a, "completed")
    ally_a = next(line for line in by_partner(live_app).partners if line.name == "Ally A")
    assert (ally_a.calls, ally_a.legs.calls) == (1, len(legs))
    assert ally_a.legs.outcomes["contact"] == sum(leg.outcome == "contact" for leg in legs) > 0
    assert ally_a.legs.outcomes["pending"] == 0, "callbacks moved its counts"

    # A callback naming another partner (signed, even): the partner comes from the call row.
    url = CallUrls(live_app.base_url, call_id).status() + "?p=ally-b"
    params = {"CallSid": call.call_sid or "", "CallStatus": "completed", "SequenceNumber": "99"}
    replay = live_app.http.post(url, data=params, headers={"X-Twilio-Signature": signed(url, params)})
    assert replay.status_code == 200
    after = by_partner(live_app)
    assert [(line.name, line.calls) for line in after.partners if line.calls] == [("Ally A", 1)]
    assert stored(live_app, call_id)[0].partner_id == coalition.partner_a


def test_a_call_to_a_partners_own_number_counts_for_it(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    coalition = build_coalition(live_app.settings.database_url)
    engine = create_db_engine(live_app.settings.database_url)
    with session_scope(engine) as session:
        update_partner(session, slug=SLUG, partner_id=coalition.partner_b, callin_number=PARTNER_NUMBER)
    engine.dispose()
    call = dial_in(live_app, simulator, ["02108", "1", STAY, "1", "1", STAY, "2"], to=PARTNER_NUMBER)
    assert "Thank you for calling: Stand with refugees" in " ".join(call.transcript)
    assert session_for(live_app, call).partner_id == coalition.partner_b
    ally_b = next(line for line in by_partner(live_app).partners if line.name == "Ally B")
    assert (ally_b.calls, ally_b.legs.calls, ally_b.legs.outcomes["contact"]) == (1, 2, 1)
