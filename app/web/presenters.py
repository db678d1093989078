"""Domain results shaped for the JSON API (and `switchboard lookup --json`)."""

from typing import Any

from app.calls.bridge import ACTIVE_LEG_STATUSES, FINAL_LEG_STATUSES
from app.calls.sessions import FINAL_SESSION_STATUSES, LoadedCall
from app.campaigns.targeting import Target, TargetList
from app.models import CallLeg


def target_json(target: Target) -> dict[str, Any]:
    office = target.choice.office.as_public_dict() if target.choice else None
    return {
        **target.representative.as_public_dict(),
        "office": office,
        "office_note": target.choice.note if target.choice else "No phone number is listed.",
        "script": target.script,
    }


def target_list_json(result: TargetList) -> dict[str, Any]:
    return {
        "campaign": result.campaign.slug,
        "language": result.language,
        "location": result.location.as_public_dict(),
        "targets": [target_json(t) for t in result.targets],
        "vacancies": [{"chamber": v.chamber, "message": v.message} for v in result.vacancies],
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
    current = next(
        (leg.position for leg in loaded.legs if leg.status in ("prompted", *ACTIVE_LEG_STATUSES)), None
    )
    return {
        "id": call.id,
        "campaign": call.campaign_slug,
        "mode": call.mode,
        "status": call.status,
        "error": call.error_code,
        "current_leg": current,
        "legs": [call_leg_json(leg, call_over=call.status in FINAL_SESSION_STATUSES) for leg in loaded.legs],
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
        "needs_outcome": leg.dial_call_status == "completed"
        and leg.outcome_source not in ("keypad", "web")
        and (call_over or leg.status in FINAL_LEG_STATUSES),
    }
