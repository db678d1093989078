"""Domain results shaped for the JSON API (and `switchboard lookup --json`)."""

from typing import Any

from app.campaigns.targeting import Target, TargetList


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
