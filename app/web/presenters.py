"""Domain results shaped for the JSON API (and `switchboard lookup --json`)."""

from typing import Any

from app.calls.call_records import LoadedCall
from app.campaigns.lookups import RepresentativeList
from app.campaigns.seats import EmptySeat
from app.campaigns.targeting import Target, TargetList
from app.civic.directory import OfficeChoice, Representative
from app.civic.legislative_districts import districts_at
from app.civic.location import Location
from app.models import CallLeg
from app.vocabulary import FINAL_CALL_STATUSES, LegStatus


def _with_office(rep: Representative, choice: OfficeChoice | None) -> dict[str, Any]:
    return {
        **rep.as_public_dict(),
        "office": choice.office.as_public_dict() if choice else None,
        "office_note": choice.note if choice else "No phone number is listed.",
    }


def target_json(target: Target) -> dict[str, Any]:
    return {**_with_office(target.representative, target.choice), "script": target.script}


def representative_list_json(result: RepresentativeList) -> dict[str, Any]:
    return {
        "location": location_json(result.location),
        "representatives": [
            {**_with_office(rep, choice), "offices": [o.as_public_dict() for o in rep.offices]}
            for rep, choice in result.representatives
        ],
        "vacancies": [_vacancy_json(v) for v in result.vacancies],
    }


def location_json(location: Location) -> dict[str, Any]:
    """The location, with its state legislative districts as the directory names them."""
    return {
        **location.as_public_dict(),
        "state_legislative_districts": [
            {"chamber": d.chamber, "name": d.name, "division_id": d.division_id, "seats": d.seats}
            for d in districts_at(location.division_ids)
        ],
    }


def _vacancy_json(vacancy: EmptySeat) -> dict[str, str]:
    return {"chamber": vacancy.chamber, "message": vacancy.message}


def target_list_json(result: TargetList) -> dict[str, Any]:
    return {
        "campaign": result.campaign.slug,
        "language": result.language,
        "location": location_json(result.location),
        "targets": [target_json(t) for t in result.targets],
        "vacancies": [_vacancy_json(v) for v in result.vacancies],
        "notes": result.notes,
    }


def campaign_summary_json(campaign: Any) -> dict[str, Any]:
    return {
        "slug": campaign.slug,
        "title": campaign.title,
        "status": campaign.status,
        "chambers": list(campaign.targets.chambers),
        "states": list(campaign.targets.states),
        "languages": list(campaign.scripts),
        "default_language": campaign.default_language,
        "call_modes": list(campaign.call_modes),
        "goal": campaign.goal,
    }


def call_json(loaded: LoadedCall) -> dict[str, Any]:
    """A call as the page following it sees it: no phone numbers, no address."""
    call = loaded.call
    current = next((leg.position for leg in loaded.legs if _is_current(LegStatus(leg.status))), None)
    return {
        "id": call.id,
        "campaign": call.campaign_slug,
        "mode": call.mode,
        "status": call.status,
        "error": call.error_code,
        "current_leg": current,
        "legs": [call_leg_json(leg, call_over=call.status in FINAL_CALL_STATUSES) for leg in loaded.legs],
    }


def call_leg_json(leg: CallLeg, *, call_over: bool = False) -> dict[str, Any]:
    return {
        "position": leg.position,
        "target_id": leg.target_id,
        "name": leg.name,
        "title": leg.title,
        "chamber": leg.chamber,
        "status": leg.status,
        "dial_status": leg.dial_call_status,
        "duration": leg.duration_seconds,
        "outcome": leg.outcome,
        "outcome_source": leg.outcome_source,
        # Ask the page for the outcome of a conversation the keypad survey did not cover.
        "needs_outcome": leg.dial_call_status == LegStatus.COMPLETED
        and leg.outcome_source not in ("keypad", "web")
        and (call_over or LegStatus(leg.status).is_final),
    }


def _is_current(status: LegStatus) -> bool:
    """The leg the call is at: its prompt is playing, or its office is being dialed or is on."""
    return status is LegStatus.PROMPTED or status.is_active
